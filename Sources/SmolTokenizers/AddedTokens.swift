// Added and special tokens: matched in the raw text before normalisation and pre-tokenisation
// (leftmost, then longest), with HF's lstrip / rstrip / single_word flags.

/// One entry of tokenizer.json's `added_tokens`.
struct AddedToken: Sendable, Equatable {
    var id: Int
    var content: String
    var singleWord = false
    var lstrip = false
    var rstrip = false
    var normalized = false
    var special = true
}

/// A piece of input text: either plain text (a byte range) or one added token.
enum TextSegment: Equatable {
    case text(Range<Int>)
    case token(Int32, Range<Int>)
}

/// Finds added tokens in UTF-8 text.
struct AddedTokenMatcher: Sendable {
    private let candidates: [[(bytes: [UInt8], index: Int)]]   // by first byte, longest first
    let tokens: [AddedToken]

    init(_ tokens: [AddedToken]) {
        self.tokens = tokens
        var byFirst = [[(bytes: [UInt8], index: Int)]](repeating: [], count: 256)
        for (i, t) in tokens.enumerated() {
            let bytes = Array(t.content.utf8)
            guard let first = bytes.first else { continue }
            byFirst[Int(first)].append((bytes, i))
        }
        for b in 0..<256 { byFirst[b].sort { $0.bytes.count > $1.bytes.count || ($0.bytes.count == $1.bytes.count && $0.index < $1.index) } }
        candidates = byFirst
    }

    /// Splits `p` into text ranges and added-token matches, in order.
    func split(_ p: UnsafeBufferPointer<UInt8>) -> [TextSegment] {
        let n = p.count
        guard !tokens.isEmpty else { return n == 0 ? [] : [.text(0..<n)] }
        var segments: [TextSegment] = []
        var textStart = 0
        var i = 0
        scan: while i < n {
            let list = candidates[Int(p[i])]
            if list.isEmpty { i += 1; continue }
            for (bytes, index) in list where i + bytes.count <= n {
                var same = true
                for k in 1..<bytes.count where p[i + k] != bytes[k] { same = false; break }
                guard same else { continue }
                let token = tokens[index]
                var start = i, stop = i + bytes.count
                if token.singleWord && (AddedTokenMatcher.wordCharacterBefore(p, start) || AddedTokenMatcher.wordCharacterAfter(p, stop)) {
                    // HF drops the rejected leftmost-longest match and searches on from its end: no shorter
                    // token at this position, and none overlapping it, is tried.
                    i = stop
                    continue scan
                }
                if token.lstrip {
                    while start > textStart, let (c, len) = AddedTokenMatcher.scalarBefore(p, start),
                          c.properties.isWhitespace { start -= len }
                }
                if token.rstrip {
                    while stop < n {
                        let (c, len) = decodeScalar(p, stop)
                        guard let s = Unicode.Scalar(c), s.properties.isWhitespace else { break }
                        stop += len
                    }
                }
                if textStart < start { segments.append(.text(textStart..<start)) }
                segments.append(.token(Int32(token.id), start..<stop))
                textStart = stop
                i = stop
                continue scan
            }
            i += 1
        }
        if textStart < n { segments.append(.text(textStart..<n)) }
        return segments
    }

    static func scalarBefore(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Unicode.Scalar, Int)? {
        guard i > 0 else { return nil }
        var j = i - 1
        while j > 0 && p[j] & 0xC0 == 0x80 { j -= 1 }
        let (c, len) = decodeScalar(p, j)
        guard let s = Unicode.Scalar(c) else { return nil }
        return (s, len)
    }

    /// Rust regex's Unicode `\w` (what HF's single_word check uses): Alphabetic, marks (Mn, Mc, Me),
    /// decimal digits (Nd), connector punctuation (Pc, e.g. `_` and `‿`) and Join_Control (ZWNJ, ZWJ).
    static func isWordCharacter(_ s: Unicode.Scalar) -> Bool {
        let p = s.properties
        if p.isAlphabetic || p.isJoinControl { return true }
        switch p.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation: return true
        default: return false
        }
    }

    static func wordCharacterBefore(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        guard let (s, _) = scalarBefore(p, i) else { return false }
        return isWordCharacter(s)
    }

    static func wordCharacterAfter(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        guard i < p.count, let s = Unicode.Scalar(decodeScalar(p, i).0) else { return false }
        return isWordCharacter(s)
    }
}
