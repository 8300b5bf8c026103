import Foundation

/// BLEU (Papineni et al., 2002) exactly as sacrebleu 2.6 computes it: hypotheses and references
/// tokenised by `Tokenizer13a` after `rstrip()`, clipped n-gram matches (orders 1…4) summed over the
/// corpus, the closest reference length for the brevity penalty, and a smoothing method (`exp`, the
/// default, is mteval-v13a's NIST smoothing).
///
/// `corpusScore` is `BLEU().corpus_score`; `sentenceScore` is `sacrebleu.sentence_bleu` (effective
/// order on, as there).
public struct BLEU: Sendable {
    /// How a zero n-gram precision is smoothed.
    public enum Smoothing: Sendable, Equatable {
        /// No smoothing: one zero precision makes the score 0.
        case none
        /// Each order with no match gets precision 100 / (2^k · total), k counting such orders (NIST, mteval-v13a).
        case exp
        /// A zero count becomes `value` (Chen & Cherry's method 1; sacrebleu's default 0.1).
        case floor(Double)
        /// `value` is added to the counts and totals of orders 2…N (method 2; default 1).
        case addK(Double)

        /// The signature's `smooth:` value.
        var signature: String {
            switch self {
            case .none: "none"
            case .exp: "exp"
            case .floor(let v): "floor[" + String(format: "%.2f", v) + "]"
            case .addK(let v): "add-k[" + String(format: "%.2f", v) + "]"
            }
        }
    }

    public var smoothing: Smoothing
    /// Stop at the highest order with any hypothesis n-gram (sentence BLEU); off for corpus BLEU.
    public var effectiveOrder: Bool
    /// Highest n-gram order.
    public var maxOrder: Int

    public init(smoothing: Smoothing = .exp, effectiveOrder: Bool = false, maxOrder: Int = 4) {
        self.smoothing = smoothing
        self.effectiveOrder = effectiveOrder
        self.maxOrder = maxOrder
    }

    /// The sufficient statistics of one segment: lengths, and per order the clipped matches and totals.
    public struct Statistics: Sendable, Equatable {
        public var hypothesisLength = 0, referenceLength = 0
        public var matches: [Int], totals: [Int]

        init(order: Int) {
            matches = [Int](repeating: 0, count: order)
            totals = matches
        }

        static func + (a: Statistics, b: Statistics) -> Statistics {
            var s = a
            s.hypothesisLength += b.hypothesisLength
            s.referenceLength += b.referenceLength
            for n in s.matches.indices {
                s.matches[n] += b.matches[n]
                s.totals[n] += b.totals[n]
            }
            return s
        }
    }

    /// BLEU of a corpus: `references[i]` are the references of `hypotheses[i]` (one or more).
    public func corpusScore(hypotheses: [String], references: [[String]]) -> BLEUScore {
        precondition(hypotheses.count == references.count, "BLEU: one list of references per hypothesis")
        var total = Statistics(order: maxOrder)
        for (h, refs) in zip(hypotheses, references) { total = total + statistics(hypothesis: h, references: refs) }
        return score(total, signature: signature(references: references))
    }

    /// BLEU of one sentence, as `sacrebleu.sentence_bleu` (effective order on unless this BLEU says otherwise
    /// by being built with `effectiveOrder: false` and called through `corpusScore`).
    public static func sentenceScore(hypothesis: String, references: [String]) -> BLEUScore {
        BLEU(effectiveOrder: true).corpusScore(hypotheses: [hypothesis], references: [references])
    }

    /// sacrebleu's signature for these settings and references.
    public func signature(references: [[String]]) -> String {
        "nrefs:\(SacreBLEU.referenceCount(references))|case:mixed|eff:\(effectiveOrder ? "yes" : "no")|tok:13a|smooth:\(smoothing.signature)|version:\(SacreBLEU.version)"
    }

    /// The statistics of one hypothesis against its references (`_compute_segment_statistics`).
    public func statistics(hypothesis: String, references: [String]) -> Statistics {
        func tokens(_ text: String) -> [[UInt32]] { Tokenizer13a.tokens(PythonText.rstrip(PythonText.codePoints(text))) }
        var referenceCounts: [NGram: Int] = [:]
        var referenceLengths: [Int] = []
        for reference in references {
            let words = tokens(reference)
            referenceLengths.append(words.count)
            for (ngram, count) in ngrams(words) { referenceCounts[ngram] = max(referenceCounts[ngram] ?? 0, count) }
        }
        let words = tokens(hypothesis)
        var s = Statistics(order: maxOrder)
        s.hypothesisLength = words.count
        s.referenceLength = closestLength(to: words.count, among: referenceLengths)
        for (ngram, count) in ngrams(words) {
            let n = ngram.count - 1
            s.totals[n] += count
            if let r = referenceCounts[ngram] { s.matches[n] += min(count, r) }
        }
        return s
    }

    /// Word n-grams of orders 1…maxOrder with their counts (`extract_all_word_ngrams`).
    private func ngrams(_ words: [[UInt32]]) -> [NGram: Int] {
        var counts: [NGram: Int] = [:]
        for n in 1...maxOrder where words.count >= n {
            for i in 0...(words.count - n) { counts[NGram(words: Array(words[i..<(i + n)])), default: 0] += 1 }
        }
        return counts
    }

    /// The reference length closest to the hypothesis length (the shorter on a tie).
    func closestLength(to length: Int, among lengths: [Int]) -> Int {
        var best = -1, bestDifference = -1
        for r in lengths {
            let d = abs(length - r)
            if bestDifference == -1 || d < bestDifference || (d == bestDifference && r < best) {
                bestDifference = d
                best = r
            }
        }
        return best
    }

    /// BLEU from summed statistics (`compute_bleu`).
    public func score(_ stats: Statistics, signature: String) -> BLEUScore {
        var matches = stats.matches.map(Double.init), totals = stats.totals.map(Double.init)
        let sys = stats.hypothesisLength, ref = stats.referenceLength
        var bp = 1.0
        if sys < ref { bp = sys > 0 ? exp(1 - Double(ref) / Double(sys)) : 0 }
        var precisions = [Double](repeating: 0, count: maxOrder)
        func result(_ score: Double) -> BLEUScore {
            BLEUScore(score: score, matches: stats.matches, totals: stats.totals, precisions: precisions,
                      brevityPenalty: bp, hypothesisLength: sys, referenceLength: ref, signature: signature)
        }
        guard stats.matches.contains(where: { $0 != 0 }) else { return result(0) }
        var smoothMTEval = 1.0
        var order = maxOrder
        for n in 1...maxOrder {
            if case .addK(let k) = smoothing, n > 1 {
                matches[n - 1] += k
                totals[n - 1] += k
            }
            if totals[n - 1] == 0 { break }
            if effectiveOrder { order = n }
            if matches[n - 1] == 0 {
                switch smoothing {
                case .exp:
                    smoothMTEval *= 2
                    precisions[n - 1] = 100 / (smoothMTEval * totals[n - 1])
                case .floor(let v):
                    precisions[n - 1] = 100 * v / totals[n - 1]
                case .none, .addK:
                    break
                }
            } else {
                precisions[n - 1] = 100 * matches[n - 1] / totals[n - 1]
            }
        }
        // sacrebleu's my_log floors log(0) at -9999999999.
        let logs = precisions[..<order].map { $0 == 0 ? -9_999_999_999 : log($0) }
        return result(bp * exp(logs.reduce(0, +) / Double(order)))
    }
}

/// An n-gram of words (code points), compared by code point as Python compares strings.
struct NGram: Hashable {
    var words: [[UInt32]]
    var count: Int { words.count }
}

/// A BLEU score with the numbers sacrebleu prints beside it.
public struct BLEUScore: Sendable, Equatable {
    /// BLEU in [0, 100].
    public var score: Double
    /// Clipped matches and hypothesis n-grams per order.
    public var matches: [Int], totals: [Int]
    /// Per-order precisions in percent (after smoothing).
    public var precisions: [Double]
    public var brevityPenalty: Double
    /// Hypothesis and reference lengths in 13a tokens.
    public var hypothesisLength: Int, referenceLength: Int
    /// sacrebleu's signature, e.g. `nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0`.
    public var signature: String

    /// `BLEU = 28.34 59.1/34.2/21.9/14.3 (BP = 1.000 ratio = 1.012 hyp_len = … ref_len = …)`, as sacrebleu.
    public var verbose: String {
        let ratio = referenceLength == 0 ? 0 : Double(hypothesisLength) / Double(referenceLength)
        return String(format: "BLEU = %.2f ", score) + precisions.map { String(format: "%.1f", $0) }.joined(separator: "/")
            + String(format: " (BP = %.3f ratio = %.3f hyp_len = %d ref_len = %d)", brevityPenalty, ratio, hypothesisLength, referenceLength)
    }
}
