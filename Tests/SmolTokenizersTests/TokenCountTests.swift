// Token accounting and the token premium of one language over another.

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
