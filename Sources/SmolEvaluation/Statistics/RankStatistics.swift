import Foundation
import SmolCore

/// Rank statistics for comparing leaderboards (STUDIES.md §4.4).
public enum RankStatistics {
    /// Competition ranks ("1224"): 1 + the number of entries strictly better (higher when
    /// `higherIsBetter`); NaN scores rank last.
    public static func ranks(_ scores: [Double], higherIsBetter: Bool = true) -> [Int] {
        scores.map { s in
            guard !s.isNaN else { return scores.count }
            return 1 + scores.filter { !$0.isNaN && (higherIsBetter ? $0 > s : $0 < s) }.count
        }
    }

    /// Kendall's τ-b between two paired samples, tie-corrected:
    /// τ_b = (n_c − n_d) / √((n_0 − n_1)(n_0 − n_2)), n_0 = n(n−1)/2, n_1 and n_2 the pairs tied in x and
    /// in y. NaN when either sample is constant (or fewer than two pairs).
    public static func kendallTauB(_ x: [Double], _ y: [Double]) -> Double {
        let (concordant, discordant, tiedX, tiedY, pairs) = pairCounts(x, y)
        let denominator = (Double(pairs - tiedX) * Double(pairs - tiedY)).squareRoot()
        return denominator > 0 ? Double(concordant - discordant) / denominator : .nan
    }

    /// Kendall's τ-a: (n_c − n_d) / n_0, ties counted as neither.
    public static func kendallTauA(_ x: [Double], _ y: [Double]) -> Double {
        let (concordant, discordant, _, _, pairs) = pairCounts(x, y)
        return pairs > 0 ? Double(concordant - discordant) / Double(pairs) : .nan
    }

    /// (concordant, discordant, tied in x, tied in y, all pairs); a pair tied in both counts in both ties.
    static func pairCounts(_ x: [Double], _ y: [Double]) -> (Int, Int, Int, Int, Int) {
        precondition(x.count == y.count, "kendall: samples of different lengths")
        var concordant = 0, discordant = 0, tiedX = 0, tiedY = 0
        for i in x.indices {
            for j in x.indices where j > i {
                let dx = x[i] - x[j], dy = y[i] - y[j]
                if dx == 0 { tiedX += 1 }
                if dy == 0 { tiedY += 1 }
                if dx == 0 || dy == 0 { continue }
                if (dx > 0) == (dy > 0) { concordant += 1 } else { discordant += 1 }
            }
        }
        return (concordant, discordant, tiedX, tiedY, x.count * (x.count - 1) / 2)
    }

    /// The largest |rank under b − rank under a|.
    public static func maxAbsRankChange(_ a: [Int], _ b: [Int]) -> Int {
        zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }
}

/// Seeded bootstrap intervals and paired tests.
public enum Bootstrap {
    /// The q-quantile of `values` (q in [0, 1]) by linear interpolation between order statistics at
    /// position q·(n − 1) (NumPy's default `linear` method).
    public static func quantile(_ values: [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down)), upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }

    /// Means of `resamples` bootstrap resamples of `values`: resample r draws n indices uniformly with
    /// replacement, draw i being `CounterRNG(seed, stream).integer(below: n, at: r·n + i)`.
    public static func resampledMeans(_ values: [Double], resamples: Int, seed: UInt64, stream: UInt64) -> [Double] {
        let n = values.count
        guard n > 0 else { return [] }
        let rng = CounterRNG(seed: seed, stream: stream)
        return (0..<resamples).map { r in
            var total = 0.0
            for i in 0..<n { total += values[rng.integer(below: n, at: UInt64(r * n + i))] }
            return total / Double(n)
        }
    }

    /// A percentile interval of the mean at `level` (0.95: the 2.5% and 97.5% quantiles of the
    /// resampled means).
    public static func interval(_ values: [Double], level: Double = 0.95, resamples: Int = 1000, seed: UInt64,
                                stream: UInt64) -> (low: Double, high: Double) {
        let means = resampledMeans(values, resamples: resamples, seed: seed, stream: stream)
        let tail = (1 - level) / 2
        return (quantile(means, tail), quantile(means, 1 - tail))
    }

    /// Paired bootstrap of the difference of means a − b over the same items (resampled together):
    /// the observed difference, its percentile interval, and a two-sided p-value
    /// 2·min(P*(d ≤ 0), P*(d ≥ 0)), capped at 1.
    public static func pairedDifference(_ a: [Double], _ b: [Double], level: Double = 0.95, resamples: Int = 1000,
                                        seed: UInt64, stream: UInt64) -> (difference: Double, low: Double, high: Double, p: Double) {
        precondition(a.count == b.count, "paired bootstrap: samples of different lengths")
        let differences = zip(a, b).map { $0 - $1 }
        let observed = differences.reduce(0, +) / Double(max(differences.count, 1))
        let means = resampledMeans(differences, resamples: resamples, seed: seed, stream: stream)
        let tail = (1 - level) / 2
        let below = Double(means.filter { $0 <= 0 }.count) / Double(max(means.count, 1))
        let above = Double(means.filter { $0 >= 0 }.count) / Double(max(means.count, 1))
        return (observed, quantile(means, tail), quantile(means, 1 - tail), min(1, 2 * min(below, above)))
    }

    /// lm-evaluation-harness's standard error of a mean: sample standard deviation (n − 1) / √n.
    public static func standardError(_ values: [Double]) -> Double {
        let n = Double(values.count)
        guard n > 1 else { return .nan }
        let mean = values.reduce(0, +) / n
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        return (variance / n).squareRoot()
    }
}

/// McNemar's test on paired correct/incorrect outcomes of two models.
public enum McNemar {
    /// b: items only the first model gets right; c: only the second. The exact two-sided p-value
    /// min(1, 2·P(X ≤ min(b, c))), X ~ Binomial(b + c, ½), and the continuity-corrected χ² statistic
    /// (|b − c| − 1)² / (b + c) (0 when b + c = 0).
    public static func test(_ first: [Bool], _ second: [Bool]) -> (b: Int, c: Int, chiSquare: Double, p: Double) {
        precondition(first.count == second.count, "McNemar: samples of different lengths")
        let b = zip(first, second).filter { $0 && !$1 }.count
        let c = zip(first, second).filter { !$0 && $1 }.count
        let n = b + c
        guard n > 0 else { return (0, 0, 0, 1) }
        // Σ_{i ≤ k} C(n, i) / 2^n in log space (n may be in the thousands).
        let k = min(b, c)
        var logTerms: [Double] = []
        for i in 0...k { logTerms.append(logChoose(n, i) - Double(n) * log(2)) }
        let peak = logTerms.max()!
        let tail = exp(peak) * logTerms.reduce(0) { $0 + exp($1 - peak) }
        let chi = pow(Double(abs(b - c)) - 1, 2) / Double(n)
        return (b, c, max(chi, 0), min(1, 2 * tail))
    }

    static func logChoose(_ n: Int, _ k: Int) -> Double { lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1)) }
}

/// Selection bias of a model on multiple-choice items.
public enum SelectionBias {
    /// How often each slot was predicted.
    public static func histogram(predictions: [Int], slots: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: slots)
        for p in predictions where p >= 0 && p < slots { counts[p] += 1 }
        return counts
    }

    /// RStd (Zheng et al. 2023, arXiv 2309.03882): the population standard deviation, over the slots
    /// that are ever correct, of each slot's recall (items answered at that slot / items whose answer
    /// is at that slot). 0 means no preference for a position.
    public static func recallStandardDeviation(predictions: [Int], gold: [Int], slots: Int) -> Double {
        var hits = [Int](repeating: 0, count: slots), totals = hits
        for (p, g) in zip(predictions, gold) where g >= 0 && g < slots {
            totals[g] += 1
            if p == g { hits[g] += 1 }
        }
        let recalls = (0..<slots).filter { totals[$0] > 0 }.map { Double(hits[$0]) / Double(totals[$0]) }
        guard !recalls.isEmpty else { return .nan }
        let mean = recalls.reduce(0, +) / Double(recalls.count)
        return (recalls.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(recalls.count)).squareRoot()
    }
}
