// The hand-written GPT-2 scanner against the same regex run by ICU (NSRegularExpression).

import Foundation
import SmolCore
import Testing
@testable import SmolTokenizers

@Suite struct GPT2SplitterTests {
    static let pattern = #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#

    static func scanner(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        var out: [Range<Int>] = []
        bytes.withUnsafeBufferPointer { GPT2Splitter.split($0, 0..<bytes.count, into: &out) }
        return out.map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    static func regex(_ text: String) throws -> [String] {
        let re = try NSRegularExpression(pattern: pattern)
        let ns = text as NSString
        return re.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range) }
    }

    @Test func knownSplits() {
        #expect(GPT2SplitterTests.scanner("Hello, world!") == ["Hello", ",", " world", "!"])
        #expect(GPT2SplitterTests.scanner("I'm  here\n\n  now ") == ["I", "'m", " ", " here", "\n\n ", " now", " "])
        #expect(GPT2SplitterTests.scanner("it's 'quoted' x'll") == ["it", "'s", " '", "quoted", "'", " x", "'ll"])
        #expect(GPT2SplitterTests.scanner("a\tb") == ["a", "\t", "b"])
        #expect(GPT2SplitterTests.scanner("") == [])
    }

    @Test func agreesWithTheRegexOnRandomMixedText() throws {
        // Alphabet chosen to hit every alternative: letters of several scripts, combining marks, numbers
        // (incl. Arabic-Indic, Roman numeral, superscript), many kinds of whitespace, punctuation, apostrophes.
        let alphabet: [String] = ["a", "Z", "é", "ß", "ع", "ـ", "َ", "中", "ö", "1", "٣", "Ⅻ", "²", " ", " ", "  ", "\t", "\n", "\r\n",
                                  "\u{00A0}", "\u{3000}", "\u{2028}", ".", ",", "!", "'", "'s", "'re", "'ll", "'d", "😀", "—", "_", "$", "\u{200F}"]
        let rng = CounterRNG(seed: 7, stream: 1)
        var index: UInt64 = 0
        for _ in 0..<400 {
            var text = ""
            let length = 1 + rng.integer(below: 24, at: index); index += 1
            for _ in 0..<length { text += alphabet[rng.integer(below: alphabet.count, at: index)]; index += 1 }
            #expect(GPT2SplitterTests.scanner(text) == (try GPT2SplitterTests.regex(text)), "text: \(text.debugDescription)")
        }
    }
}
