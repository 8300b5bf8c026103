// Added tokens' single_word flag, checked against Hugging Face tokenizers on the scalars where a naive
// "letter, number or underscore" rule differs from Rust regex's `\w`.

import Testing
@testable import SmolTokenizers

@Suite struct AddedTokensTests {
    /// Vocabulary w q z x a b (ids 0…5), no merges, no pre-tokenizer; added tokens from `added`.
    static func tokenizer(_ added: String) throws -> Tokenizer {
        let json = """
        {"added_tokens":[\(added)],
         "model":{"type":"BPE","vocab":{"w":0,"q":1,"z":2,"x":3,"a":4,"b":5},"merges":[]}}
        """
        return try Tokenizer(json: Tokenizer.parseJSON(Array(json.utf8), path: "inline"), config: nil, path: "inline")
    }

    // Expected ids produced with Hugging Face tokenizers 0.23.3:
    //   t = Tokenizer(models.BPE(vocab={w:0,q:1,z:2,x:3,a:4,b:5}, merges=[]))
    //   t.add_tokens([AddedToken("wqz", single_word=True, normalized=False)]); t.encode(text).ids
    static let singleWordCases: [(String, [Int])] = [
        ("wqz\u{B2}", [6]),            // ² is No: not a word character
        ("\u{BD}wqz", [6]),            // ½ is No
        ("wqz\u{200D}", [0, 1, 2]),    // ZWJ is Join_Control: a word character
        ("wqz\u{200C}", [0, 1, 2]),    // ZWNJ too
        ("\u{203F}wqz", [0, 1, 2]),    // ‿ is connector punctuation (Pc)
        ("wqz\u{301}", [0, 1, 2]),     // a combining mark (Mn)
        ("wqz\u{20DD}", [0, 1, 2]),    // an enclosing mark (Me)
        ("wqz_", [0, 1, 2]),
        ("1wqz", [0, 1, 2]),
        ("wqz\u{663}", [0, 1, 2]),     // Arabic-Indic digit (Nd)
        ("wqz\u{216B}", [0, 1, 2]),    // Ⅻ is Nl, which is Alphabetic
        ("xwqz", [3, 0, 1, 2]),
        (" wqz ", [6]),
    ]

    @Test func singleWordUsesRustRegexWordCharacters() throws {
        let t = try AddedTokensTests.tokenizer(#"{"id":6,"content":"wqz","single_word":true,"normalized":false,"special":false}"#)
        for (text, ids) in AddedTokensTests.singleWordCases {
            // No pre-tokenizer and no decoder: spaces are not in the vocabulary, so compare without them.
            #expect(t.encode(text).filter { $0 >= 0 } == ids, "\(text.debugDescription)")
        }
    }

    @Test func aRejectedSingleWordMatchIsSkippedNotShortened() throws {
        // HF tokenizers 0.23.3 with added tokens abz (single_word, id 6), bz (7), zq (8):
        //   "xabz" -> [3, 4, 5, 2], "abzq" -> [4, 5, 2, 1], "abz" -> [6]
        let t = try AddedTokensTests.tokenizer(#"""
            {"id":6,"content":"abz","single_word":true,"normalized":false,"special":false},
            {"id":7,"content":"bz","normalized":false,"special":false},
            {"id":8,"content":"zq","normalized":false,"special":false}
            """#)
        #expect(t.encode("xabz") == [3, 4, 5, 2])
        #expect(t.encode("abzq") == [4, 5, 2, 1])
        #expect(t.encode("abz") == [6])
    }
}
