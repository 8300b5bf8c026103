// Round trips, batch encoding and the public encode/decode surface.

import SmolCore
import Testing
@testable import SmolTokenizers

@Suite struct TokenizerTests {
    /// A random valid UTF-8 string: random scalars from all planes (surrogates skipped), seeded.
    static func randomString(_ rng: CounterRNG, _ index: inout UInt64) -> String {
        var scalars = String.UnicodeScalarView()
        let length = rng.integer(below: 40, at: index); index += 1
        for _ in 0..<length {
            let plane = rng.integer(below: 4, at: index); index += 1
            let bound = [0x80, 0x800, 0x10000, 0x110000][plane]
            var value = UInt32(rng.integer(below: bound, at: index)); index += 1
            if (0xD800..<0xE000).contains(value) { value = 0x20 }
            scalars.append(Unicode.Scalar(value)!)
        }
        return String(scalars)
    }

    @Test func randomUnicodeRoundTrips() throws {
        let tokenizer = try Fixtures.loadTokenizerA()
        let rng = CounterRNG(seed: 2024, stream: 3)
        var index: UInt64 = 0
        for _ in 0..<500 {
            let s = TokenizerTests.randomString(rng, &index)
            #expect(tokenizer.decode(tokenizer.encode(s)) == s, "string: \(s.debugDescription)")
        }
    }

    @Test func mixedScriptTextRoundTrips() throws {
        let tokenizer = try Fixtures.loadTokenizerA()
        let texts = [
            "English, العربية, 中文, русский, हिन्दी, 日本語のテキスト, 한국어 — and emoji 👩‍👩‍👧‍👦🇸🇦!",
            "code: for (i = 0; i < n; i++) { x[i] += 3.14e-2; }\r\n\ttab\u{00A0}nbsp\u{2009}thin",
            "<|im_start|>system\nYou are helpful.<|im_end|>\n<|im_start|>user\nمرحبا 123<|im_end|>\n",
            "zero\u{200B}width\u{200D}joiner and a lone combining mark \u{0301} at start",
        ]
        for t in texts { #expect(tokenizer.decode(tokenizer.encode(t)) == t) }
    }

    @Test func batchEncodingMatchesSingleEncodingForAnyThreadCount() throws {
        let tokenizer = try Fixtures.loadTokenizerA()
        let rng = CounterRNG(seed: 5, stream: 0)
        var index: UInt64 = 0
        let texts = (0..<300).map { i in i % 3 == 0 ? "the cell \(i) is the powerhouse" : TokenizerTests.randomString(rng, &index) }
        let single = texts.map { tokenizer.encode($0) }
        for threads in [1, 2, 3] { #expect(tokenizer.encodeBatch(texts, threads: threads) == single) }
        #expect(tokenizer.countTokens(texts, threads: 2) == single.map(\.count))
    }

    @Test func invalidUTF8InTokensDecodesToReplacementCharacters() throws {
        let tokenizer = try Fixtures.loadTokenizerA()
        let ids = tokenizer.encode("😀")
        #expect(ids.count == 4)
        #expect(tokenizer.decode(Array(ids.prefix(2))) == "\u{FFFD}")
    }

    @Test func addedTokenFlagsLstripRstripSingleWord() throws {
        let json = #"""
        {"added_tokens":[{"id":3,"content":"<mask>","single_word":false,"lstrip":true,"rstrip":true,"normalized":false,"special":true},
                         {"id":4,"content":"cat","single_word":true,"lstrip":false,"rstrip":false,"normalized":false,"special":false}],
         "pre_tokenizer":{"type":"ByteLevel","add_prefix_space":false,"use_regex":true},"decoder":{"type":"ByteLevel"},
         "model":{"type":"BPE","vocab":{"a":0,"c":1,"t":2,"Ġ":5,"s":6},"merges":[]}}
        """#
        let t = try Tokenizer(json: Tokenizer.parseJSON(Array(json.utf8), path: "inline"), config: nil, path: "inline")
        #expect(t.encode("a  <mask>  a") == [0, 3, 0])          // the spaces around <mask> are absorbed
        #expect(t.encode("a cat") == [0, 5, 4])                  // a whole word: matched
        #expect(t.encode("cats") == [1, 0, 2, 6])                // inside a word: not matched
        #expect(t.vocabularySize == 7)
    }

    @Test func addPrefixSpaceAndTemplatePostProcessor() throws {
        let json = #"""
        {"added_tokens":[{"id":9,"content":"<s>","special":true}],
         "pre_tokenizer":{"type":"ByteLevel","add_prefix_space":true,"use_regex":true},
         "post_processor":{"type":"TemplateProcessing","single":[{"SpecialToken":{"id":"<s>","type_id":0}},{"Sequence":{"id":"A","type_id":0}}],
                           "pair":[],"special_tokens":{"<s>":{"id":"<s>","ids":[9],"tokens":["<s>"]}}},
         "decoder":{"type":"ByteLevel"},
         "model":{"type":"BPE","vocab":{"a":0,"Ġ":1,"Ġa":2},"merges":["Ġ a"]}}
        """#
        let t = try Tokenizer(json: Tokenizer.parseJSON(Array(json.utf8), path: "inline"), config: nil, path: "inline")
        #expect(t.encode("a") == [2])
        #expect(t.encode("a", addSpecialTokens: true) == [9, 2])
    }

    @Test func splitPreTokenizerBehaviours() throws {
        func pieces(_ behavior: SplitBehavior, invert: Bool = false) throws -> [String] {
            let pre = PreTokenizer.split(try SplitPattern(isRegex: false, source: "-", path: "t"), behavior: behavior, invert: invert)
            var bytes = Array("a-b--c".utf8)
            var ranges = [0..<bytes.count]
            pre.apply(&bytes, &ranges)
            return ranges.map { String(decoding: bytes[$0], as: UTF8.self) }
        }
        #expect(try pieces(.removed) == ["a", "b", "c"])
        #expect(try pieces(.isolated) == ["a", "-", "b", "-", "-", "c"])
        #expect(try pieces(.mergedWithPrevious) == ["a-", "b-", "-", "c"])
        #expect(try pieces(.mergedWithNext) == ["a", "-b", "-", "-c"])
        #expect(try pieces(.contiguous) == ["a", "-", "b", "--", "c"])
        #expect(try pieces(.removed, invert: true) == ["-", "-", "-"])
    }

    @Test func llama3StyleRegexSplitRunsThroughICU() throws {
        let pattern = #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
        let pre = PreTokenizer.split(try SplitPattern(isRegex: true, source: pattern, path: "t"), behavior: .isolated, invert: false)
        var bytes = Array("I'LL pay 12345 dollars!\n\nOK".utf8)
        var ranges = [0..<bytes.count]
        pre.apply(&bytes, &ranges)
        #expect(ranges.map { String(decoding: bytes[$0], as: UTF8.self) } == ["I", "'LL", " pay", " ", "123", "45", " dollars", "!\n\n", "OK"])
    }

    @Test func normalizersApplyBeforePreTokenization() throws {
        let json = #"""
        {"normalizer":{"type":"Sequence","normalizers":[{"type":"NFKC"},{"type":"Lowercase"}]},
         "pre_tokenizer":{"type":"ByteLevel","add_prefix_space":false},"decoder":{"type":"ByteLevel"},
         "model":{"type":"BPE","vocab":{"a":0,"b":1,"ﬁ":2,"f":3,"i":4},"merges":[]}}
        """#
        let t = try Tokenizer(json: Tokenizer.parseJSON(Array(json.utf8), path: "inline"), config: nil, path: "inline")
        #expect(t.encode("AB") == [0, 1])
        #expect(t.encode("ﬁ") == [3, 4])   // NFKC folds the ligature before BPE
    }

    @Test func normalizedAddedTokensMatchAfterNormalisationRawOnesBefore() throws {
        let json = #"""
        {"added_tokens":[{"id":5,"content":"ab","normalized":true,"special":false},{"id":6,"content":"<X>","normalized":false,"special":true}],
         "normalizer":{"type":"Lowercase"},"pre_tokenizer":{"type":"ByteLevel","add_prefix_space":false},"decoder":{"type":"ByteLevel"},
         "model":{"type":"BPE","vocab":{"a":0,"b":1,"<":2,"x":3,">":4},"merges":[]}}
        """#
        let t = try Tokenizer(json: Tokenizer.parseJSON(Array(json.utf8), path: "inline"), config: nil, path: "inline")
        #expect(t.encode("AB<X>ab") == [5, 6, 5])      // "AB" lowercases to the added token; "<X>" is matched before lowercasing
        #expect(t.encode("<x>") == [2, 3, 4])          // the raw token is case-sensitive
    }
}
