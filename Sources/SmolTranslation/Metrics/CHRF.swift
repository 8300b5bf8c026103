/// chrF (Popović 2015) and chrF++ (Popović 2017) exactly as sacrebleu 2.6 computes them: character
/// n-grams of orders 1…6 over the text with whitespace removed (code points, not graphemes), plus for
/// chrF++ word unigrams and bigrams after splitting one ASCII punctuation mark off each word's end (or
/// else its start); precision and recall averaged over the orders that have both hypothesis and
/// reference n-grams (sacrebleu ≥ 2's "effective order"), then F-beta with beta 2.
///
/// `corpusScore` is `CHRF().corpus_score` (statistics summed over segments, then one F-score);
/// `sentenceScore` is `sacrebleu.sentence_chrf` (or `CHRF(word_order=2).sentence_score`).
public struct CHRF: Sendable {
    /// Character n-gram orders (6).
    public var characterOrder: Int
    /// Word n-gram orders: 0 for chrF, 2 for chrF++.
    public var wordOrder: Int
    /// Recall is beta times as important as precision (2).
    public var beta: Int

    public init(characterOrder: Int = 6, wordOrder: Int = 0, beta: Int = 2) {
        self.characterOrder = characterOrder
        self.wordOrder = wordOrder
        self.beta = beta
    }

    /// chrF++ (word bigrams).
    public static var plusPlus: CHRF { CHRF(wordOrder: 2) }

    /// `chrF2` or `chrF2++`, as sacrebleu names the score.
    public var name: String { "chrF\(beta)" + String(repeating: "+", count: wordOrder) }

    /// sacrebleu's signature for these settings and references.
    public func signature(references: [[String]]) -> String {
        "nrefs:\(SacreBLEU.referenceCount(references))|case:mixed|eff:yes|nc:\(characterOrder)|nw:\(wordOrder)|space:no|version:\(SacreBLEU.version)"
    }

    /// chrF of a corpus: `references[i]` are the references of `hypotheses[i]`.
    public func corpusScore(hypotheses: [String], references: [[String]]) -> CHRFScore {
        precondition(hypotheses.count == references.count, "chrF: one list of references per hypothesis")
        var total = [Int](repeating: 0, count: 3 * (characterOrder + wordOrder))
        for (h, refs) in zip(hypotheses, references) {
            for (k, x) in statistics(hypothesis: h, references: refs).enumerated() { total[k] += x }
        }
        return CHRFScore(score: fScore(total), signature: signature(references: references))
    }

    /// chrF of one sentence against its references.
    public func sentenceScore(hypothesis: String, references: [String]) -> CHRFScore {
        CHRFScore(score: fScore(statistics(hypothesis: hypothesis, references: references)),
                  signature: signature(references: [references]))
    }

    /// Per order, [hypothesis n-grams, reference n-grams, matches], against the reference with the best
    /// F-score (the first on a tie).
    public func statistics(hypothesis: String, references: [String]) -> [Int] {
        let hyp = ngrams(PythonText.codePoints(hypothesis))
        var best: [Int] = [], bestScore = -1.0
        for reference in references {
            let ref = ngrams(PythonText.codePoints(reference))
            var stats: [Int] = []
            for (h, r) in zip(hyp, ref) {
                var matches = 0, hypCount = 0
                for (ngram, count) in h {
                    hypCount += count
                    if let c = r[ngram] { matches += min(count, c) }
                }
                stats += [r.isEmpty ? 0 : hypCount, r.values.reduce(0, +), matches]
            }
            let f = fScore(stats)
            if f > bestScore {
                bestScore = f
                best = stats
            }
        }
        return best
    }

    /// Character n-gram counts of orders 1…characterOrder, then word n-gram counts of orders 1…wordOrder.
    func ngrams(_ text: [UInt32]) -> [[[UInt32]: Int]] {
        var counters: [[[UInt32]: Int]] = []
        let characters = PythonText.removingSpaces(text)
        for n in 1...characterOrder {
            var counts: [[UInt32]: Int] = [:]
            if characters.count >= n {
                for i in 0...(characters.count - n) { counts[Array(characters[i..<(i + n)]), default: 0] += 1 }
            }
            counters.append(counts)
        }
        if wordOrder > 0 {
            let words = Self.separatingPunctuation(PythonText.split(text))
            for n in 1...wordOrder {
                var counts: [[UInt32]: Int] = [:]
                if words.count >= n {
                    for i in 0...(words.count - n) { counts[PythonText.joined(words[i..<(i + n)]), default: 0] += 1 }
                }
                counters.append(counts)
            }
        }
        return counters
    }

    /// `_remove_punctuation`: a word longer than one character loses a final ASCII punctuation mark to a
    /// word of its own, or else an initial one ("(hi)" becomes "(hi" and ")", as in sacrebleu).
    static func separatingPunctuation(_ words: [[UInt32]]) -> [[UInt32]] {
        var out: [[UInt32]] = []
        for w in words {
            if w.count == 1 {
                out.append(w)
            } else if isPunctuation(w.last!) {
                out.append(Array(w.dropLast()))
                out.append([w.last!])
            } else if isPunctuation(w.first!) {
                out.append([w.first!])
                out.append(Array(w.dropFirst()))
            } else {
                out.append(w)
            }
        }
        return out
    }

    /// Python's `string.punctuation`: !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~.
    static func isPunctuation(_ c: UInt32) -> Bool {
        (0x21...0x2F).contains(c) || (0x3A...0x40).contains(c) || (0x5B...0x60).contains(c) || (0x7B...0x7E).contains(c)
    }

    /// The score from summed statistics (`_compute_f_score` without eps smoothing).
    func fScore(_ stats: [Int]) -> Double {
        let factor = Double(beta * beta)
        var averagePrecision = 0.0, averageRecall = 0.0, effectiveOrder = 0
        for i in 0..<(characterOrder + wordOrder) {
            let hyp = stats[3 * i], ref = stats[3 * i + 1], match = stats[3 * i + 2]
            guard hyp > 0 && ref > 0 else { continue }
            averagePrecision += Double(match) / Double(hyp)
            averageRecall += Double(match) / Double(ref)
            effectiveOrder += 1
        }
        if effectiveOrder == 0 { return 0 }
        averagePrecision /= Double(effectiveOrder)
        averageRecall /= Double(effectiveOrder)
        guard averagePrecision + averageRecall != 0 else { return 0 }
        let score = (1 + factor) * averagePrecision * averageRecall / (factor * averagePrecision + averageRecall)
        return 100 * score
    }
}

/// A chrF or chrF++ score with sacrebleu's signature.
public struct CHRFScore: Sendable, Equatable {
    /// The score in [0, 100].
    public var score: Double
    /// e.g. `nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0`.
    public var signature: String
}
