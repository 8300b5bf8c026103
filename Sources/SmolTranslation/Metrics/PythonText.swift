/// Text as sacrebleu sees it: a sequence of Unicode code points (never grapheme clusters: "é" written
/// as e + U+0301 is two characters to Python and to chrF), split on exactly the characters Python's
/// `str.split()` treats as whitespace.
///
/// Swift's `String` compares by canonical equivalence and iterates grapheme clusters, so the metrics
/// work on `[UInt32]` code points, whose equality is Python's.
enum PythonText {
    /// Code points of `text`.
    static func codePoints(_ text: String) -> [UInt32] { text.unicodeScalars.map(\.value) }

    /// Python's `str.isspace()` for one code point (Unicode White_Space plus the ASCII separators
    /// U+001C–U+001F, as CPython's `_PyUnicode_IsWhitespace`).
    static func isSpace(_ c: UInt32) -> Bool {
        switch c {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// `str.split()`: the runs of non-whitespace code points.
    static func split(_ text: [UInt32]) -> [[UInt32]] {
        var words: [[UInt32]] = []
        var current: [UInt32] = []
        for c in text {
            if isSpace(c) {
                if !current.isEmpty { words.append(current); current.removeAll(keepingCapacity: true) }
            } else {
                current.append(c)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// `str.rstrip()`.
    static func rstrip(_ text: [UInt32]) -> [UInt32] {
        var end = text.count
        while end > 0 && isSpace(text[end - 1]) { end -= 1 }
        return Array(text[..<end])
    }

    /// `''.join(text.split())`: every whitespace code point removed.
    static func removingSpaces(_ text: [UInt32]) -> [UInt32] { text.filter { !isSpace($0) } }

    /// `text.replace(old, new)`: non-overlapping occurrences, left to right.
    static func replace(_ text: [UInt32], _ old: String, _ new: String) -> [UInt32] {
        let pattern = codePoints(old), replacement = codePoints(new)
        guard !pattern.isEmpty, text.count >= pattern.count else { return text }
        var out: [UInt32] = []
        out.reserveCapacity(text.count)
        var i = 0
        while i < text.count {
            if text[i] == pattern[0], i + pattern.count <= text.count, text[i..<(i + pattern.count)].elementsEqual(pattern) {
                out.append(contentsOf: replacement)
                i += pattern.count
            } else {
                out.append(text[i])
                i += 1
            }
        }
        return out
    }

    /// The words joined by single spaces (`' '.join(words)`), as one n-gram key.
    static func joined(_ words: ArraySlice<[UInt32]>) -> [UInt32] {
        var key: [UInt32] = []
        for (k, word) in words.enumerated() {
            if k > 0 { key.append(0x20) }
            key.append(contentsOf: word)
        }
        return key
    }
}
