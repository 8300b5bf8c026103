import SmolEvaluation
import Testing

/// Each scoring on hand-set log-likelihoods picks the expected choice.
@Suite struct ScoringMethodTests {
    /// One item: choices with texts, and (symbol, hybrid, cloze, unconditional) log-likelihoods and token counts.
    static func record(gold: Int, _ choices: [(text: String, symbol: Double, hybrid: Double, cloze: Double, unconditional: Double, tokens: Int)]) -> ItemRecord {
        ItemRecord(model: "m", task: "t", condition: "original", index: 0, itemID: "x", itemHash: "", subject: "", gold: gold,
                   choices: choices.enumerated().map { slot, c in
                       ChoiceRecord(slot: slot, label: ["A", "B", "C", "D"][slot], original: slot, text: c.text, scores: [
                           .symbol: ScoredContinuation(continuation: " " + ["A", "B", "C", "D"][slot], logLikelihood: c.symbol, isGreedy: false, tokens: 1),
                           .hybrid: ScoredContinuation(continuation: " " + c.text, logLikelihood: c.hybrid, isGreedy: false, tokens: c.tokens),
                           .cloze: ScoredContinuation(continuation: " " + c.text, logLikelihood: c.cloze, isGreedy: false, tokens: c.tokens),
                           .unconditional: ScoredContinuation(continuation: " " + c.text, logLikelihood: c.unconditional, isGreedy: false, tokens: c.tokens),
                       ])
                   })
    }

    // texts:        "ab" (2 chars, 2 bytes)  "abcdefgh" (8)   "é" (1 char, 2 bytes)   "xyzw" (4)
    // cloze ll:      -4                        -12              -3                      -6
    //   cloze (sum): best -3 → C;  per char: -2, -1.5, -3, -1.5 → B (first of the tie B, D);
    //   per byte: -2, -1.5, -1.5, -1.5 → B (first of three);  per token (tokens 2, 6, 1, 2): -2, -2, -3, -3 → A;
    //   pmi (unconditional -1, -4, -3.5, -1): -3, -8, 0.5, -5 → C
    // symbol ll: -1.2, -1.1, -1.3, -0.9 → D;  hybrid ll / chars: -8/2, -16/8, -2/1, -10/4 → -4, -2, -2, -2.5 → B (tie B, C)
    static let item = record(gold: 1, [
        ("ab", -1.2, -8, -4, -1, 2), ("abcdefgh", -1.1, -16, -12, -4, 6), ("é", -1.3, -2, -3, -3.5, 1), ("xyzw", -0.9, -10, -6, -1, 2),
    ])

    @Test func eachScoringPicksItsArgmax() {
        let expected: [ScoringMethod: Int] = [.symbol: 3, .cloze: 2, .clozeNorm: 1, .perByte: 1, .perToken: 0, .pmi: 2, .hybrid: 1]
        for method in ScoringMethod.allCases {
            #expect(Self.item.predict(method) == expected[method], "\(method)")
            #expect(Self.item.correct(method) == (expected[method] == 1))
        }
    }

    /// Accuracy over a set of items is the mean of the per-item verdicts, exactly.
    @Test func accuracyIsExact() throws {
        var records: [ItemRecord] = []
        for gold in [0, 1, 2, 3, 1] {       // symbol always answers D (slot 3): right once in five
            var r = Self.item
            r.gold = gold
            r.index = records.count
            records.append(r)
        }
        let result = EvalResult(kind: .mcq, task: "t", models: [EvaluatedModel(name: "m", hash: "")], settings: [:],
                                conditions: ["original"], scorings: ScoringMethod.allCases, itemRecords: records)
        let cells = try result.accuracies()
        let byScoring = Dictionary(uniqueKeysWithValues: cells.map { ($0.scoring, $0.value) })
        #expect(byScoring["symbol"] == 0.2)
        #expect(byScoring["cloze"] == 0.2)
        #expect(byScoring["cloze_norm"] == 0.4)
        #expect(byScoring["per_token"] == 0.2)
        #expect(byScoring["pmi"] == 0.2)
        #expect(byScoring["hybrid"] == 0.4)
        #expect(cells.allSatisfy { $0.n == 5 })
    }

    /// A scoring whose log-likelihoods were not recorded is refused, saying which are missing.
    @Test func missingKindsAreReported() {
        var r = Self.item
        for i in r.choices.indices { r.choices[i].scores[.unconditional] = nil }
        #expect(r.predict(.pmi) == nil)
        let result = EvalResult(kind: .mcq, task: "t", models: [EvaluatedModel(name: "m", hash: "")], settings: [:],
                                scorings: [.pmi], itemRecords: [r])
        #expect(throws: EvaluationError.self) { try result.accuracies() }
    }
}
