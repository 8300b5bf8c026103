import SmolDatasets
import SmolTensor

/// What pretraining, SFT, DPO and the reward model each tell the shared training loop: where the next
/// batch comes from and how a micro-batch's loss is computed. The loop (`Trainer`) does the rest —
/// backward, clipping, the optimiser step, logging and checkpoints — the same way for all of them.
public protocol TrainingObjective {
    /// One forward pass worth of data (a few padded sequences, or pairs of them).
    associatedtype MicroBatch

    /// The tensors being trained, in a fixed order: optimiser state and checkpoints are keyed by it.
    var parameters: [(name: String, tensor: Tensor)] { get }

    /// The micro-batches of the optimiser step that starts at `cursor`, advancing `cursor` past them
    /// (a pure function of the cursor, so a resumed run sees the same data).
    func nextBatch(_ cursor: inout BatchPlan.Cursor) -> [MicroBatch]

    /// Forward for one of the step's `count` micro-batches: the scalar to differentiate (already
    /// weighted so that the gradients of all `count` add up to the step's gradient) and what to log.
    func forward(_ tape: Tape, _ batch: MicroBatch, of count: Int) -> ObjectiveOutput

    /// Whether micro-batches change shape from step to step (padded to their longest sequence): then
    /// the tensor buffer pool, which recycles buffers by exact size, mostly holds sizes no later step
    /// asks for, and the trainer returns them to the system between steps (see `Trainer`).
    var hasVariableShapes: Bool { get }
}

extension TrainingObjective {
    /// Fixed shapes unless an objective says otherwise.
    public var hasVariableShapes: Bool { false }
}

/// The result of one micro-batch's forward pass.
public struct ObjectiveOutput {
    /// The scalar the tape differentiates.   [1]
    public var loss: Tensor
    /// What it contributes to the step's log.
    public var tally: StepTally

    public init(loss: Tensor, tally: StepTally) {
        self.loss = loss
        self.tally = tally
    }
}

/// Sums over a step's micro-batches, turned into the logged means by `StepTally.mean`.
public struct StepTally: Sendable, Equatable {
    /// Σ of per-unit losses (per token for language modelling, per pair for DPO and the reward model).
    public var lossSum = 0.0
    /// The number of units in `lossSum`.
    public var lossCount = 0.0
    /// Tokens that carry a training signal (assistant tokens in SFT, every target in pretraining).
    public var supervisedTokens = 0
    /// Tokens that are not padding (what throughput counts).
    public var realTokens = 0
    /// Sequences or pairs.
    public var examples = 0
    /// Per-example sums of extra metrics (e.g. `rewards/chosen`), logged divided by `examples`.
    public var sums: [(name: String, value: Double)] = []

    public init(lossSum: Double = 0, lossCount: Double = 0, supervisedTokens: Int = 0, realTokens: Int = 0,
                examples: Int = 0, sums: [(name: String, value: Double)] = []) {
        self.lossSum = lossSum
        self.lossCount = lossCount
        self.supervisedTokens = supervisedTokens
        self.realTokens = realTokens
        self.examples = examples
        self.sums = sums
    }

    /// Adds another micro-batch's tally (extra metrics matched by name, in first-seen order).
    public mutating func add(_ other: StepTally) {
        lossSum += other.lossSum
        lossCount += other.lossCount
        supervisedTokens += other.supervisedTokens
        realTokens += other.realTokens
        examples += other.examples
        for (name, value) in other.sums {
            if let i = sums.firstIndex(where: { $0.name == name }) { sums[i].value += value } else { sums.append((name, value)) }
        }
    }

    /// The mean loss per unit (0 when there were none).
    public var meanLoss: Double { lossCount > 0 ? lossSum / lossCount : 0 }

    public static func == (a: StepTally, b: StepTally) -> Bool {
        a.lossSum == b.lossSum && a.lossCount == b.lossCount && a.supervisedTokens == b.supervisedTokens
            && a.realTokens == b.realTokens && a.examples == b.examples
            && a.sums.map(\.name) == b.sums.map(\.name) && a.sums.map(\.value) == b.sums.map(\.value)
    }
}
