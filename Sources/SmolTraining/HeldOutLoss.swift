import SmolKernels
import SmolModels
import SmolTensor

/// Next-token loss of a model on held-out examples, without gradients: the mean over every supervised
/// token, and each example's sum and count (so a caller can group examples, e.g. by task family).
public struct HeldOutLoss: Sendable {
    /// Σ loss / Σ supervised tokens.
    public var meanLoss: Double
    /// Supervised tokens scored.
    public var tokens: Int
    /// Per example: Σ −log p over its supervised tokens, and their number.
    public var perExample: [(sum: Double, count: Int)]

    /// Scores `examples` (SFT-masked, or all tokens for plain text) `batchSize` at a time.
    public init(model: LanguageModel, examples: SupervisedExamples, batchSize: Int, padID: Int, engine: EngineOptions) {
        perExample = []
        for start in stride(from: 0, to: examples.count, by: max(1, batchSize)) {
            let rows = Array(start..<min(examples.count, start + max(1, batchSize)))
            let t = rows.map { examples.ids[$0].count }.max() ?? 0
            var ids: [Int] = [], labels: [Int] = []
            for i in rows {
                let pad = t - examples.ids[i].count
                ids += examples.ids[i] + Array(repeating: padID, count: pad)
                labels += examples.labels[i] + Array(repeating: SupervisedExamples.ignoreLabel, count: pad)
            }
            let targets = LanguageModel.shiftedTargets(labels, batch: rows.count, length: t)
            let tape = Tape(engine: engine, recording: false)
            let logps = tape.tokenLogProbabilities(model.logits(tape, ids: ids, batch: rows.count, length: t), labels: targets).values
            for (k, _) in rows.enumerated() {
                var sum = 0.0, count = 0
                for p in k * t..<(k + 1) * t where targets[p] != SupervisedExamples.ignoreLabel {
                    sum -= Double(logps[p])
                    count += 1
                }
                perExample.append((sum, count))
            }
        }
        tokens = perExample.reduce(0) { $0 + $1.count }
        meanLoss = tokens > 0 ? perExample.reduce(0.0) { $0 + $1.sum } / Double(tokens) : 0
    }
}
