import Foundation
import SmolCore

/// A leaderboard over many models under several conditions, with the comparisons of arXiv 2402.01781:
/// accuracy with seeded bootstrap intervals, ranks and rank changes against a baseline condition,
/// Kendall τ between conditions, and selection bias.
public struct Leaderboard: Sendable {
    public struct Entry: Sendable, Equatable {
        public var model: String
        public var condition: String
        public var accuracy: Double
        public var low: Double
        public var high: Double
        public var n: Int
        /// Competition rank among the models under this condition (1 = best).
        public var rank: Int
        /// Rank under this condition minus rank under the baseline (negative: moved up).
        public var rankChange: Int
        /// How often each slot was predicted, and the standard deviation of per-slot recall (RStd).
        public var predicted: [Int]
        public var recallStd: Double
    }

    /// Agreement of one condition's ranking with the baseline's.
    public struct Agreement: Sendable, Equatable {
        public var condition: String
        public var tauB: Double
        public var tauA: Double
        public var maxAbsRankChange: Int
        public var modelsChanged: Int
    }

    public var scoring: ScoringMethod
    public var baseline: String
    public var models: [String]
    public var conditions: [String]
    public var entries: [Entry]
    public var agreements: [Agreement]

    /// The entry of one model under one condition.
    public func entry(_ model: String, _ condition: String) -> Entry? {
        entries.first { $0.model == model && $0.condition == condition }
    }

    /// Analyses item records (of any number of results) under `scoring`. `conditions` default to every
    /// condition found, in first-seen order; `baseline` must be one of them. Intervals: `resamples`
    /// bootstrap resamples seeded by (seed, model, condition).
    public static func analyse(_ records: [ItemRecord], scoring: ScoringMethod, conditions wanted: [String]? = nil,
                               baseline wantedBaseline: String? = nil, resamples: Int = 1000, level: Double = 0.95,
                               seed: UInt64 = 0) throws -> Leaderboard {
        var models: [String] = [], found: [String] = []
        var groups: [String: [ItemRecord]] = [:]
        for record in records {
            if !models.contains(record.model) { models.append(record.model) }
            if !found.contains(record.condition) { found.append(record.condition) }
            groups["\(record.model)\u{1F}\(record.condition)", default: []].append(record)
        }
        let conditions = wanted ?? found
        for condition in conditions where !found.contains(condition) {
            throw EvaluationError.unknownName(kind: "condition", name: condition, known: found)
        }
        guard let baseline = wantedBaseline ?? conditions.first else {
            throw EvaluationError.unsupported("no multiple-choice records to rank; pass results of eval.mcq")
        }
        guard conditions.contains(baseline) else { throw EvaluationError.unknownName(kind: "baseline condition", name: baseline, known: conditions) }

        var entries: [Entry] = []
        for condition in conditions {
            var accuracies: [Double] = []
            var partial: [Entry] = []
            for model in models {
                let items = (groups["\(model)\u{1F}\(condition)"] ?? []).sorted { $0.index < $1.index }
                var outcomes: [Double] = [], predictions: [Int] = [], gold: [Int] = []
                for item in items {
                    guard let predicted = item.predict(scoring) else {
                        throw EvaluationError.missingRecords("model \(model), condition \(condition): scoring '\(scoring.rawValue)' needs \(scoring.kinds.map(\.rawValue).joined(separator: " and ")) log-likelihoods; run eval.mcq with that scoring")
                    }
                    outcomes.append(predicted == item.gold ? 1 : 0)
                    predictions.append(predicted)
                    gold.append(item.gold)
                }
                let accuracy = outcomes.isEmpty ? Double.nan : outcomes.reduce(0, +) / Double(outcomes.count)
                let interval = Bootstrap.interval(outcomes, level: level, resamples: resamples, seed: seed,
                                                  stream: stableHash("leaderboard\u{1F}\(model)\u{1F}\(condition)"))
                let slots = items.map(\.choices.count).max() ?? 0
                partial.append(Entry(model: model, condition: condition, accuracy: accuracy, low: interval.low, high: interval.high,
                                     n: outcomes.count, rank: 0, rankChange: 0,
                                     predicted: SelectionBias.histogram(predictions: predictions, slots: slots),
                                     recallStd: SelectionBias.recallStandardDeviation(predictions: predictions, gold: gold, slots: slots)))
                accuracies.append(accuracy)
            }
            for (i, rank) in RankStatistics.ranks(accuracies).enumerated() { partial[i].rank = rank }
            entries += partial
        }
        let baseRanks = models.map { m in entries.first { $0.model == m && $0.condition == baseline }!.rank }
        let baseScores = models.map { m in entries.first { $0.model == m && $0.condition == baseline }!.accuracy }
        for i in entries.indices {
            entries[i].rankChange = entries[i].rank - baseRanks[models.firstIndex(of: entries[i].model)!]
        }
        let agreements = conditions.filter { $0 != baseline }.map { condition -> Agreement in
            let ranks = models.map { m in entries.first { $0.model == m && $0.condition == condition }!.rank }
            let scores = models.map { m in entries.first { $0.model == m && $0.condition == condition }!.accuracy }
            return Agreement(condition: condition, tauB: RankStatistics.kendallTauB(baseScores, scores),
                             tauA: RankStatistics.kendallTauA(baseScores, scores),
                             maxAbsRankChange: RankStatistics.maxAbsRankChange(baseRanks, ranks),
                             modelsChanged: zip(baseRanks, ranks).filter { $0 != $1 }.count)
        }
        return Leaderboard(scoring: scoring, baseline: baseline, models: models, conditions: conditions, entries: entries,
                           agreements: agreements)
    }

    // MARK: Tables

    /// Markdown: one row per model, accuracy [interval] (rank, Δrank) per condition, chance beside it.
    public func accuracyMarkdown(chance: Double? = nil) -> String {
        var lines = ["| model | " + conditions.joined(separator: " | ") + " |",
                     "|---|" + conditions.map { _ in "---:|" }.joined()]
        for model in models {
            let cells = conditions.map { condition -> String in
                guard let e = entry(model, condition) else { return "" }
                let change = condition == baseline ? "" : e.rankChange == 0 ? ", ±0" : String(format: ", %+d", e.rankChange)
                return String(format: "%.3f [%.3f, %.3f] (#%d", e.accuracy, e.low, e.high, e.rank) + change + ")"
            }
            lines.append("| \(model) | " + cells.joined(separator: " | ") + " |")
        }
        if let chance { lines.append("| chance | " + conditions.map { _ in String(format: "%.3f", chance) }.joined(separator: " | ") + " |") }
        return lines.joined(separator: "\n")
    }

    /// Markdown: Kendall τ-b (and τ-a), largest |Δrank| and models moved, per condition against the baseline.
    public func tauMarkdown() -> String {
        var lines = ["| condition (vs \(baseline)) | kendall_tau_b | kendall_tau_a | max_abs_rank_change | n_models_changed |",
                     "|---|---:|---:|---:|---:|"]
        for a in agreements {
            lines.append("| \(a.condition) | " + String(format: "%.3f | %.3f | %d | %d |", a.tauB, a.tauA, a.maxAbsRankChange, a.modelsChanged))
        }
        return lines.joined(separator: "\n")
    }

    /// Markdown: predicted-slot histogram and RStd per model × condition.
    public func biasMarkdown() -> String {
        var lines = ["| model | condition | predicted per slot | rstd |", "|---|---|---|---:|"]
        for e in entries {
            lines.append("| \(e.model) | \(e.condition) | \(e.predicted.map(String.init).joined(separator: " / ")) | "
                         + String(format: "%.3f |", e.recallStd))
        }
        return lines.joined(separator: "\n")
    }
}

/// A paired comparison of two models on the same items.
public struct PairedComparison: Sendable, Equatable {
    public enum Method: String, CaseIterable, Sendable { case bootstrap, mcnemar }

    public var first: String
    public var second: String
    public var condition: String
    public var n: Int
    /// Accuracy of the first minus the second.
    public var difference: Double
    /// Bootstrap interval of the difference (NaN for McNemar).
    public var low: Double
    public var high: Double
    /// Items only the first / only the second answers correctly.
    public var onlyFirst: Int
    public var onlySecond: Int
    public var p: Double

    /// Compares two models' records under one condition and scoring, item by item (matched by dataset index).
    public static func compare(_ records: [ItemRecord], first: String, second: String, condition: String, scoring: ScoringMethod,
                               method: Method, resamples: Int = 1000, seed: UInt64 = 0) throws -> PairedComparison {
        func outcomes(_ model: String) throws -> [Int: Bool] {
            var byIndex: [Int: Bool] = [:]
            for record in records where record.model == model && record.condition == condition {
                guard let correct = record.correct(scoring) else {
                    throw EvaluationError.missingRecords("scoring '\(scoring.rawValue)' cannot be computed from \(model)'s records")
                }
                byIndex[record.index] = correct
            }
            guard !byIndex.isEmpty else {
                throw EvaluationError.unsupported("no records of model '\(model)' under condition '\(condition)'")
            }
            return byIndex
        }
        let a = try outcomes(first), b = try outcomes(second)
        let shared = Set(a.keys).intersection(b.keys).sorted()
        let x = shared.map { a[$0]! }, y = shared.map { b[$0]! }
        let test = McNemar.test(x, y)
        var result = PairedComparison(first: first, second: second, condition: condition, n: shared.count,
                                      difference: Double(test.b - test.c) / Double(max(shared.count, 1)), low: .nan, high: .nan,
                                      onlyFirst: test.b, onlySecond: test.c, p: test.p)
        if method == .bootstrap {
            let paired = Bootstrap.pairedDifference(x.map { $0 ? 1 : 0 }, y.map { $0 ? 1 : 0 }, resamples: resamples, seed: seed,
                                                    stream: stableHash("paired\u{1F}\(first)\u{1F}\(second)\u{1F}\(condition)"))
            result.low = paired.low
            result.high = paired.high
            result.p = paired.p
        }
        return result
    }
}
