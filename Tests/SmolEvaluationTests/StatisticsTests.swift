import Foundation
import SmolCore
import SmolEvaluation
import Testing

/// Rank statistics, bootstrap and McNemar against values worked out by hand.
@Suite struct StatisticsTests {
    @Test func kendallTauBWithTies() {
        // Pairs of x = [1, 2, 2, 3], y = [1, 3, 2, 2]: (0,1) (0,2) (0,3) concordant, (1,3) discordant,
        // (1,2) tied in x, (2,3) tied in y: τ_b = (3 − 1) / √((6 − 1)(6 − 1)) = 0.4, τ_a = 2 / 6.
        #expect(abs(RankStatistics.kendallTauB([1, 2, 2, 3], [1, 3, 2, 2]) - 0.4) < 1e-12)
        #expect(abs(RankStatistics.kendallTauA([1, 2, 2, 3], [1, 3, 2, 2]) - 1.0 / 3.0) < 1e-12)
        // Ties shared by both rankings still give a perfect τ_b (4 / √(4·4)), but τ_a = 4 / 6.
        #expect(RankStatistics.kendallTauB([1, 1, 2, 2], [5, 5, 7, 7]) == 1)
        #expect(abs(RankStatistics.kendallTauA([1, 1, 2, 2], [5, 5, 7, 7]) - 4.0 / 6.0) < 1e-12)
        #expect(RankStatistics.kendallTauB([1, 2, 3], [3, 2, 1]) == -1)
        #expect(RankStatistics.kendallTauB([1, 1, 1], [1, 2, 3]).isNaN)
    }

    @Test func competitionRanksAndRankChanges() {
        #expect(RankStatistics.ranks([0.5, 0.7, 0.5, 0.2]) == [2, 1, 2, 4])
        #expect(RankStatistics.maxAbsRankChange([1, 2, 3, 4], [4, 2, 1, 3]) == 3)
    }

    @Test func quantilesInterpolateLinearly() {
        #expect(Bootstrap.quantile([4, 1, 3, 2], 0.25) == 1.75)   // NumPy: percentile([1,2,3,4], 25) = 1.75
        #expect(Bootstrap.quantile([1, 2, 3, 4], 1) == 4)
        #expect(Bootstrap.quantile([10], 0.5) == 10)
    }

    @Test func bootstrapDrawsFollowTheDocumentedRule() {
        let values: [Double] = [0, 1, 1, 0, 1]
        let means = Bootstrap.resampledMeans(values, resamples: 3, seed: 9, stream: 4)
        let rng = CounterRNG(seed: 9, stream: 4)
        for r in 0..<3 {
            let byHand = (0..<5).map { values[rng.integer(below: 5, at: UInt64(r * 5 + $0))] }.reduce(0, +) / 5
            #expect(means[r] == byHand)
        }
        let interval = Bootstrap.interval([1, 1, 1, 1], resamples: 50, seed: 1, stream: 2)
        #expect(interval.low == 1 && interval.high == 1)
        let wide = Bootstrap.interval(values, resamples: 2000, seed: 1, stream: 2)
        #expect(wide.low < 0.6 && wide.high > 0.6 && wide.low >= 0 && wide.high <= 1)
        #expect(wide == Bootstrap.interval(values, resamples: 2000, seed: 1, stream: 2))
        // lm-evaluation-harness's stderr: sample sd / √n = √(0.3) / √5 for [0,1,1,0,1].
        #expect(abs(Bootstrap.standardError(values) - (0.3).squareRoot() / (5.0).squareRoot()) < 1e-12)
    }

    @Test func pairedBootstrapOfIdenticalModelsIsZero() {
        let a: [Double] = [1, 0, 1, 1, 0, 1]
        let same = Bootstrap.pairedDifference(a, a, resamples: 200, seed: 3, stream: 1)
        #expect(same.difference == 0 && same.low == 0 && same.high == 0 && same.p == 1)
        let better = Bootstrap.pairedDifference([1, 1, 1, 1, 1, 1, 1, 1], [0, 0, 0, 0, 0, 0, 0, 1], resamples: 500, seed: 3, stream: 1)
        #expect(better.difference == 0.875 && better.p == 0)
    }

    @Test func mcnemarExactAndChiSquare() {
        // b = 10, c = 2: p = 2 · (C(12,0) + C(12,1) + C(12,2)) / 2^12 = 158 / 4096; χ² = (8 − 1)² / 12.
        let first = Array(repeating: true, count: 10) + Array(repeating: false, count: 2) + Array(repeating: true, count: 5)
        let second = Array(repeating: false, count: 10) + Array(repeating: true, count: 2) + Array(repeating: true, count: 5)
        let t = McNemar.test(first, second)
        #expect(t.b == 10 && t.c == 2)
        #expect(abs(t.p - 158.0 / 4096.0) < 1e-12)
        #expect(abs(t.chiSquare - 49.0 / 12.0) < 1e-12)
        #expect(McNemar.test([true, false], [true, false]).p == 1)
    }

    @Test func selectionBias() {
        // Always answering A: recalls 1, 0, 0, 0 → mean 0.25, variance (0.5625 + 3 · 0.0625) / 4 = 0.1875.
        #expect(abs(SelectionBias.recallStandardDeviation(predictions: [0, 0, 0, 0], gold: [0, 1, 2, 3], slots: 4) - (0.1875).squareRoot()) < 1e-12)
        #expect(SelectionBias.recallStandardDeviation(predictions: [0, 1, 2, 3], gold: [0, 1, 2, 3], slots: 4) == 0)
        #expect(SelectionBias.histogram(predictions: [0, 0, 3, 1], slots: 4) == [2, 1, 0, 1])
    }

    /// Three models under two conditions; accuracies, ranks, rank changes and τ by hand.
    @Test func leaderboardRanksAndAgreement() throws {
        // model → (original correct count of 4, swapped correct count of 4)
        let plan: [(String, Int, Int)] = [("a", 4, 1), ("b", 2, 2), ("c", 1, 3)]
        var records: [ItemRecord] = []
        for (model, original, swapped) in plan {
            for (condition, correct) in [("original", original), ("swap", swapped)] {
                for i in 0..<4 {
                    // The symbol log-likelihood is highest at slot 0 ; gold is 0 for the first `correct` items.
                    let choices = (0..<4).map { slot in
                        ChoiceRecord(slot: slot, label: "ABCD".map(String.init)[slot], original: slot, text: "t\(slot)",
                                     scores: [.symbol: ScoredContinuation(continuation: " x", logLikelihood: slot == 0 ? -1 : -2, isGreedy: false, tokens: 1)])
                    }
                    records.append(ItemRecord(model: model, task: "t", condition: condition, index: i, itemID: "\(i)", itemHash: "",
                                              subject: "", gold: i < correct ? 0 : 1 + i % 3, choices: choices))
                }
            }
        }
        let board = try Leaderboard.analyse(records, scoring: .symbol, resamples: 100, seed: 1)
        #expect(board.baseline == "original" && board.models == ["a", "b", "c"])
        #expect(board.entry("a", "original")?.accuracy == 1 && board.entry("c", "swap")?.accuracy == 0.75)
        #expect(board.models.map { board.entry($0, "original")!.rank } == [1, 2, 3])
        #expect(board.models.map { board.entry($0, "swap")!.rank } == [3, 2, 1])
        #expect(board.models.map { board.entry($0, "swap")!.rankChange } == [2, 0, -2])
        #expect(board.agreements.count == 1 && board.agreements[0].tauB == -1 && board.agreements[0].maxAbsRankChange == 2)
        #expect(board.agreements[0].modelsChanged == 2)
        #expect(board.entry("a", "original")!.predicted == [4, 0, 0, 0])
        #expect(board.accuracyMarkdown(chance: 0.25).contains("| a | 1.000 [1.000, 1.000] (#1) | 0.250"))
        let paired = try PairedComparison.compare(records, first: "a", second: "c", condition: "original", scoring: .symbol, method: .mcnemar)
        #expect(paired.onlyFirst == 3 && paired.onlySecond == 0 && paired.difference == 0.75 && abs(paired.p - 0.25) < 1e-12)
    }
}
