import Foundation
import SmolTestSupport
import SmolKernels
import SmolModels
import Testing

@Suite struct ScoringTests {
    /// The lm-evaluation-harness style log-likelihoods of fixtures/tiny-llama-a/mcq_loglik_golden.json,
    /// with smol's kernels and with the OpenBLAS cross-check backend.
    @Test(arguments: [MatrixBackend.smol, .openblas])
    func multipleChoiceLogLikelihoodsMatchTransformers(backend: MatrixBackend) throws {
        let m = try LanguageModel.load(path: try GoldenFixtures.path("tiny-llama-a"))
        let items = try #require(try GoldenFixtures.json("tiny-llama-a/mcq_loglik_golden.json")["items"] as? [[String: Any]])
        var checked = 0
        for item in items {
            for method in ["symbol", "cloze", "hybrid"] {
                for record in item[method] as? [[String: Any]] ?? [] {
                    let context = try #require(record["context_ids"] as? [Int])
                    let continuation = try #require(record["continuation_ids"] as? [Int])
                    let scores = m.logProbabilities([context + continuation], engine: EngineOptions(threads: 2, backend: backend))[0]
                    let result = scores.continuation(lastTokens: continuation.count)
                    #expect(abs(result.logLikelihood - (record["loglik"] as? Double ?? .nan)) < 1e-3)
                    #expect(result.isGreedy == (record["is_greedy"] as? Bool))
                    checked += 1
                }
            }
        }
        #expect(checked > 0)
    }

    @Test func batchedScoringEqualsOneAtATime() throws {
        let m = try LanguageModel.load(path: try GoldenFixtures.path("tiny-llama-a"))
        let sequences = [[1, 2, 3, 4, 5], [9, 8], [7], [100, 200, 300]]
        let together = m.logProbabilities(sequences, engine: EngineOptions(threads: 2))
        for (i, s) in sequences.enumerated() {
            // Padding changes matrix shapes, so equality is to rounding, not to the bit.
            let alone = m.logProbabilities([s])[0]
            #expect(maxAbsDifference(together[i].logProbabilities, alone.logProbabilities) < 1e-5)
            #expect(together[i].isGreedy == alone.isGreedy && together[i].logProbabilities.count == s.count - 1)
        }
        #expect(together[2].logProbabilities.isEmpty)
    }
}
