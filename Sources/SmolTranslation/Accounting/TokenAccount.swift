import SmolTokenizers

/// Token counts of a parallel corpus under one tokenizer: the FineWeb-Edu-Ar question "how many tokens
/// is the Arabic side", and the Arabic premium over English.
public struct TokenAccount: Sendable, Equatable {
    /// The tokenizer's name in tables.
    public var tokenizer: String
    public var documents: Int
    public var sourceTokens: Int, targetTokens: Int
    public var sourceWords: Int, targetWords: Int

    public var sourcePerDocument: Double { documents == 0 ? 0 : Double(sourceTokens) / Double(documents) }
    public var targetPerDocument: Double { documents == 0 ? 0 : Double(targetTokens) / Double(documents) }
    /// Target tokens per source token: the target language's token premium under this tokenizer.
    public var premium: Double { sourceTokens == 0 ? 0 : Double(targetTokens) / Double(sourceTokens) }

    public init(tokenizer: String, documents: Int, sourceTokens: Int, targetTokens: Int, sourceWords: Int, targetWords: Int) {
        self.tokenizer = tokenizer
        self.documents = documents
        self.sourceTokens = sourceTokens
        self.targetTokens = targetTokens
        self.sourceWords = sourceWords
        self.targetWords = targetWords
    }

    /// Counts `pairs` (source, target) with `tokenizer` (no special tokens added).
    public static func measure(_ name: String, tokenizer: Tokenizer, pairs: [(source: String, target: String)], threads: Int = 1) -> TokenAccount {
        let source = TokenCount.count(pairs.map(\.source), tokenizer: tokenizer, threads: threads)
        let target = TokenCount.count(pairs.map(\.target), tokenizer: tokenizer, threads: threads)
        return TokenAccount(tokenizer: name, documents: pairs.count, sourceTokens: source.tokens, targetTokens: target.tokens,
                            sourceWords: source.words, targetWords: target.words)
    }
}

/// What translating N documents would take and give: target tokens under the accounting tokenizer,
/// and machine time at a measured throughput.
public struct Extrapolation: Sendable, Equatable {
    public var documents: Double
    /// Target-language tokens under the accounting (target-trained) tokenizer.
    public var targetTokens: Double
    /// Source tokens under the model's tokenizer (what throughput is measured in).
    public var modelSourceTokens: Double
    /// Hours at the measured wall-clock seconds per 1,000 source tokens, and CPU-hours at the measured
    /// CPU seconds per 1,000 (user + system over all threads).
    public var wallHours: Double?, cpuHours: Double?

    /// One row per document count: `account` gives target tokens per document (the target-trained
    /// tokenizer), `model` source tokens per document (the translation model's tokenizer), and the
    /// throughputs are per 1,000 of those source tokens.
    public static func table(documents: [Double], account: TokenAccount, model: TokenAccount, secondsPer1k: Double?,
                             cpuSecondsPer1k: Double?) -> [Extrapolation] {
        documents.map { n in
            let source = n * model.sourcePerDocument
            return Extrapolation(documents: n, targetTokens: n * account.targetPerDocument, modelSourceTokens: source,
                                 wallHours: secondsPer1k.map { source / 1000 * $0 / 3600 },
                                 cpuHours: cpuSecondsPer1k.map { source / 1000 * $0 / 3600 })
        }
    }
}
