/// Text-level stop strings for `generate`, with lm-evaluation-harness `until` semantics: a sequence ends
/// as soon as the text of its new tokens contains one of the strings, and `cut` drops the earliest stop
/// string and everything after it from the returned text.
///
/// Invariants:
/// 1. `decode` of a suffix of the tokens gives a suffix of their text, apart from an incomplete leading
///    character (byte-level BPE and space-joined decoders both do), so checking a tail window is exact.
/// 2. Each check decodes only a tail: the shortest window of trailing tokens whose text is longer than the
///    longest stop string plus slack for a split leading character, so a check costs O(longest stop string)
///    however long the continuation is.
/// 3. Matching is on UTF-8 bytes (no Unicode normalisation), like Python's `str.split`.
public struct StopStrings {
    /// The strings that end a sequence (none empty).
    public let strings: [String]
    private let patterns: [[UInt8]]
    private let decode: ([Int]) -> String
    private let window: Int

    /// Stop strings over a decoder of token ids; empty strings are a programming error.
    public init(_ strings: [String], decode: @escaping ([Int]) -> String) {
        precondition(!strings.contains(""), "StopStrings: an empty stop string would stop every sequence at once")
        self.strings = strings
        self.patterns = strings.map { Array($0.utf8) }
        self.decode = decode
        // A split leading character decodes to at most 3 U+FFFD (9 bytes) instead of ≤ 3 real bytes.
        self.window = (patterns.map(\.count).max() ?? 0) + 12
    }

    /// Whether the text of `generated` (the new tokens of one sequence) contains a stop string; only the
    /// tail is decoded, so call it after each new token.
    public func isReached(in generated: [Int]) -> Bool {
        guard !patterns.isEmpty, !generated.isEmpty else { return false }
        var tokens = min(generated.count, patterns.map(\.count).max()!)
        while true {
            let text = Array(decode(Array(generated.suffix(tokens))).utf8)
            if patterns.contains(where: { Self.firstMatch(of: $0, in: text) != nil }) { return true }
            if tokens == generated.count || text.count >= window { return false }
            tokens = min(generated.count, tokens * 2)
        }
    }

    /// `text` up to (not including) the earliest occurrence of any stop string; all of it when none occurs.
    public func cut(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard let end = patterns.compactMap({ Self.firstMatch(of: $0, in: bytes) }).min() else { return text }
        return String(decoding: bytes[..<end], as: UTF8.self)
    }

    /// Offset of the first occurrence of `pattern` (non-empty) in `text`.
    static func firstMatch(of pattern: [UInt8], in text: [UInt8]) -> Int? {
        guard pattern.count <= text.count else { return nil }
        outer: for start in 0...(text.count - pattern.count) {
            for (i, byte) in pattern.enumerated() where text[start + i] != byte { continue outer }
            return start
        }
        return nil
    }
}
