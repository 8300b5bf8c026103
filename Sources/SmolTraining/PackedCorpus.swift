import SmolCore
import SmolDatasets
import SmolTokenizers

/// A text corpus as one token stream for pretraining: every document's tokens followed by EOS, all
/// concatenated, then cut into consecutive windows of `length` tokens. Nothing is padded: the tail
/// that does not fill a window is left out, and a window may span documents (EOS separates them).
public struct PackedCorpus: Sendable {
    /// The whole stream.   [N]
    public let stream: [Int32]
    /// Tokens per window (the training sequence length).
    public let length: Int

    /// Tokenizes `texts` (on `threads` workers; the result does not depend on them) and packs them.
    public init(texts: [String], tokenizer: Tokenizer, eos: Int, length: Int, threads: Int) {
        self.length = length
        var stream: [Int32] = []
        for ids in tokenizer.encodeBatch(texts, threads: threads) {
            stream.append(contentsOf: ids.map { Int32($0) })
            stream.append(Int32(eos))
        }
        self.stream = stream
    }

    /// A corpus already tokenized into one stream.
    public init(stream: [Int32], length: Int) {
        self.stream = stream
        self.length = length
    }

    /// Windows available: window w reads tokens [w·length, (w+1)·length) and predicts the token after
    /// each, so one token past the last window must exist.
    public var windowCount: Int { length > 0 ? max(0, (stream.count - 1) / length) : 0 }

    /// Input ids and next-token targets of window `w`.   -> ([length], [length])
    public func window(_ w: Int) -> (ids: ArraySlice<Int32>, targets: ArraySlice<Int32>) {
        let start = w * length
        return (stream[start..<start + length], stream[start + 1..<start + length + 1])
    }
}
