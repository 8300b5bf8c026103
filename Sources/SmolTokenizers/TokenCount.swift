// Token accounting: tokens, words, tokens per word, and the token premium of one language over
// another on a parallel corpus.

/// Token and word totals of a set of texts under one tokenizer.
public struct TokenCount: Sendable, Equatable {
    /// Number of texts counted.
    public var texts: Int
    /// Total tokens (no special tokens added).
    public var tokens: Int
    /// Total words: maximal runs of non-whitespace scalars.
    public var words: Int
    /// Total characters (Unicode scalars).
    public var characters: Int

    /// A count from totals.
    public init(texts: Int, tokens: Int, words: Int, characters: Int) {
        self.texts = texts
        self.tokens = tokens
        self.words = words
        self.characters = characters
    }

    /// Tokens per word (0 when there are no words).
    public var tokensPerWord: Double { words == 0 ? 0 : Double(tokens) / Double(words) }

    /// Counts `texts` with `tokenizer` on `threads` threads (the result does not depend on the thread count).
    public static func count(_ texts: [String], tokenizer: Tokenizer, threads: Int = 1) -> TokenCount {
        let tokens = tokenizer.countTokens(texts, threads: threads).reduce(0, +)
        var words = 0, characters = 0
        for text in texts {
            var inWord = false
            for s in text.unicodeScalars {
                characters += 1
                let space = s.properties.isWhitespace
                if !space && !inWord { words += 1 }
                inWord = !space
            }
        }
        return TokenCount(texts: texts.count, tokens: tokens, words: words, characters: characters)
    }

    /// How many times more tokens `language` needs than `reference` for the same content
    /// (e.g. Arabic over English on a parallel corpus): language.tokens / reference.tokens.
    public static func premium(of language: TokenCount, over reference: TokenCount) -> Double {
        reference.tokens == 0 ? 0 : Double(language.tokens) / Double(reference.tokens)
    }

    /// The premium of the second side of each pair over the first, with both counts.
    public static func premium(parallel pairs: [(reference: String, language: String)], tokenizer: Tokenizer,
                               threads: Int = 1) -> (reference: TokenCount, language: TokenCount, premium: Double) {
        let reference = count(pairs.map(\.reference), tokenizer: tokenizer, threads: threads)
        let language = count(pairs.map(\.language), tokenizer: tokenizer, threads: threads)
        return (reference, language, premium(of: language, over: reference))
    }
}
