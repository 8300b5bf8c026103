import SmolDatasets
import SmolModels
import SmolTensor

/// Direct preference optimisation against cached reference log-probs: chosen and rejected of each
/// pair are scored in one forward (rows interleaved), and the loss is `PreferenceLoss`.
/// Logged per step: the loss, rewards/chosen and rewards/rejected (β(π − π_ref)), rewards/accuracy
/// (chosen reward > rejected reward) and rewards/margin — as open-instruct and TRL log them.
public final class DPOObjective: TrainingObjective {
    public let model: LanguageModel
    public let pairs: PreferencePairs
    public let reference: ReferenceLogProbabilities
    public let loss: PreferenceLoss.Kind
    public let beta: Float
    public let labelSmoothing: Float
    public let plan: BatchPlan
    public let microBatchSize: Int
    public let padID: Int

    public init(model: LanguageModel, pairs: PreferencePairs, reference: ReferenceLogProbabilities, loss: PreferenceLoss.Kind,
                beta: Double, labelSmoothing: Double, batchSize: Int, microBatchSize: Int, padID: Int, seed: UInt64) throws {
        guard pairs.count > 0 else { throw TrainingError.invalid("no preference pair has a scored response token; check the data and max_length") }
        guard reference.chosen.count == pairs.count, reference.rejected.count == pairs.count,
              reference.averaged == loss.usesAveragedLogProbabilities else {
            throw TrainingError.invalid("the reference log-probs do not belong to these pairs and this loss")
        }
        guard beta > 0, beta.isFinite else { throw TrainingError.invalid("beta is \(beta); give a positive number") }
        guard labelSmoothing >= 0, labelSmoothing < 0.5 else { throw TrainingError.invalid("label_smoothing is \(labelSmoothing); give 0 ≤ ε < 0.5") }
        try BatchPlan.checkMicroBatch(microBatchSize, of: batchSize)
        self.model = model
        self.pairs = pairs
        self.reference = reference
        self.loss = loss
        self.beta = Float(beta)
        self.labelSmoothing = Float(labelSmoothing)
        self.microBatchSize = microBatchSize
        self.padID = padID
        plan = Self.plan(pairs, batchSize: batchSize, seed: seed)
    }

    /// The order of the pairs: by seed, not grouped by length (open-instruct keeps the data order).
    public static func plan(_ pairs: PreferencePairs, batchSize: Int, seed: UInt64) -> BatchPlan {
        BatchPlan(lengths: (0..<pairs.count).map { pairs.chosen.ids[$0].count + pairs.rejected.ids[$0].count },
                  batchSize: batchSize, seed: seed)
    }

    public var parameters: [(name: String, tensor: Tensor)] { model.parameters }

    /// Micro-batches are padded to their own longest sequence.
    public var hasVariableShapes: Bool { true }

    public func nextBatch(_ cursor: inout BatchPlan.Cursor) -> [[Int]] {
        plan.next(&cursor, inMicroBatchesOf: microBatchSize)
    }

    /// The policy's log-probs of the pairs, one forward over the interleaved rows.   -> [2B]
    public func policyLogProbabilities(_ tape: Tape, _ indices: [Int]) -> Tensor {
        let (ids, mask, t) = pairs.interleaved(indices, padID: padID)
        let scores = model.sequenceLogProbabilities(tape, ids: ids, mask: mask, batch: 2 * indices.count, length: t)
        return loss.usesAveragedLogProbabilities ? scores.mean : scores.sum
    }

    public func forward(_ tape: Tape, _ indices: [Int], of count: Int) -> ObjectiveOutput {
        let b = indices.count
        let logps = policyLogProbabilities(tape, indices)                                                    // [2B]
        // π_c − π_r per pair: rows (2i, 2i+1) of the interleaved batch.
        let policyDifference = tape.weightedRowSum(tape.reshape(logps, to: [b, 2]),
                                                   weights: Array(repeating: [1, -1] as [Float], count: b).flatMap { $0 })   // [B]
        let referenceDifference = indices.map { reference.chosen[$0] - reference.rejected[$0] }
        let margins = tape.sub(policyDifference, Tensor(shape: [b], values: referenceDifference))           // [B]
        let mean = PreferenceLoss.loss(tape, kind: loss, margins: margins, beta: beta, labelSmoothing: labelSmoothing)   // [1]

        let values = logps.values
        var chosenReward = 0.0, rejectedReward = 0.0, accurate = 0.0, margin = 0.0
        for (k, i) in indices.enumerated() {
            let c = Double(beta) * Double(values[2 * k] - reference.chosen[i])
            let r = Double(beta) * Double(values[2 * k + 1] - reference.rejected[i])
            chosenReward += c
            rejectedReward += r
            accurate += c > r ? 1 : 0
            margin += c - r
        }
        let value = Double(mean.values[0])
        return ObjectiveOutput(
            loss: count == 1 ? mean : tape.scale(mean, by: 1 / Float(count)),
            tally: StepTally(lossSum: value * Double(b), lossCount: Double(b), supervisedTokens: pairs.scoredTokens(indices),
                             realTokens: pairs.realTokens(indices), examples: b,
                             sums: [("rewards/chosen", chosenReward), ("rewards/rejected", rejectedReward),
                                    ("rewards/accuracy", accurate), ("rewards/margin", margin)]))
    }
}
