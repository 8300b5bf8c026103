// Token accounting and the token premium of one language over another.

import Foundation
import Testing
@testable import SmolTokenizers

@Suite struct TokenCountTests {
    @Test func countsTokensWordsAndCharacters() throws {
        let tokenizer = try Fixtures.loadTokenizerA()
        let texts = ["Hello, world!", "  two  spaces\tand a tab\nnewline", ""]
        let count = TokenCount.count(texts, tokenizer: tokenizer)
        #expect(count.texts == 3)
        #expect(count.tokens == texts.map { tokenizer.encode($0).count }.reduce(0, +))
        #expect(count.words == 2 + 6)
        #expect(count.characters == 13 + 31)
        #expect(count.tokensPerWord == Double(count.tokens) / 8)
        #expect(TokenCount.count(texts, tokenizer: tokenizer, threads: 2) == count)
    }

    @Test func arabicPremiumOnAParallelCorpus() throws {
        let tokenizer = try Fixtures.loadTokenizerA()
        let pairs: [(reference: String, language: String)] = [
            ("Education is the foundation of progress.", "التعليم هو أساس التقدم."),
            ("Hello world", "مرحبا بالعالم"),
        ]
        let result = TokenCount.premium(parallel: pairs, tokenizer: tokenizer)
        let en = pairs.map { tokenizer.encode($0.reference).count }.reduce(0, +)
        let ar = pairs.map { tokenizer.encode($0.language).count }.reduce(0, +)
        #expect(result.reference.tokens == en && result.language.tokens == ar)
        #expect(result.premium == Double(ar) / Double(en))
        #expect(TokenCount.premium(of: result.language, over: TokenCount(texts: 0, tokens: 0, words: 0, characters: 0)) == 0)
    }
}

/// The Arabic token premium of SmolLM2's tokenizer on the Debian handbook's 1,764 en→ar paragraph
/// pairs (DATA.md (d): 104,223 English tokens, 372,106 Arabic tokens, ratio 3.57).
@Suite(.enabled(if: Fixtures.hasSmolLM2 && Fixtures.hasHandbookPairs,
                "downloads/smollm2 or downloads/datasets/handbook-en-ar.jsonl is absent; run scripts/fetch-smollm2.sh and scripts/fetch-datasets.sh"))
struct HandbookPremiumTests {
    @Test func smolLM2ArabicPremiumMatchesReference() throws {
        struct Pair: Decodable { let source: String; let target: String }
        let lines = try String(contentsOfFile: Fixtures.handbookPairs, encoding: .utf8).split(separator: "\n")
        let pairs = try lines.map { try JSONDecoder().decode(Pair.self, from: Data($0.utf8)) }
        #expect(pairs.count == 1764)
        let tokenizer = try Tokenizer.load(path: Fixtures.smolLM2)
        let result = TokenCount.premium(parallel: pairs.map { ($0.source, $0.target) }, tokenizer: tokenizer, threads: 2)
        #expect(result.reference.tokens == 104_223)
        #expect(result.language.tokens == 372_106)
        #expect((result.premium * 100).rounded() == 357)
    }
}
