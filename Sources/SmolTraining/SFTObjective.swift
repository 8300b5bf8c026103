import SmolDatasets
import SmolModels
import SmolTensor

/// How per-token losses combine within a micro-batch (open-instruct's `--reduce_loss`).
public enum LossReduction: String, Codable, Sendable, CaseIterable {
    /// Σ over supervised tokens (Tulu 3): every token weighs the same, however the tokens fall into
    /// examples and micro-batches.
    case sum
    /// Mean over the micro-batch's supervised tokens (HF's default).
    case mean
}

/// Supervised fine-tuning as open-instruct runs it: loss on assistant tokens only, right-padded
/// micro-batches of length-grouped batches, gradients accumulated over the micro-batches of an
/// optimiser step. As with `accelerator.backward`, each micro-batch's loss is divided by the number
/// of micro-batches, so with `sum` the step's gradient is Σ over its tokens / accumulation steps.
public final class SFTObjective: TrainingObjective {
    public let model: LanguageModel
    public let examples: SupervisedExamples
    /// Sequences per optimiser step, shuffled by seed and grouped by length.
    public let plan: BatchPlan
    public let microBatchSize: Int
    public let reduction: LossReduction
    /// The id written into padding slots (never scored).
    public let padID: Int

    public init(model: LanguageModel, examples: SupervisedExamples, batchSize: Int, microBatchSize: Int,
                reduction: LossReduction, padID: Int, seed: UInt64) throws {
        guard examples.count > 0 else { throw TrainingError.invalid("no example has a supervised (assistant) token; check the data and max_length") }
        try BatchPlan.checkMicroBatch(microBatchSize, of: batchSize)
        let longest = examples.ids.map(\.count).max() ?? 0
        guard longest <= model.config.maxPositionEmbeddings else {
            throw TrainingError.invalid("an example has \(longest) tokens but the model has \(model.config.maxPositionEmbeddings) positions; lower max_length")
        }
        self.model = model
        self.examples = examples
        self.microBatchSize = microBatchSize
        self.reduction = reduction
        self.padID = padID
        plan = BatchPlan(sequences: examples.ids, batchSize: batchSize, seed: seed, groupByLength: true)
    }

    public var parameters: [(name: String, tensor: Tensor)] { model.parameters }

    /// Micro-batches are padded to their own longest sequence.
    public var hasVariableShapes: Bool { true }

    public func nextBatch(_ cursor: inout BatchPlan.Cursor) -> [[Int]] {
        plan.next(&cursor, inMicroBatchesOf: microBatchSize)
    }

    /// The micro-batch right-padded to its longest example.   -> ids, labels: [B·T]
    public func padded(_ indices: [Int]) -> (ids: [Int], labels: [Int], length: Int) {
        let t = indices.map { examples.ids[$0].count }.max() ?? 0
        var ids: [Int] = [], labels: [Int] = []
        for i in indices {
            let n = examples.ids[i].count
            ids += examples.ids[i] + Array(repeating: padID, count: t - n)
            labels += examples.labels[i] + Array(repeating: SupervisedExamples.ignoreLabel, count: t - n)
        }
        return (ids, labels, t)
    }

    /// Cross-entropy on the assistant tokens of the micro-batch, reduced by `reduction`, divided by `count`.
    public func forward(_ tape: Tape, _ indices: [Int], of count: Int) -> ObjectiveOutput {
        let (ids, labels, t) = padded(indices)
        let targets = LanguageModel.shiftedTargets(labels, batch: indices.count, length: t)
        let supervised = targets.filter { $0 != SupervisedExamples.ignoreLabel }.count
        let factor: Float = reduction == .sum ? Float(supervised) / Float(count) : 1 / Float(count)
        // The loss is scaled by `factor` below, so `factor` is the gradient the mean receives.
        let mean = tape.crossEntropy(model.logits(tape, ids: ids, batch: indices.count, length: t), targets: targets,
                                     expectedGradient: factor)   // [1]
        let real = indices.reduce(0) { $0 + examples.ids[$1].count }
        let value = Double(mean.values[0])
        return ObjectiveOutput(loss: tape.scale(mean, by: factor),
                               tally: StepTally(lossSum: value * Double(supervised), lossCount: Double(supervised),
                                                supervisedTokens: supervised, realTokens: real, examples: indices.count))
    }
}
