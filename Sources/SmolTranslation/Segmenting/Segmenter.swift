import SmolTokenizers

/// How a document is cut into the pieces a model translates.
public enum SegmentUnit: String, CaseIterable, Sendable {
    /// Consecutive non-overlapping windows of at most `window` tokens (FineWeb-Edu-Ar: 200).
    case window
    /// Paragraphs: text separated by a blank line (a whitespace run holding two or more line breaks).
    case paragraph
    /// Sentences: after . ! ? ؟ … (and closing quotes or brackets) followed by whitespace, and at line breaks.
    case sentence
}

/// One piece of a document: the text to translate and the whitespace around it, kept byte for byte.
///
/// Invariant: for the pieces of a document in order, `leading + text + trailing` concatenated is the
/// document, byte for byte; only the first piece has `leading` (the document's leading whitespace),
/// and `text` is empty only when the whole document is whitespace (or empty).
public struct Piece: Sendable, Equatable {
    public var leading: String
    public var text: String
    public var trailing: String
    /// Tokens of `text` alone under the segmenting tokenizer.
    public var tokens: Int

    public init(leading: String = "", text: String, trailing: String = "", tokens: Int) {
        self.leading = leading
        self.text = text
        self.trailing = trailing
        self.tokens = tokens
    }
}

/// Cuts documents into pieces of at most `window` tokens of a tokenizer (the translation model's),
/// by paragraph, sentence or plain windows.
///
/// Invariants:
/// 1. Pieces reassemble the document byte for byte (see `Piece`).
/// 2. Cuts fall on grapheme-cluster boundaries, so a byte-level token that splits a UTF-8 character,
///    a combining mark after its base or an emoji ZWJ sequence is never split.
/// 3. A piece's own token count is at most `window`, unless a single grapheme cluster is longer.
/// 4. A window that must cut inside a paragraph cuts at whitespace when the second half of the window
///    has some (preferring a line break, then a sentence end, then any space); the whitespace goes to
///    `trailing`, untranslated.
/// 5. The result is a pure function of (document, unit, window, tokenizer).
public struct Segmenter: Sendable {
    public var unit: SegmentUnit
    /// Most tokens per piece (≥ 1).
    public var window: Int
    public let tokenizer: Tokenizer

    public init(unit: SegmentUnit, window: Int, tokenizer: Tokenizer) {
        precondition(window >= 1, "Segmenter: window must be at least one token")
        self.unit = unit
        self.window = window
        self.tokenizer = tokenizer
    }

    /// The pieces of `document`.
    public func pieces(_ document: String) -> [Piece] {
        let text = DocumentText(document)
        var start = 0
        while start < text.count && text.isSpace(start) { start += 1 }
        let leading = text.string(0..<start)
        guard start < text.count else { return [Piece(leading: leading, text: "", tokens: 0)] }
        var pieces: [Piece] = []
        for unit in units(text, from: start) {
            pieces += windows(text, unit.content)
            pieces[pieces.count - 1].trailing += text.string(unit.content.upperBound..<unit.end)
        }
        pieces[0].leading = leading
        return pieces
    }

    /// Content ranges (characters) of the paragraphs or sentences from `start`, each with the end of
    /// the whitespace after it; a window unit is the whole rest of the document.
    func units(_ text: DocumentText, from start: Int) -> [(content: Range<Int>, end: Int)] {
        Self.units(text, from: start, unit: unit)
    }

    /// The sentences of `text` (no surrounding whitespace), as the sentence unit cuts them.
    public static func sentences(_ text: String) -> [String] {
        let document = DocumentText(text)
        var start = 0
        while start < document.count && document.isSpace(start) { start += 1 }
        guard start < document.count else { return [] }
        return units(document, from: start, unit: .sentence).map { document.string($0.content) }
    }

    static func units(_ text: DocumentText, from start: Int, unit: SegmentUnit) -> [(content: Range<Int>, end: Int)] {
        var out: [(Range<Int>, Int)] = []
        var contentStart = start, i = start
        while i < text.count {
            guard text.isSpace(i) else { i += 1; continue }
            var runEnd = i
            while runEnd < text.count && text.isSpace(runEnd) { runEnd += 1 }
            let breaks: Bool
            switch unit {
            case .window: breaks = false
            case .paragraph: breaks = text.lineBreaks(in: i..<runEnd) >= 2
            case .sentence: breaks = text.lineBreaks(in: i..<runEnd) >= 1 || SentenceEnd.isSentenceEnd(text, before: i, next: runEnd)
            }
            if breaks && runEnd < text.count {
                out.append((contentStart..<i, runEnd))
                contentStart = runEnd
            }
            i = runEnd
        }
        // The last unit ends before the document's trailing whitespace.
        var end = text.count
        while end > contentStart && text.isSpace(end - 1) { end -= 1 }
        out.append((contentStart..<end, text.count))
        return out
    }

    /// Windows of at most `window` tokens covering `content` (characters, no leading or trailing
    /// whitespace); whitespace between windows goes to the earlier window's `trailing`.
    func windows(_ text: DocumentText, _ content: Range<Int>) -> [Piece] {
        let whole = text.string(content)
        let wholeTokens = tokenizer.encode(whole)
        if wholeTokens.count <= window { return [Piece(text: whole, tokens: wholeTokens.count)] }
        let offsets = tokenOffsets(wholeTokens, whole, base: text.byteOffset(content.lowerBound))
        var pieces: [Piece] = []
        var s = content.lowerBound
        while s < content.upperBound {
            // The window's own tokenization can differ from the document's at its edges (a merge across
            // the cut); shrink until it fits, and fall back to bisection on its own counts.
            var limit = window
            var piece: Piece
            var next: Int
            var known = offsets
            repeat {
                let cut = cutPoint(text, from: s, to: content.upperBound, tokens: limit, offsets: known)
                (piece, next) = split(text, from: s, cut: cut, end: content.upperBound)
                if piece.tokens <= window || known == nil { break }
                if limit == 1 { known = nil; limit = window } else { limit = max(1, limit - (piece.tokens - window)) }
            } while true
            pieces.append(piece)
            s = next
        }
        return pieces
    }

    /// The character index where a window of about `tokens` tokens from `s` ends (a grapheme boundary
    /// after `s`, at most `end`).
    func cutPoint(_ text: DocumentText, from s: Int, to end: Int, tokens: Int, offsets: [Int]?) -> Int {
        if let offsets {
            // Token k is the one holding the window's first byte; the window ends where token k + tokens starts.
            let first = text.byteOffset(s)
            var k = 0, high = offsets.count - 2   // the last token that starts at or before `first`
            while k < high {
                let mid = (k + high + 1) / 2
                if offsets[mid] <= first { k = mid } else { high = mid - 1 }
            }
            guard k + tokens < offsets.count else { return end }
            let cut = text.characterIndex(atOrBefore: offsets[k + tokens])
            return min(max(cut, s + 1), end)
        }
        // No byte offsets (a normalising tokenizer): the longest prefix whose own count fits, by bisection
        // inside a range grown by doubling (so a long document is never re-encoded whole per window).
        func fits(_ stop: Int) -> Bool { tokenizer.encode(text.string(s..<stop)).count <= tokens }
        var high = min(end, s + 16 * tokens)
        while high < end && fits(high) { high = min(end, s + 2 * (high - s)) }
        if high == end && fits(end) { return end }
        var low = s + 1
        high -= 1
        while low < high {
            let mid = (low + high + 1) / 2
            if fits(mid) { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// The piece from `s` to `cut`, moved back to whitespace in the window's second half when there is
    /// some; returns it and where the next piece starts.
    func split(_ text: DocumentText, from s: Int, cut: Int, end: Int) -> (Piece, Int) {
        var stop = cut
        if cut < end && !text.isSpace(cut) {
            let half = s + (cut - s) / 2
            var best: (index: Int, rank: Int)?
            var i = cut - 1
            while i > half {
                if text.isSpace(i) && !text.isSpace(i - 1) {
                    let rank = text.lineBreaks(in: i..<(i + 1)) > 0 ? 3 : SentenceEnd.isSentenceEnd(text, before: i, next: i + 1) ? 2 : 1
                    if best == nil || rank > best!.rank { best = (i, rank) }
                    if rank == 3 { break }
                }
                i -= 1
            }
            if let best { stop = best.index }
        }
        while stop > s && text.isSpace(stop - 1) { stop -= 1 }
        var next = stop
        while next < end && text.isSpace(next) { next += 1 }
        let body = text.string(s..<stop)
        return (Piece(text: body, trailing: text.string(stop..<next), tokens: tokenizer.encode(body).count), next)
    }

    /// The byte offset where each token starts (plus the end), when the tokens' bytes are exactly the text's.
    func tokenOffsets(_ ids: [Int], _ text: String, base: Int) -> [Int]? {
        guard tokenizer.preservesBytes else { return nil }
        var offsets: [Int] = []
        offsets.reserveCapacity(ids.count + 1)
        var position = base
        for id in ids {
            offsets.append(position)
            position += tokenizer.bytes(of: id).count
        }
        guard position - base == text.utf8.count else { return nil }
        offsets.append(position)
        return offsets
    }
}

/// A document as grapheme clusters with their UTF-8 offsets, so cuts are made on character boundaries
/// and pieces are exact byte slices.
struct DocumentText {
    let characters: [Character]
    /// UTF-8 offset where character i starts; `offsets[count]` is the byte length.
    let offsets: [Int]
    let bytes: [UInt8]

    init(_ string: String) {
        characters = Array(string)
        var offsets: [Int] = []
        offsets.reserveCapacity(characters.count + 1)
        var position = 0
        for c in characters {
            offsets.append(position)
            position += c.utf8.count
        }
        offsets.append(position)
        self.offsets = offsets
        bytes = Array(string.utf8)
    }

    var count: Int { characters.count }

    func isSpace(_ i: Int) -> Bool { characters[i].isWhitespace }

    /// Line breaks among characters `range` ("\r\n" is one).
    func lineBreaks(in range: Range<Int>) -> Int { range.reduce(0) { $0 + (characters[$1].isNewline ? 1 : 0) } }

    func byteOffset(_ i: Int) -> Int { offsets[i] }

    /// The last character boundary at or before byte `offset`.
    func characterIndex(atOrBefore offset: Int) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high + 1) / 2
            if offsets[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// The exact bytes of characters `range` as a string.
    func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[offsets[range.lowerBound]..<offsets[range.upperBound]], as: UTF8.self)
    }
}
