import SmolDatasets
import SmolModels
import SmolTensor

/// Causal language modelling on packed windows: mean next-token cross-entropy over every position.
public final class PretrainingObjective: TrainingObjective {
    public let model: LanguageModel
    public let corpus: PackedCorpus
    /// Shuffled batches of window indices (a pure function of (seed, epoch)).
    public let plan: BatchPlan

    /// Batches of `batchSize` windows, shuffled by `seed`; a short last batch is dropped so every step
    /// sees `batchSize × length` tokens.
    public init(model: LanguageModel, corpus: PackedCorpus, batchSize: Int, seed: UInt64) throws {
        guard corpus.length >= 2, corpus.length <= model.config.maxPositionEmbeddings else {
            throw TrainingError.invalid("seq_len is \(corpus.length); give 2…\(model.config.maxPositionEmbeddings) (the model's max_position_embeddings)")
        }
        guard corpus.windowCount >= batchSize else {
            throw TrainingError.invalid("the corpus packs into \(corpus.windowCount) windows of \(corpus.length) tokens, fewer than one batch of \(batchSize); give more text or a smaller batch_size or seq_len")
        }
        self.model = model
        self.corpus = corpus
        plan = BatchPlan(lengths: Array(repeating: corpus.length, count: corpus.windowCount), batchSize: batchSize,
                         seed: seed, dropLast: true)
    }

    public var parameters: [(name: String, tensor: Tensor)] { model.parameters }

    public func nextBatch(_ cursor: inout BatchPlan.Cursor) -> [[Int]] {
        [plan.next(&cursor) ?? []]
    }

    /// ids: [B·T] -> mean cross-entropy over B·T targets, divided by the micro-batch count.
    public func forward(_ tape: Tape, _ windows: [Int], of count: Int) -> ObjectiveOutput {
        let t = corpus.length, b = windows.count
        var ids: [Int] = [], targets: [Int] = []
        ids.reserveCapacity(b * t)
        targets.reserveCapacity(b * t)
        for w in windows {
            let window = corpus.window(w)
            ids.append(contentsOf: window.ids.map(Int.init))
            targets.append(contentsOf: window.targets.map(Int.init))
        }
        // The loss is scaled by 1 / count below (that is the gradient the mean receives).
        let mean = tape.crossEntropy(model.logits(tape, ids: ids, batch: b, length: t), targets: targets,
                                     expectedGradient: count == 1 ? 1 : 1 / Float(count))   // [1]
        let value = Double(mean.values[0])
        return ObjectiveOutput(loss: count == 1 ? mean : tape.scale(mean, by: 1 / Float(count)),
                               tally: StepTally(lossSum: value * Double(b * t), lossCount: Double(b * t),
                                                supervisedTokens: b * t, realTokens: b * t, examples: b))
    }
}
