import SmolDatasets
import SmolKernels
import SmolModels
import SmolTensor

/// Bradley–Terry reward modelling: −log σ(r(chosen) − r(rejected)) averaged over pairs, chosen and
/// rejected scored in one forward (rows interleaved, as in DPO). Logged: rewards/chosen,
/// rewards/rejected, rewards/accuracy and rewards/margin.
public final class RewardObjective: TrainingObjective {
    public let model: RewardModel
    public let pairs: PreferencePairs
    public let plan: BatchPlan
    public let microBatchSize: Int

    public init(model: RewardModel, pairs: PreferencePairs, batchSize: Int, microBatchSize: Int, seed: UInt64) throws {
        guard pairs.count > 0 else { throw TrainingError.invalid("no preference pair has a scored response token; check the data and max_length") }
        try BatchPlan.checkMicroBatch(microBatchSize, of: batchSize)
        self.model = model
        self.pairs = pairs
        self.microBatchSize = microBatchSize
        plan = BatchPlan(lengths: (0..<pairs.count).map { pairs.chosen.ids[$0].count + pairs.rejected.ids[$0].count },
                         batchSize: batchSize, seed: seed)
    }

    public var parameters: [(name: String, tensor: Tensor)] { model.parameters }

    /// Micro-batches are padded to their own longest sequence.
    public var hasVariableShapes: Bool { true }

    public func nextBatch(_ cursor: inout BatchPlan.Cursor) -> [[Int]] {
        plan.next(&cursor, inMicroBatchesOf: microBatchSize)
    }

    public func forward(_ tape: Tape, _ indices: [Int], of count: Int) -> ObjectiveOutput {
        let b = indices.count
        let (ids, _, t) = pairs.interleaved(indices, padID: model.padTokenID)
        let rewards = model.rewards(tape, ids: ids, batch: 2 * b, length: t)                                  // [2B]
        let margins = tape.weightedRowSum(tape.reshape(rewards, to: [b, 2]),
                                          weights: Array(repeating: [1, -1] as [Float], count: b).flatMap { $0 })   // [B]
        let mean = tape.scale(tape.mean(tape.logSigmoid(margins)), by: -1)                                   // [1]
        let r = rewards.values
        var chosen = 0.0, rejected = 0.0, accurate = 0.0
        for k in 0..<b {
            chosen += Double(r[2 * k])
            rejected += Double(r[2 * k + 1])
            accurate += r[2 * k] > r[2 * k + 1] ? 1 : 0
        }
        let value = Double(mean.values[0])
        return ObjectiveOutput(
            loss: count == 1 ? mean : tape.scale(mean, by: 1 / Float(count)),
            tally: StepTally(lossSum: value * Double(b), lossCount: Double(b), supervisedTokens: 2 * b,
                             realTokens: pairs.realTokens(indices), examples: b,
                             sums: [("rewards/chosen", chosen), ("rewards/rejected", rejected),
                                    ("rewards/accuracy", accurate), ("rewards/margin", chosen - rejected)]))
    }
}
