// Arabic through exact byte-level BPE: combining marks, tatweel, presentation forms, Arabic-Indic
// digits and bidirectional control characters. Expected ids were produced by Hugging Face
// `tokenizers` 0.23.3 on the fixture tokenizer-a (Tokenizer.from_file(...).encode(text).ids).

import Testing
@testable import SmolTokenizers

@Suite struct ArabicTests {
    static let references: [(String, [Int])] = [
        ("مَرْحَبًا بِكُمْ", [262, 152, 239, 264, 152, 243, 283, 152, 239, 274, 152, 236, 259, 270, 104, 152, 241, 276, 152, 240, 262, 152, 243]),
        ("العـــربية", [263, 279, 152, 225, 152, 225, 152, 225, 264, 274, 282]),
        ("ﻣﺮﺣﺒﺎ ﺑﺎﻟﻌﺎﻟﻢ", [174, 122, 99, 174, 121, 109, 174, 121, 99, 174, 121, 243, 174, 121, 239, 223, 174, 121, 242, 174, 121, 239,
                           174, 122, 256, 174, 122, 237, 174, 121, 239, 174, 122, 256, 174, 122, 98]),
        ("عام ٢٠٢٤ هو 2024.", [279, 259, 262, 223, 152, 98, 152, 257, 152, 98, 152, 100, 223, 293, 265, 223, 20, 18, 20, 22, 16]),
        ("\u{200F}النص العربي\u{200E} English text \u{202B}مضمن\u{202C}.",
         [161, 225, 240, 263, 268, 290, 269, 279, 264, 274, 261, 161, 225, 239, 223, 39, 80, 73, 78, 303, 74, 275, 71, 90, 86, 223,
          161, 225, 107, 262, 151, 117, 262, 268, 161, 225, 108, 16]),
        ("ﷺ ﷲ ﻻ", [174, 118, 121, 223, 174, 118, 113, 223, 174, 122, 122]),
        ("لا إله إلا الله", [260, 259, 270, 101, 260, 293, 270, 101, 260, 259, 269, 260, 293]),
    ]

    @Test("Arabic matches HF ids and round-trips exactly", arguments: ArabicTests.references.indices)
    func matchesReference(_ index: Int) throws {
        let tokenizer = try Fixtures.loadTokenizerA()
        let (text, expected) = ArabicTests.references[index]
        let ids = tokenizer.encode(text)
        #expect(ids == expected)
        #expect(tokenizer.decode(ids) == text)
    }

    @Test func combiningMarksAreKeptNotNormalisedAway() throws {
        let tokenizer = try Fixtures.loadTokenizerA()
        let voweled = "مَرْحَبًا", bare = "مرحبا"
        #expect(tokenizer.encode(voweled) != tokenizer.encode(bare))
        #expect(tokenizer.decode(tokenizer.encode(voweled)).unicodeScalars.elementsEqual(voweled.unicodeScalars))
    }

    @Test func presentationFormsStayDistinctWithoutANormalizer() throws {
        let tokenizer = try Fixtures.loadTokenizerA()
        let forms = "ﻣﺮﺣﺒﺎ", base = "مرحبا"
        // Canonically different scalars: exact byte-level BPE must not fold them.
        #expect(tokenizer.encode(forms) != tokenizer.encode(base))
        #expect(tokenizer.decode(tokenizer.encode(forms)).unicodeScalars.elementsEqual(forms.unicodeScalars))
    }

    @Test func arabicIndicDigitsAreSplitOneByOne() throws {
        let tokenizer = try Fixtures.loadTokenizerA()
        let ids = tokenizer.encode("٢٠٢٤")
        // Each digit is its own pre-token (Digits individual_digits), so the decoded pieces regroup into single digits.
        var pieces: [String] = []
        var pending: [Int] = []
        for id in ids {
            pending.append(id)
            let text = tokenizer.decode(pending)
            if !text.contains("\u{FFFD}") { pieces.append(text); pending.removeAll() }
        }
        #expect(pieces == ["٢", "٠", "٢", "٤"])
    }

    @Test func tatweelIsALetterAndStaysInsideTheWord() throws {
        // U+0640 TATWEEL is Lm, so `\p{L}+` keeps an elongated word as one pre-token.
        var pieces: [Range<Int>] = []
        var bytes = Array("العـــربية".utf8)
        PreTokenizer.byteLevel(addPrefixSpace: false, trimOffsets: true, useRegex: true).apply(&bytes, &pieces)
        #expect(pieces.isEmpty)  // nothing to split when no initial piece is given
        pieces = [0..<bytes.count]
        PreTokenizer.byteLevel(addPrefixSpace: false, trimOffsets: true, useRegex: true).apply(&bytes, &pieces)
        #expect(pieces == [0..<bytes.count])
    }
}
