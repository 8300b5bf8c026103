import Foundation
import SmolCore
import SmolDatasets
import SmolTestSupport
import SmolTokenizers
import SmolTranslation
import Testing

/// Segmenting: every unit and window reassembles the source byte for byte (Arabic, emoji, combining
/// marks, CRLF, odd spaces), cuts on character boundaries, keeps to the window, prefers whitespace.
@Suite struct SegmenterTests {
    static let tokenizer = try! Tokenizer.load(path: Repository.fixture("tokenizer-a/tokenizer.json"))

    static let documents: [String] = [
        "The Debian project was founded in 1993. It is a volunteer organisation! Does it work? Yes.\n\nA second paragraph follows, e.g. this one.",
        "  يعيد هذا الفصل النظر في بعض القضايا التي ناقشناها سابقاً، لكن من وجهة نظر مختلفة.\n\nهل تريد حذف الملف نهائيًا؟ نعم.  ",
        "Emoji 😀 and a family 👨‍👩‍👧 and flags 🇸🇦🇺🇸 and skin 👍🏽 mixed with عربي text.",
        "Combining: e\u{301}, ä, Arabic harakat: مُحَمَّد, Hebrew שָׁלוֹם.\r\nCRLF line\r\n\r\nNext\u{00A0}para\u{2003}with odd\tspaces.",
        "Averyveryverylongwordwithoutanywhitespaceatallthatgoesonandonforlongerthanthewindow😀😀😀😀😀😀😀😀😀😀مرحبامرحبامرحبا",
        "",
        "   \n\n \t ",
        "x",
        "One.\nTwo lines.\n\n\n\nThree after many breaks.\n",
    ]

    func check(_ document: String, _ segmenter: Segmenter, sourceLocation: SourceLocation = #_sourceLocation) {
        let pieces = segmenter.pieces(document)
        #expect(!pieces.isEmpty, sourceLocation: sourceLocation)
        let joined = pieces.map { $0.leading + $0.text + $0.trailing }.joined()
        #expect(Array(joined.utf8) == Array(document.utf8), "not byte-exact for \(segmenter.unit) \(segmenter.window)", sourceLocation: sourceLocation)
        // Cuts fall between grapheme clusters: the pieces' characters are the document's.
        let characters = pieces.reduce(0) { $0 + $1.leading.count + $1.text.count + $1.trailing.count }
        #expect(characters == document.count, "a cut split a character (\(segmenter.unit) \(segmenter.window))", sourceLocation: sourceLocation)
        for (k, p) in pieces.enumerated() {
            #expect(k == 0 || p.leading.isEmpty, sourceLocation: sourceLocation)
            #expect(p.text.first?.isWhitespace != true && p.text.last?.isWhitespace != true, "\(p.text.debugDescription)", sourceLocation: sourceLocation)
            #expect(p.leading.allSatisfy(\.isWhitespace) && p.trailing.allSatisfy(\.isWhitespace), sourceLocation: sourceLocation)
            #expect(p.tokens == Self.tokenizer.encode(p.text).count, sourceLocation: sourceLocation)
            #expect(p.tokens <= segmenter.window || p.text.count == 1, "\(p.tokens) tokens > \(segmenter.window): \(p.text.debugDescription)", sourceLocation: sourceLocation)
            #expect(!p.text.isEmpty || pieces.count == 1, sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: [1, 2, 3, 5, 8, 13, 40, 200])
    func everyUnitReassemblesByteExactly(window: Int) {
        for unit in SegmentUnit.allCases {
            let segmenter = Segmenter(unit: unit, window: window, tokenizer: Self.tokenizer)
            for document in Self.documents { check(document, segmenter) }
        }
    }

    /// A normalising tokenizer's tokens are not the text's bytes: windows are found by bisection on
    /// each window's own count, and still reassemble exactly.
    @Test func normalisingTokenizerFallsBackToBisection() throws {
        let json = try String(contentsOfFile: Repository.fixture("tokenizer-a/tokenizer.json"), encoding: .utf8)
            .replacingOccurrences(of: "\"normalizer\": null", with: "\"normalizer\": {\"type\": \"Lowercase\"}")
        let path = NSTemporaryDirectory() + "smol-lowercase-\(UUID().uuidString).json"
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        let lower = try Tokenizer.load(path: path)
        #expect(!lower.preservesBytes && Self.tokenizer.preservesBytes)
        for window in [1, 4, 9, 50] {
            for unit in SegmentUnit.allCases {
                let segmenter = Segmenter(unit: unit, window: window, tokenizer: lower)
                for document in Self.documents {
                    let pieces = segmenter.pieces(document)
                    #expect(Array(pieces.map { $0.leading + $0.text + $0.trailing }.joined().utf8) == Array(document.utf8))
                    for p in pieces { #expect(p.tokens <= window || p.text.count == 1, "\(p.text.debugDescription)") }
                }
            }
        }
    }

    /// Random texts over an alphabet of multi-byte scalars, combining marks, ZWJ and whitespace.
    @Test func randomTextsReassembleByteExactly() {
        let alphabet: [String] = ["a", "b", " ", "  ", "\n", "\n\n", "\r\n", "\t", "\u{00A0}", ".", "؟", "!", "é", "e\u{301}",
                                  "م", "ُ", "ّ", "😀", "👨‍👩‍👧", "🇸🇦", "👍🏽", "中", "\u{200D}", "ab.", " A."]
        let rng = CounterRNG(seed: 7, stream: 0)
        var draw: UInt64 = 0
        for trial in 0..<60 {
            var text = ""
            for _ in 0..<(5 + trial * 3) {
                text += alphabet[Int(rng.uint64(at: draw) % UInt64(alphabet.count))]
                draw += 1
            }
            let window = 1 + Int(rng.uint64(at: draw) % 12)
            draw += 1
            for unit in SegmentUnit.allCases { check(text, Segmenter(unit: unit, window: window, tokenizer: Self.tokenizer)) }
        }
    }

    @Test func windowsCutAtWhitespaceWhenTheyCan() {
        let words = (0..<120).map { ["river", "valley", "mountain", "ocean", "forest"][$0 % 5] }.joined(separator: " ")
        let pieces = Segmenter(unit: .window, window: 20, tokenizer: Self.tokenizer).pieces(words)
        #expect(pieces.count > 5)
        for p in pieces.dropLast() { #expect(p.trailing == " ", "\(p.text.suffix(12).debugDescription)") }
        let vocabulary: Set<Substring> = ["river", "valley", "mountain", "ocean", "forest"]
        for p in pieces { #expect(p.text.split(separator: " ").allSatisfy(vocabulary.contains)) }
    }

    @Test func sentencesAndParagraphs() {
        let text = "Dr. Smith arrived at 3.5 p.m. today, e.g. early. He left! Did he? Yes.\n\nNew paragraph. مرحبا؟ نعم."
        let sentences = Segmenter(unit: .sentence, window: 500, tokenizer: Self.tokenizer).pieces(text).map(\.text)
        #expect(sentences == ["Dr. Smith arrived at 3.5 p.m. today, e.g. early.", "He left!", "Did he?", "Yes.", "New paragraph.", "مرحبا؟", "نعم."])
        let paragraphs = Segmenter(unit: .paragraph, window: 500, tokenizer: Self.tokenizer).pieces(text)
        #expect(paragraphs.map(\.text) == ["Dr. Smith arrived at 3.5 p.m. today, e.g. early. He left! Did he? Yes.", "New paragraph. مرحبا؟ نعم."])
        #expect(paragraphs[0].trailing == "\n\n")
        #expect(Segmenter(unit: .window, window: 500, tokenizer: Self.tokenizer).pieces(text).count == 1)
    }

    @Test func corpusKeepsDocumentsAndRoundTrips() throws {
        let records: [JSONValue] = Self.documents.enumerated().map { i, text in
            RecordID.assign(.object([("source", .string(text)), ("target", .string("ترجمة \(i)")),
                                     ("source_lang", .string("en")), ("target_lang", .string("ar"))]))
        }
        let dataset = Dataset(schema: .translation, records: records, name: "docs")
        let corpus = try SegmentedCorpus.make(dataset, segmenter: Segmenter(unit: .window, window: 6, tokenizer: Self.tokenizer))
        #expect(corpus.documents.count == Self.documents.count)
        #expect(corpus.documentRanges.allSatisfy { !$0.isEmpty })
        for (d, text) in Self.documents.enumerated() {
            #expect(Array(corpus.source(of: d).utf8) == Array(text.utf8))
            #expect(corpus.documents[d].reference == "ترجمة \(d)")
        }
        let bytes = corpus.canonicalJSONL()
        let back = try SegmentedCorpus(canonicalJSONL: bytes)
        #expect(back == corpus)
        #expect(back.canonicalJSONL() == bytes)
        #expect(corpus.targetLanguage == "ar" && corpus.sourceLanguage == "en")
    }
}
