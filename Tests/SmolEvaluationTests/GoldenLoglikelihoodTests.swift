import Foundation
import SmolEvaluation
import SmolKernels
import SmolModels
import Testing

/// The multiple-choice log-likelihoods of Tests/Fixtures/tiny-llama-a/mcq_loglik_golden.json (made by
/// transformers the lm-evaluation-harness way) through smol's prompts, encoding and shared-context scoring.
@Suite struct GoldenLoglikelihoodTests {
    @Test func promptsEncodingAndLogLikelihoodsMatchTheGolden() throws {
        let golden = try #require(try Fixtures.json("tiny-llama-a/mcq_loglik_golden.json")["items"] as? [[String: Any]])
        let scorer = try Fixtures.scorer()
        let style = PromptStyle(format: .study, description: false)
        var checked = 0
        for (i, entry) in golden.enumerated() {
            let item = MCQItem(id: "golden-\(i)", question: try #require(entry["question"] as? String),
                               choices: try #require(entry["choices"] as? [String]), answer: try #require(entry["answer"] as? Int))
            let presented = PresentedItem(item, style: style)
            let prompts = try #require(entry["prompts"] as? [String: String])
            #expect(MCQPrompt.context(.symbol, presented, shots: []) == prompts["symbol"])
            #expect(MCQPrompt.context(.cloze, presented, shots: []) == prompts["cloze"])
            for (kind, key) in [(RequestKind.symbol, "symbol"), (.cloze, "cloze"), (.hybrid, "hybrid")] {
                let records = try #require(entry[key] as? [[String: Any]])
                let requests = item.choices.indices.map {
                    LoglikelihoodRequest(context: MCQPrompt.context(kind, presented, shots: []),
                                         continuation: MCQPrompt.continuation(kind, presented, slot: $0))
                }
                let results = try scorer.score(requests)
                for (slot, record) in records.enumerated() {
                    let encoded = scorer.encode(requests[slot])
                    #expect(encoded.context == record["context_ids"] as? [Int])
                    #expect(encoded.continuation == record["continuation_ids"] as? [Int])
                    #expect(requests[slot].continuation == record["continuation"] as? String)
                    let expected = try #require(record["loglik"] as? Double)
                    #expect(abs(results[slot].logLikelihood - expected) < 1e-4, "\(key) item \(i) slot \(slot)")
                    #expect(results[slot].isGreedy == record["is_greedy"] as? Bool)
                    #expect(results[slot].tokens == record["n_tokens"] as? Int)
                    let scored = ScoredContinuation(continuation: requests[slot].continuation, logLikelihood: results[slot].logLikelihood,
                                                    isGreedy: results[slot].isGreedy, tokens: results[slot].tokens)
                    #expect(scored.chars == record["n_chars"] as? Int)
                    checked += 1
                }
            }
        }
        #expect(checked == golden.count * 12)
    }

    /// Shared-context scoring equals scoring each whole sequence, to rounding.
    @Test func sharedContextScoringEqualsWholeSequences() throws {
        let model = try Fixtures.tiny().model
        let groups = [ContinuationGroup(context: [5, 6, 7, 8, 9], continuations: [[10], [11, 12, 13], [], [14, 15]]),
                      ContinuationGroup(context: [3], continuations: [[4, 5, 6, 7]]),
                      ContinuationGroup(context: Array(20..<60), continuations: [[61, 62], [63]])]
        let shared = model.scoreContinuations(groups, engine: EngineOptions(threads: 2), rowBudget: 8)
        for (g, group) in groups.enumerated() {
            for (k, continuation) in group.continuations.enumerated() {
                #expect(shared[g][k].logProbabilities.count == continuation.count)
                guard !continuation.isEmpty else { continue }
                let whole = model.logProbabilities([group.context + continuation])[0]
                let expected = Array(whole.logProbabilities.suffix(continuation.count))
                for (a, b) in zip(shared[g][k].logProbabilities, expected) { #expect(abs(a - b) < 1e-5) }
                #expect(shared[g][k].isGreedy == Array(whole.isGreedy.suffix(continuation.count)))
            }
        }
    }

    /// lm-evaluation-harness's encoding: trailing context whitespace joins the continuation; an empty
    /// context reads the prefix token.
    @Test func trailingWhitespaceMovesAndEmptyContextsUseThePrefixToken() throws {
        let scorer = try Fixtures.scorer()
        let a = scorer.encode(LoglikelihoodRequest(context: "Answer: ", continuation: "yes"))
        let b = scorer.encode(LoglikelihoodRequest(context: "Answer:", continuation: " yes"))
        #expect(a.context == b.context && a.continuation == b.continuation)
        let u = scorer.encode(LoglikelihoodRequest(context: "", continuation: " yes"))
        #expect(u.context == [scorer.prefixToken])
        let r = try scorer.score([LoglikelihoodRequest(context: "Answer: ", continuation: "yes"),
                                  LoglikelihoodRequest(context: "Answer:", continuation: " yes")])
        #expect(r[0] == r[1])
    }

    /// Known requests come from the cache: a second run scores nothing.
    @Test func theCacheAnswersKnownRequests() throws {
        let cache = MemoryCache()
        let first = try Fixtures.scorer(cache: cache)
        let settings = MCQSettings(task: "t", format: .mmlu, conditions: [try Condition("original")], scorings: [.symbol, .pmi])
        let a = try MCQEvaluation.run(first, model: "m", items: Fixtures.items(3), pool: [], settings: settings)
        #expect(first.scoredCount == 3 * 4 * 3 && first.cachedCount == 0)
        let second = try Fixtures.scorer(cache: cache)
        var more = settings
        more.conditions.append(try Condition("fix_A"))
        let b = try MCQEvaluation.run(second, model: "m", items: Fixtures.items(3), pool: [], settings: more)
        #expect(Array(b.prefix(3)) == a)
        // fix_A changes the listed prompt, never the cloze or unconditional requests.
        #expect(second.scoredCount == 3 * 4 && second.cachedCount == 3 * 12 + 3 * 8)
    }
}
