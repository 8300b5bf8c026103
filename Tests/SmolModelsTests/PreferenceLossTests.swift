import Foundation
import SmolFormats
import SmolKernels
import SmolModels
import SmolTensor
import Testing

/// The DPO quantities of fixtures/README.md: per-sequence log-probs, the sigmoid loss (β 0.1, sums) and
/// Tulu 3's length-normalised loss (β 5, averages) with its gradient.
@Suite struct PreferenceLossTests {
    struct Batch {
        let chosen, rejected: [Int]
        let chosenMask, rejectedMask: [Float]
        let length: Int
    }

    static func batch(_ model: String) throws -> Batch {
        let f = try Fixtures.tensors(model + "/dpo_inputs.safetensors")
        let chosen = try Fixtures.ints(f, "chosen"), rejected = try Fixtures.ints(f, "rejected")
        let mask = try Fixtures.floats(f, "loss_mask")
        let length = try #require(f["chosen"]).shape[1]
        // One mask for both (they share the prompt); accept a [2, B, T] mask too.
        let chosenMask = Array(mask.prefix(chosen.count))
        let rejectedMask = mask.count == 2 * chosen.count ? Array(mask.suffix(chosen.count)) : chosenMask
        return Batch(chosen: chosen, rejected: rejected, chosenMask: chosenMask, rejectedMask: rejectedMask, length: length)
    }

    @Test(arguments: LanguageModelTests.models)
    func logProbabilitiesLossesAndNormalisedGradient(model: String) throws {
        let policy = try LanguageModel.load(path: try Fixtures.path(model))
        let reference = try LanguageModel.load(path: try Fixtures.path(model + "/reference"))
        let golden = try #require(try Fixtures.json(model + "/golden.json")["dpo"] as? [String: Any])
        func expected(_ key: String) throws -> [Float] { try #require(golden[key] as? [Double]).map(Float.init) }
        let data = try Self.batch(model)
        let batch = data.chosen.count / data.length

        let frozen = Tape(recording: false)
        let rc = reference.sequenceLogProbabilities(frozen, ids: data.chosen, mask: data.chosenMask, batch: batch, length: data.length)
        let rr = reference.sequenceLogProbabilities(frozen, ids: data.rejected, mask: data.rejectedMask, batch: batch, length: data.length)
        let tape = Tape(engine: EngineOptions(threads: 2))
        let pc = policy.sequenceLogProbabilities(tape, ids: data.chosen, mask: data.chosenMask, batch: batch, length: data.length)
        let pr = policy.sequenceLogProbabilities(tape, ids: data.rejected, mask: data.rejectedMask, batch: batch, length: data.length)

        #expect(maxAbsDifference(pc.sum.values, try expected("policy_chosen_sum")) < 1e-3)
        #expect(maxAbsDifference(pr.sum.values, try expected("policy_rejected_sum")) < 1e-3)
        #expect(maxAbsDifference(pc.mean.values, try expected("policy_chosen_avg")) < 1e-4)
        #expect(maxAbsDifference(pr.mean.values, try expected("policy_rejected_avg")) < 1e-4)
        #expect(maxAbsDifference(rc.sum.values, try expected("reference_chosen_sum")) < 1e-3)
        #expect(maxAbsDifference(rr.sum.values, try expected("reference_rejected_sum")) < 1e-3)
        #expect(maxAbsDifference(rc.mean.values, try expected("reference_chosen_avg")) < 1e-4)
        #expect(maxAbsDifference(rr.mean.values, try expected("reference_rejected_avg")) < 1e-4)

        let sigmoid = PreferenceLoss.dpo(Tape(recording: false), policyChosen: pc.sum, policyRejected: pr.sum,
                                   referenceChosen: rc.sum.values, referenceRejected: rr.sum.values, beta: 0.1)
        let expectedSigmoid = try #require(golden["loss_dpo_sigmoid"] as? Double)
        #expect(abs(Double(sigmoid.values[0]) - expectedSigmoid) < 1e-4)

        let normalised = PreferenceLoss.dpo(tape, policyChosen: pc.mean, policyRejected: pr.mean,
                                      referenceChosen: rc.mean.values, referenceRejected: rr.mean.values, beta: 5)
        let expectedNorm = try #require(golden["loss_dpo_norm"] as? Double)
        #expect(abs(Double(normalised.values[0]) - expectedNorm) < 1e-4)
        tape.backward(from: normalised)
        let grads = try Fixtures.tensors(model + "/golden_dpo_norm_grads.safetensors")
        for (name, tensor) in policy.parameters {
            let error = relativeToLargest(tensor.gradient, try Fixtures.floats(grads, name))
            #expect(error < 1e-3, "dpo_norm gradient of \(name) differs by \(error)")
        }
    }
}
