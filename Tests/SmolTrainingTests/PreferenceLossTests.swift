import Foundation
import SmolTestSupport
import SmolDatasets
import SmolFormats
import SmolKernels
import SmolModels
import SmolTensor
import SmolTraining
import Testing

/// The DPO quantities of Tests/Fixtures/README.md against transformers: per-sequence log-probs, the
/// sigmoid loss (β 0.1, sums, with and without label smoothing 0.1), Tulu 3's length-normalised loss
/// (β 5, averages) and IPO (β 0.1, averages), each with its gradient — computed through `DPOObjective`,
/// the path `train.dpo` runs (chosen and rejected in one forward).
@Suite struct PreferenceLossTests {
    static let models = ["tiny-llama-a", "tiny-qwen2"]

    struct Batch {
        let chosen, rejected: [Int]
        let chosenMask, rejectedMask: [Float]
        let length: Int
        var pairs: Int { chosen.count / length }
    }

    static func batch(_ model: String) throws -> Batch {
        let f = try GoldenFixtures.tensors(model + "/dpo_inputs.safetensors")
        let chosen = try GoldenFixtures.ints(f, "chosen"), rejected = try GoldenFixtures.ints(f, "rejected")
        let mask = try GoldenFixtures.floats(f, "loss_mask")
        let length = try #require(f["chosen"]).shape[1]
        // One mask for both (they share the prompt); accept a [2, B, T] mask too.
        let chosenMask = Array(mask.prefix(chosen.count))
        let rejectedMask = mask.count == 2 * chosen.count ? Array(mask.suffix(chosen.count)) : chosenMask
        return Batch(chosen: chosen, rejected: rejected, chosenMask: chosenMask, rejectedMask: rejectedMask, length: length)
    }

    /// The fixture's pairs as `PreferencePairs` (labels −100 where the mask is 0).
    static func pairs(_ data: Batch) -> PreferencePairs {
        func side(_ ids: [Int], _ mask: [Float]) -> SupervisedExamples {
            let rows = (0..<data.pairs).map { b in Array(ids[b * data.length..<(b + 1) * data.length]) }
            let labels = (0..<data.pairs).map { b in
                (0..<data.length).map { t in mask[b * data.length + t] == 0 ? -100 : ids[b * data.length + t] }
            }
            return SupervisedExamples(ids: rows, labels: labels)
        }
        return PreferencePairs(chosen: side(data.chosen, data.chosenMask), rejected: side(data.rejected, data.rejectedMask))
    }

    @Test(arguments: models)
    func logProbabilitiesAgreeWithTransformers(model: String) throws {
        let policy = try LanguageModel.load(path: try GoldenFixtures.path(model))
        let reference = try LanguageModel.load(path: try GoldenFixtures.path(model + "/reference"))
        let golden = try #require(try GoldenFixtures.json(model + "/golden.json")["dpo"] as? [String: Any])
        func expected(_ key: String) throws -> [Float] { try #require(golden[key] as? [Double]).map(Float.init) }
        let pairs = Self.pairs(try Self.batch(model))
        let engine = EngineOptions(threads: 2)
        for averaged in [false, true] {
            let ref = try ReferenceLogProbabilities(model: reference, pairs: pairs, averaged: averaged, batchSize: 2, padID: 0, engine: engine)
            let pol = try ReferenceLogProbabilities(model: policy, pairs: pairs, averaged: averaged, batchSize: 1, padID: 0, engine: engine)
            let kind = averaged ? "avg" : "sum", tolerance: Float = averaged ? 1e-4 : 1e-3
            #expect(maxAbsDifference(ref.chosen, try expected("reference_chosen_\(kind)")) < tolerance)
            #expect(maxAbsDifference(ref.rejected, try expected("reference_rejected_\(kind)")) < tolerance)
            #expect(maxAbsDifference(pol.chosen, try expected("policy_chosen_\(kind)")) < tolerance)
            #expect(maxAbsDifference(pol.rejected, try expected("policy_rejected_\(kind)")) < tolerance)
        }
    }

    /// (loss, β, label smoothing, golden value key, golden gradient file)
    static let cases: [(PreferenceLoss.Kind, Double, Double, String, String?)] = [
        (.dpoNorm, 5, 0, "loss_dpo_norm", "golden_dpo_norm_grads"),
        (.ipo, 0.1, 0, "loss_ipo", "golden_ipo_grads"),
        (.sigmoid, 0.1, 0.1, "loss_dpo_sigmoid_smoothed", "golden_dpo_smoothed_grads"),
        (.sigmoid, 0.1, 0, "loss_dpo_sigmoid", nil),
    ]

    @Test(arguments: models, cases.indices)
    func lossAndGradientAgreeWithTransformers(model: String, index: Int) throws {
        let (kind, beta, smoothing, valueKey, gradients) = Self.cases[index]
        let policy = try LanguageModel.load(path: try GoldenFixtures.path(model))
        let reference = try LanguageModel.load(path: try GoldenFixtures.path(model + "/reference"))
        let golden = try #require(try GoldenFixtures.json(model + "/golden.json")["dpo"] as? [String: Any])
        let pairs = Self.pairs(try Self.batch(model))
        let engine = EngineOptions(threads: 2)
        let cached = try ReferenceLogProbabilities(model: reference, pairs: pairs, averaged: kind.usesAveragedLogProbabilities,
                                                   batchSize: pairs.count, padID: 0, engine: engine)
        let objective = try DPOObjective(model: policy, pairs: pairs, reference: cached, loss: kind, beta: beta,
                                         labelSmoothing: smoothing, batchSize: pairs.count, microBatchSize: pairs.count,
                                         padID: 0, seed: 0)
        let tape = Tape(engine: engine)
        let output = objective.forward(tape, Array(0..<pairs.count), of: 1)
        let expected = try #require(golden[valueKey] as? Double)
        #expect(abs(Double(output.loss.values[0]) - expected) < 1e-4, "\(valueKey): \(output.loss.values[0]) vs \(expected)")
        guard let gradients else { return }
        tape.backward(from: output.loss)
        let grads = try GoldenFixtures.tensors(model + "/\(gradients).safetensors")
        for (name, tensor) in policy.parameters {
            let error = relativeToLargest(tensor.gradient, try GoldenFixtures.floats(grads, name))
            #expect(error < 1e-3, "\(valueKey) gradient of \(name) differs by \(error)")
        }
    }

    /// Rewards, accuracy and margin follow open-instruct's definitions: β(π − π_ref) per side.
    @Test func loggedRewardsAreBetaTimesLogRatios() throws {
        let model = "tiny-llama-a"
        let policy = try LanguageModel.load(path: try GoldenFixtures.path(model))
        let reference = try LanguageModel.load(path: try GoldenFixtures.path(model + "/reference"))
        let golden = try #require(try GoldenFixtures.json(model + "/golden.json")["dpo"] as? [String: Any])
        func g(_ key: String) throws -> [Double] { try #require(golden[key] as? [Double]) }
        let pairs = Self.pairs(try Self.batch(model))
        let cached = try ReferenceLogProbabilities(model: reference, pairs: pairs, averaged: true, batchSize: 2, padID: 0,
                                                   engine: EngineOptions())
        let objective = try DPOObjective(model: policy, pairs: pairs, reference: cached, loss: .dpoNorm, beta: 5, labelSmoothing: 0,
                                         batchSize: pairs.count, microBatchSize: pairs.count, padID: 0, seed: 0)
        let tally = objective.forward(Tape(recording: false), Array(0..<pairs.count), of: 1).tally
        let chosen = zip(try g("policy_chosen_avg"), try g("reference_chosen_avg")).map { 5 * ($0 - $1) }
        let rejected = zip(try g("policy_rejected_avg"), try g("reference_rejected_avg")).map { 5 * ($0 - $1) }
        let sums = Dictionary(uniqueKeysWithValues: tally.sums.map { ($0.name, $0.value) })
        #expect(abs(try #require(sums["rewards/chosen"]) - chosen.reduce(0, +)) < 1e-3)
        #expect(abs(try #require(sums["rewards/rejected"]) - rejected.reduce(0, +)) < 1e-3)
        #expect(try #require(sums["rewards/accuracy"]) == Double(zip(chosen, rejected).filter { $0 > $1 }.count))
        #expect(tally.examples == pairs.count)
    }
}
