import Dispatch
import SmolDatasets
import SmolKernels
import SmolTensor

/// What the loop reports after each finished step.
public struct StepReport: Sendable {
    /// 1-based step number, and the run's total.
    public var step: Int
    public var totalSteps: Int
    /// Deterministic metrics: loss, lr, grad_norm, tokens, real_tokens and the objective's own.
    public var logged: LoggedStep
    /// Wall time of the step and real (non-padding) tokens per second — never stored in checkpoints.
    public var seconds: Double
    public var tokensPerSecond: Double
    /// Whether a checkpoint was written after this step.
    public var checkpointed: Bool
}

/// Where checkpoints go and which run they belong to.
public struct CheckpointPolicy: Sendable {
    public var store: CheckpointStore
    /// The run's identity (the command's cache key): a checkpoint of another run is never resumed.
    public var identity: String
    /// Opaque text stored with every checkpoint so the run can be redone by hand (`train.resume`).
    public var run: String

    public init(store: CheckpointStore, identity: String, run: String = "") {
        self.store = store
        self.identity = identity
        self.run = run
    }
}

/// The training loop shared by every objective, in the order llm.c's reads:
/// next batch → forward → backward → (check) → clip → step → log → checkpoint.
///
/// Invariants:
/// 1. A step's gradient is the sum over its micro-batches, in order, each on its own tape; so with
///    smol's kernels every step — and the whole run — is bit-identical for any thread count.
/// 2. Nothing is updated, logged or checkpointed for a step whose loss or gradients are not finite.
/// 3. Memory: with variable shapes (`hasVariableShapes`), tensor buffers cached for reuse beyond
///    `variableShapePoolBytes` are returned to the system after each step — they are mostly sizes no
///    later step asks for, and would otherwise pile up to the pool's limit on top of the live step.
/// 4. A checkpoint is only written between steps (`CheckpointStore` invariant 2), after every
///    `checkpointEvery` steps and when cancelled; resuming from it continues the same sequence of steps.
public final class Trainer<Objective: TrainingObjective> {
    public let objective: Objective
    public let settings: TrainingSettings
    public let engine: EngineOptions
    /// Where the run stands (restored from a checkpoint by `resume`).
    public private(set) var state = TrainingState()
    let optimizer: AdamW

    public init(objective: Objective, settings: TrainingSettings, engine: EngineOptions) throws {
        try settings.validate()
        self.objective = objective
        self.settings = settings
        self.engine = engine
        // Norms and biases never decay (open-instruct's `no_decay` groups).
        optimizer = AdamW(parameters: objective.parameters, settings: settings.adamW, decay: AdamW.decayExcludingNormsAndBiases,
                          threads: engine.threads)
    }

    /// Restores weights, AdamW, the step, the cursor and the log from `checkpoint` (invariant 4).
    public func resume(from checkpoint: TrainingCheckpoint, path: String) throws {
        let parameters = objective.parameters
        guard checkpoint.settings == settings else {
            throw TrainingError.checkpoint(path: path, "was written with other settings; remove it to start again")
        }
        guard checkpoint.parameters.map(\.name) == parameters.map(\.name),
              zip(checkpoint.parameters, parameters).allSatisfy({ $0.values.count == $1.tensor.count }) else {
            throw TrainingError.checkpoint(path: path, "holds other tensors than the model being trained")
        }
        for (stored, entry) in zip(checkpoint.parameters, parameters) { entry.tensor.copyValues(from: stored.values) }
        var moments = optimizer.state
        moments.stepCount = checkpoint.optimizerSteps
        moments.firstMoments = checkpoint.firstMoments
        moments.secondMoments = checkpoint.secondMoments
        optimizer.state = moments
        state = checkpoint.state
    }

    /// Runs the remaining steps. `isCancelled` is polled before each step; when it is true, a
    /// checkpoint of the last finished step is written (if checkpoints are on) and `cancelled` thrown.
    public func run(checkpoints: CheckpointPolicy? = nil, isCancelled: () -> Bool = { false },
                    onStep: (StepReport) throws -> Void = { _ in }) throws {
        let parameters = objective.parameters
        let tensors = parameters.map(\.tensor)
        while state.step < settings.totalSteps {
            if isCancelled() {
                if let checkpoints { try save(checkpoints) }
                throw TrainingError.cancelled(step: state.step, checkpoint: checkpoints?.store.path)
            }
            let started = DispatchTime.now().uptimeNanoseconds
            let step = state.step + 1
            let lr = settings.learningRate(at: state.step)

            // Next batch → forward → backward, once per micro-batch (gradients accumulate).
            var cursor = state.cursor
            let microBatches = objective.nextBatch(&cursor)
            var tally = StepTally()
            for batch in microBatches {
                let tape = Tape(engine: engine)
                let output = objective.forward(tape, batch, of: microBatches.count)
                tape.backward(from: output.loss)
                tally.add(output.tally)
            }

            // Stop before anything changes when the loss or a gradient is not finite (invariant 2).
            let norm = Gradients.globalNorm(tensors)
            if !norm.isFinite || !tally.meanLoss.isFinite {
                let first = parameters.first { entry in
                    guard let g = entry.tensor.grad else { return false }
                    return (0..<entry.tensor.count).contains { !g[$0].isFinite }
                }
                optimizer.zeroGradients()
                throw TrainingError.nonFinite(step: step, parameter: first?.name, loss: tally.meanLoss)
            }

            // Clip → step.
            if settings.maxGradNorm > 0 { Gradients.clip(tensors, maxNorm: settings.maxGradNorm) }
            optimizer.step(learningRate: Float(lr))
            optimizer.zeroGradients()

            // Log.
            var metrics: [(String, Double)] = [("loss", tally.meanLoss), ("lr", lr), ("grad_norm", norm),
                                               ("tokens", Double(tally.supervisedTokens)), ("real_tokens", Double(tally.realTokens))]
            for (name, sum) in tally.sums { metrics.append((name, tally.examples > 0 ? sum / Double(tally.examples) : 0)) }
            let logged = LoggedStep(step: step, metrics: metrics)
            state.step = step
            state.cursor = cursor
            state.optimizerSteps = optimizer.stepCount
            state.history.append(logged)

            if objective.hasVariableShapes && TensorMemory.cachedBytes > Self.variableShapePoolBytes { TensorMemory.releaseCached() }

            // Checkpoint (invariant 4).
            var checkpointed = false
            if let checkpoints, settings.checkpointEvery > 0, step % settings.checkpointEvery == 0, step < settings.totalSteps {
                try save(checkpoints)
                checkpointed = true
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) * 1e-9
            try onStep(StepReport(step: step, totalSteps: settings.totalSteps, logged: logged, seconds: seconds,
                                  tokensPerSecond: seconds > 0 ? Double(tally.realTokens) / seconds : 0, checkpointed: checkpointed))
        }
    }

    /// Cached tensor memory kept between steps of variable shape (invariant 3).
    public static var variableShapePoolBytes: Int { 128 << 20 }

    /// Writes the current state as the run's checkpoint.
    public func save(_ policy: CheckpointPolicy) throws {
        try policy.store.save(identity: policy.identity, state: state, settings: settings,
                              parameters: objective.parameters, optimizer: optimizer.state, run: policy.run)
    }
}
