// Regex Split pre-tokenizers (Llama-3, Qwen2) run through ICU, compared id for id with Hugging Face
// `tokenizers` (Oniguruma) on seeded random mixed-script strings, when a reference Python has `tokenizers`.

import Foundation
import SmolCore
import SmolTestSupport
import Testing
@testable import SmolTokenizers

@Suite(.enabled(if: ReferencePython.tokenizers != nil,
                "no Python with `tokenizers`: run scripts/test.sh or set SMOL_PYTHON; skipping the HF comparison"))
struct PreTokenizerTests {
    static let patterns: [String: String] = [
        "llama3": #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#,
        "qwen2": #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#,
    ]

    static func randomTexts() -> [String] {
        let alphabet = ["a", "Z", "é", "ß", "ع", "ـ", "َ", "中", "1", "٣", "Ⅻ", "²", " ", "  ", "\t", "\n", "\r\n", "\u{00A0}", "\u{3000}",
                        ".", ",", "!", "'", "'S", "'re", "'LL", "😀", "—", "_", "$", "\u{200F}", "12345"]
        let rng = CounterRNG(seed: 99, stream: 0)
        var index: UInt64 = 0
        return (0..<300).map { _ in
            var text = ""
            let n = 1 + rng.integer(below: 20, at: index); index += 1
            for _ in 0..<n { text += alphabet[rng.integer(below: alphabet.count, at: index)]; index += 1 }
            return text
        }
    }

    @Test("ICU regex split matches HF ids", arguments: ["llama3", "qwen2"])
    func splitMatchesHuggingFace(_ name: String) throws {
        guard case .object(var members) = try Tokenizer.parseJSON(Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.tokenizerA))), path: "a") else {
            Issue.record("tokenizer-a is not a JSON object"); return
        }
        let pre: JSONValue = .object([("type", .string("Sequence")), ("pretokenizers", .array([
            .object([("type", .string("Split")), ("pattern", .object([("Regex", .string(PreTokenizerTests.patterns[name]!))])),
                     ("behavior", .string("Isolated")), ("invert", .bool(false))]),
            .object([("type", .string("ByteLevel")), ("add_prefix_space", .bool(false)), ("trim_offsets", .bool(true)), ("use_regex", .bool(false))]),
        ]))])
        members = members.map { $0.0 == "pre_tokenizer" ? ($0.0, pre) : $0 }
        let tokenizer = try Tokenizer(json: .object(members), config: nil, path: name)
        let directory = NSTemporaryDirectory() + "smol-pre-\(name)-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try tokenizer.save(to: directory + "/tokenizer.json")
        let texts = PreTokenizerTests.randomTexts()
        try JSONSerialization.data(withJSONObject: texts).write(to: URL(fileURLWithPath: directory + "/texts.json"))

        let output = try ReferencePython.run(try #require(ReferencePython.tokenizers), ["-c", """
            import json, sys
            from tokenizers import Tokenizer
            t = Tokenizer.from_file(sys.argv[1] + "/tokenizer.json")
            print(json.dumps([e.ids for e in t.encode_batch(json.load(open(sys.argv[1] + "/texts.json")))]))
            """, directory])
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[Int]])
        #expect(expected.count == texts.count)
        for (text, ids) in zip(texts, expected) { #expect(tokenizer.encode(text) == ids, "\(name): \(text.debugDescription)") }
    }
}

/// Split pieces whose boundaries fall inside a grapheme cluster (a letter and its combining mark, an
/// emoji and its modifier): HF splits on scalars, so smol must too. Runs without python.
@Suite struct SplitPreTokenizerBoundaryTests {
    /// The strings of `pre`'s pieces of `text`.
    static func pieces(_ pre: PreTokenizer, _ text: String) -> [String] {
        var buffer = Array(text.utf8)
        var ranges: [Range<Int>] = buffer.isEmpty ? [] : [0..<buffer.count]
        pre.apply(&buffer, &ranges)
        return ranges.map { String(decoding: buffer[$0], as: UTF8.self) }
    }

    static func split(_ name: String, _ behavior: SplitBehavior = .isolated) throws -> PreTokenizer {
        let source = PreTokenizerTests.patterns[name] ?? name
        return .split(try SplitPattern(isRegex: true, source: source, path: name), behavior: behavior, invert: false)
    }

    // Expected pieces produced with Hugging Face tokenizers 0.23.3:
    //   pre_tokenizers.Split(Regex(<pattern>), "isolated").pre_tokenize_str(text)
    static let huggingFacePieces: [String: [(String, [String])]] = [
        "qwen2": [
            ("\u{628}\u{650}\u{633}\u{652}\u{645}\u{650}", ["\u{628}", "\u{650}\u{633}", "\u{652}\u{645}", "\u{650}"]),
            ("\u{628}\u{650}\u{633}\u{652}\u{645}\u{650} \u{627}\u{644}\u{644}\u{64E}\u{651}\u{647}\u{650} \u{627}\u{644}\u{631}\u{64E}\u{651}\u{62D}\u{652}\u{645}\u{64E}\u{670}\u{646}\u{650}", ["\u{628}", "\u{650}\u{633}", "\u{652}\u{645}", "\u{650}", " \u{627}\u{644}\u{644}", "\u{64E}\u{651}", "\u{647}", "\u{650}", " \u{627}\u{644}\u{631}", "\u{64E}\u{651}", "\u{62D}", "\u{652}\u{645}", "\u{64E}\u{670}", "\u{646}", "\u{650}"]),
            ("e\u{301}te\u{301} cafe\u{301}!", ["e", "\u{301}te", "\u{301}", " cafe", "\u{301}!"]),
            ("\u{1F44D}\u{1F3FD} ok \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} fine", ["\u{1F44D}\u{1F3FD}", " ok", " \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}", " fine"]),
            ("a\u{FEFF}'RE\u{A0}\u{300}", ["a", "\u{FEFF}'", "RE", "\u{A0}", "\u{300}"]),
            ("x\u{D}\u{A}\u{301}y  \u{301}z", ["x", "\u{D}\u{A}", "\u{301}y", " ", " \u{301}", "z"]),
            ("12345 \u{661}\u{662}\u{663}\u{664} 6", ["1", "2", "3", "4", "5", " ", "\u{661}", "\u{662}", "\u{663}", "\u{664}", " ", "6"]),
            ("\u{FDFA} \u{640}\u{640}\u{640} \u{637}\u{640}\u{640}\u{640}\u{648}\u{64A}\u{644}", ["\u{FDFA}", " \u{640}\u{640}\u{640}", " \u{637}\u{640}\u{640}\u{640}\u{648}\u{64A}\u{644}"]),
            ("English \u{627}\u{644}\u{639}\u{631}\u{628}\u{64A}\u{629} 42.", ["English", " \u{627}\u{644}\u{639}\u{631}\u{628}\u{64A}\u{629}", " ", "4", "2", "."]),
            ("\u{92E}\u{928}\u{941}\u{937}\u{94D}\u{92F} 'll \u{915}\u{94D}\u{937}", ["\u{92E}\u{928}", "\u{941}\u{937}", "\u{94D}\u{92F}", " '", "ll", " \u{915}", "\u{94D}\u{937}"]),
        ],
        "llama3": [
            ("\u{628}\u{650}\u{633}\u{652}\u{645}\u{650}", ["\u{628}", "\u{650}\u{633}", "\u{652}\u{645}", "\u{650}"]),
            ("e\u{301}te\u{301} cafe\u{301}!", ["e", "\u{301}te", "\u{301}", " cafe", "\u{301}!"]),
            ("a\u{FEFF}'RE\u{A0}\u{300}", ["a", "\u{FEFF}'", "RE", "\u{A0}", "\u{300}"]),
            ("x\u{D}\u{A}\u{301}y  \u{301}z", ["x", "\u{D}\u{A}", "\u{301}y", " ", " \u{301}", "z"]),
            ("12345 \u{661}\u{662}\u{663}\u{664} 6", ["123", "45", " ", "\u{661}\u{662}\u{663}", "\u{664}", " ", "6"]),
            ("English \u{627}\u{644}\u{639}\u{631}\u{628}\u{64A}\u{629} 42.", ["English", " \u{627}\u{644}\u{639}\u{631}\u{628}\u{64A}\u{629}", " ", "42", "."]),
            ("\u{92E}\u{928}\u{941}\u{937}\u{94D}\u{92F} 'll \u{915}\u{94D}\u{937}", ["\u{92E}\u{928}", "\u{941}\u{937}", "\u{94D}\u{92F}", " '", "ll", " \u{915}", "\u{94D}\u{937}"]),
        ],
    ]

    @Test("regex split pieces equal HF's on diacritics, combining marks and emoji", arguments: ["qwen2", "llama3"])
    func regexSplitMatchesHuggingFaceInsideGraphemes(_ name: String) throws {
        let pre = try SplitPreTokenizerBoundaryTests.split(name)
        for (text, expected) in SplitPreTokenizerBoundaryTests.huggingFacePieces[name]! {
            #expect(SplitPreTokenizerBoundaryTests.pieces(pre, text) == expected, "\(name): \(text.debugDescription)")
        }
    }

    @Test func removedWhitespaceInsideAGraphemeIsRemoved() throws {
        // HF tokenizers 0.23.3: pre_tokenizers.Split(Regex(r"\s+"), "removed").pre_tokenize_str(text)
        let pre = try SplitPreTokenizerBoundaryTests.split(#"\s+"#, .removed)
        #expect(SplitPreTokenizerBoundaryTests.pieces(pre, "a\u{FEFF}'RE\u{A0}\u{300}") == ["a\u{FEFF}'RE", "\u{300}"])
        #expect(SplitPreTokenizerBoundaryTests.pieces(pre, "x \u{301}y\u{3000}\u{308}z") == ["x", "\u{301}y", "\u{308}z"])
        #expect(SplitPreTokenizerBoundaryTests.pieces(pre, "e\u{301} \u{301}") == ["e\u{301}", "\u{301}"])
    }

    /// Isolated pieces computed by a reference that never converts offsets itself: NSString cuts the
    /// text at the regex's UTF-16 match ranges.
    static func referencePieces(_ pattern: String, _ text: String) throws -> [String] {
        let regex = try NSRegularExpression(pattern: pattern)
        let ns = text as NSString
        var out: [String] = []
        var previous = 0
        for m in regex.matches(in: text, range: NSRange(location: 0, length: ns.length)) where m.range.length > 0 {
            if m.range.location > previous { out.append(ns.substring(with: NSRange(location: previous, length: m.range.location - previous))) }
            out.append(ns.substring(with: m.range))
            previous = m.range.location + m.range.length
        }
        if previous < ns.length { out.append(ns.substring(from: previous)) }
        return out
    }

    @Test("random strings with marks, modifiers and joiners split like the NSString reference", arguments: ["qwen2", "llama3"])
    func randomGraphemeHeavyTextMatchesTheReference(_ name: String) throws {
        let alphabet = ["a", "Z", "e", "\u{301}", "\u{308}", "\u{628}", "\u{650}", "\u{652}", "\u{651}", "\u{640}", "\u{670}",
                        "\u{915}", "\u{94D}", "\u{1F44D}", "\u{1F3FD}", "\u{200D}", "\u{200C}", "\u{FE0F}", "\u{1F1F8}", "\u{1F1E6}",
                        " ", "\u{A0}", "\u{3000}", "\n", "\r\n", "'", "'ll", "1", "\u{663}", ".", "\u{FEFF}", "\u{10348}"]
        let pre = try SplitPreTokenizerBoundaryTests.split(name)
        let rng = CounterRNG(seed: 7, stream: 1)
        var index: UInt64 = 0
        for _ in 0..<400 {
            var text = ""
            let n = 1 + rng.integer(below: 24, at: index); index += 1
            for _ in 0..<n { text += alphabet[rng.integer(below: alphabet.count, at: index)]; index += 1 }
            let expected = try SplitPreTokenizerBoundaryTests.referencePieces(PreTokenizerTests.patterns[name]!, text)
            #expect(SplitPreTokenizerBoundaryTests.pieces(pre, text) == expected, "\(name): \(text.debugDescription)")
            #expect(expected.joined() == text)
        }
    }
}
