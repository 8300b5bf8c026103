extension Tokenizer {
    /// The bytes token `id` stands for on its own: its byte-level spelling decoded, or an added
    /// token's content; empty for an id outside the vocabulary.
    ///
    /// For a byte-level tokenizer without a normaliser the bytes of `encode(s)` concatenate to the
    /// UTF-8 bytes of `s` (invariant 2), so their lengths give each token's byte offsets in `s`; a
    /// token may hold part of a multi-byte character. Without the ByteLevel decoder the spelling's
    /// UTF-8 bytes are returned, and callers must not assume the concatenation is the text.
    public func bytes(of id: Int) -> [UInt8] {
        if let added = addedByID[id] { return Array(added.content.utf8) }
        guard id >= 0 && id < model.tokens.count else { return [] }
        let spelling = model.tokens[id]
        switch decoder {
        case .byteLevel: return ByteLevel.decode(spelling) ?? Array(spelling.utf8)
        case .none: return Array(spelling.utf8)
        }
    }

    /// Whether `encode` keeps the text's bytes (no normaliser, ByteLevel decoder), so that token byte
    /// offsets can be read from `bytes(of:)`.
    public var preservesBytes: Bool {
        if case .byteLevel = decoder { return normalizer == nil }
        return false
    }
}
