import Foundation
import SmolCore
import SmolTestSupport
import SmolTranslation
import Testing

/// BLEU, chrF and chrF++ against sacrebleu 2.6's own numbers (Tests/Fixtures/mt-metrics, made by
/// scripts/fixtures/mt_metrics.py): corpus and sentence level to 1e-6, and the signature strings.
@Suite struct MetricsTests {
    static let golden: JSONValue = {
        let bytes = FileManager.default.contents(atPath: Repository.fixture("mt-metrics/mt_metrics_golden.json"))!
        return try! JSONParser.parse(Array(bytes))
    }()

    static func strings(_ value: JSONValue?) -> [String] { value!.arrayValue!.map { $0.stringValue! } }
    static func number(_ value: JSONValue?) -> Double { value!.doubleValue! }

    @Test func corpusScoresEqualSacrebleu() {
        let g = Self.golden
        let hyps = Self.strings(g["hyps"]), refs = Self.strings(g["refs"]).map { [$0] }
        #expect(hyps.count == 200)
        let bleu = BLEU().corpusScore(hypotheses: hyps, references: refs)
        #expect(abs(bleu.score - Self.number(g["corpus_BLEU"])) < 1e-6, "\(bleu.score)")
        #expect(abs(CHRF().corpusScore(hypotheses: hyps, references: refs).score - Self.number(g["corpus_chrF"])) < 1e-6)
        #expect(abs(CHRF.plusPlus.corpusScore(hypotheses: hyps, references: refs).score - Self.number(g["corpus_chrF++"])) < 1e-6)
    }

    @Test func sentenceScoresEqualSacrebleu() {
        let g = Self.golden
        let sentences = g["sentences"]!.arrayValue!
        let plusPlus = g["sentence_chrF++"]!.arrayValue!
        #expect(sentences.count == 30 && plusPlus.count == 30)
        for (k, s) in sentences.enumerated() {
            let hyp = s["hyp"]!.stringValue!, ref = s["ref"]!.stringValue!
            #expect(abs(BLEU.sentenceScore(hypothesis: hyp, references: [ref]).score - Self.number(s["BLEU"])) < 1e-6, "BLEU \(k)")
            #expect(abs(CHRF().sentenceScore(hypothesis: hyp, references: [ref]).score - Self.number(s["chrF"])) < 1e-6, "chrF \(k)")
            #expect(abs(CHRF.plusPlus.sentenceScore(hypothesis: hyp, references: [ref]).score - plusPlus[k].doubleValue!) < 1e-6, "chrF++ \(k)")
        }
    }

    /// Hand-written pairs for the 13a tokeniser and chrF's word splitting: ASCII punctuation, decimals,
    /// entities, <skipped>, hyphenated line breaks, Python whitespace, combining marks, emoji, Arabic.
    @Test func edgeCasesEqualSacrebleu() {
        let e = Self.golden["edge_cases"]!
        let hyps = Self.strings(e["hyps"]), refs = Self.strings(e["refs"]).map { [$0] }
        #expect(abs(BLEU().corpusScore(hypotheses: hyps, references: refs).score - Self.number(e["corpus_BLEU"])) < 1e-6)
        #expect(abs(CHRF().corpusScore(hypotheses: hyps, references: refs).score - Self.number(e["corpus_chrF"])) < 1e-6)
        #expect(abs(CHRF.plusPlus.corpusScore(hypotheses: hyps, references: refs).score - Self.number(e["corpus_chrF++"])) < 1e-6)
        for (k, s) in e["sentences"]!.arrayValue!.enumerated() {
            let hyp = s["hyp"]!.stringValue!, ref = s["ref"]!.stringValue!
            #expect(abs(BLEU.sentenceScore(hypothesis: hyp, references: [ref]).score - Self.number(s["BLEU"])) < 1e-6, "BLEU \(k): \(hyp)")
            #expect(abs(CHRF().sentenceScore(hypothesis: hyp, references: [ref]).score - Self.number(s["chrF"])) < 1e-6, "chrF \(k): \(hyp)")
            #expect(abs(CHRF.plusPlus.sentenceScore(hypothesis: hyp, references: [ref]).score - Self.number(s["chrF++"])) < 1e-6, "chrF++ \(k): \(hyp)")
        }
    }

    @Test func signaturesAreSacrebleus() {
        let s = Self.golden["signatures"]!
        let refs = [["a"]]
        #expect(BLEU().signature(references: refs) == s["BLEU"]!.stringValue!)
        #expect(BLEU(effectiveOrder: true).signature(references: refs) == s["sentence_BLEU"]!.stringValue!)
        #expect(CHRF().signature(references: refs) == s["chrF"]!.stringValue!)
        #expect(CHRF.plusPlus.signature(references: refs) == s["chrF++"]!.stringValue!)
        #expect(BLEU().signature(references: [["a"], ["b", "c"]]).hasPrefix("nrefs:var|"))
        #expect(Self.golden["sacrebleu_version"]!.stringValue! == SacreBLEU.version)
    }

    @Test func tokenizer13aSplitsAsciiPunctuationOnly() {
        #expect(Tokenizer13a.tokenize("Hello, world! 3.5 and 1,000 (x) 1990-2000.") ==
                ["Hello", ",", "world", "!", "3.5", "and", "1,000", "(", "x", ")", "1990", "-", "2000", "."])
        #expect(Tokenizer13a.tokenize("هل تريد؟ نعم، شكراً.") == ["هل", "تريد؟", "نعم،", "شكراً", "."])
        #expect(Tokenizer13a.tokenize("&amp;quot;") == ["&", "quot", ";"])
    }

    /// Multiple references: BLEU clips by the maximum count over references and takes the closest length;
    /// chrF takes the reference with the best F-score.
    @Test func multipleReferences() {
        let hyp = "the cat sat on the mat"
        let one = BLEU().corpusScore(hypotheses: [hyp], references: [["a cat sat on a mat"]]).score
        let two = BLEU().corpusScore(hypotheses: [hyp], references: [["a cat sat on a mat", "the cat sat on the mat"]]).score
        #expect(two > one && abs(two - 100) < 1e-9)
        let chrf = CHRF().sentenceScore(hypothesis: hyp, references: ["xyz", hyp])
        #expect(chrf.score == 100 && chrf.signature.hasPrefix("nrefs:2|"))
    }
}
