/// sacrebleu's default BLEU tokeniser, `13a` (mteval-v13a.pl as WMT uses it): a few HTML entities
/// unescaped, then ASCII punctuation and symbols split off, with periods and commas kept inside
/// numbers and a dash split after a digit. Non-ASCII punctuation (Arabic ، ؟ ؛, curly quotes) is left
/// attached to words, as in sacrebleu.
///
/// Each step below is one line of `Tokenizer13a.__call__` and `TokenizerRegexp` (sacrebleu 2.6),
/// applied to code points with `re.sub`'s leftmost, non-overlapping scan.
public enum Tokenizer13a {
    /// The tokens of `line`.
    public static func tokenize(_ line: String) -> [String] {
        tokens(PythonText.codePoints(line)).map { String(String.UnicodeScalarView($0.compactMap(Unicode.Scalar.init))) }
    }

    /// The tokens of a line given as code points.
    static func tokens(_ line: [UInt32]) -> [[UInt32]] {
        var text = PythonText.replace(line, "<skipped>", "")
        text = PythonText.replace(text, "-\n", "")
        text = PythonText.replace(text, "\n", " ")
        if text.contains(0x26) {   // "&"
            text = PythonText.replace(text, "&quot;", "\"")
            text = PythonText.replace(text, "&amp;", "&")
            text = PythonText.replace(text, "&lt;", "<")
            text = PythonText.replace(text, "&gt;", ">")
        }
        text = [0x20] + text + [0x20]
        text = splitSymbols(text)
        text = rewritePairs(text) { !isDigit($0) && isPeriodOrComma($1) } as: { a, b in [a, 0x20, b, 0x20] }
        text = rewritePairs(text) { isPeriodOrComma($0) && !isDigit($1) } as: { a, b in [0x20, a, 0x20, b] }
        text = rewritePairs(text) { isDigit($0) && $1 == 0x2D } as: { a, b in [a, 0x20, b, 0x20] }
        return PythonText.split(text)
    }

    /// `([\{-\~\[-\` -\&\(-\+\:-\@\/])` → ` \1 `: { | } ~, [ \ ] ^ _ `, space ! " # $ % &, ( ) * +,
    /// : ; < = > ? @ and / get a space on each side (' , - . and digits do not).
    static func splitSymbols(_ text: [UInt32]) -> [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(text.count * 2)
        for c in text {
            switch c {
            case 0x7B...0x7E, 0x5B...0x60, 0x20...0x26, 0x28...0x2B, 0x3A...0x40, 0x2F: out += [0x20, c, 0x20]
            default: out.append(c)
            }
        }
        return out
    }

    /// A two-character pattern `(a)(b)` replaced by `replacement(a, b)` at every leftmost,
    /// non-overlapping match, as `re.sub` scans.
    static func rewritePairs(_ text: [UInt32], where matches: (UInt32, UInt32) -> Bool,
                             as replacement: (UInt32, UInt32) -> [UInt32]) -> [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(text.count + text.count / 4)
        var i = 0
        while i < text.count {
            if i + 1 < text.count && matches(text[i], text[i + 1]) {
                out.append(contentsOf: replacement(text[i], text[i + 1]))
                i += 2
            } else {
                out.append(text[i])
                i += 1
            }
        }
        return out
    }

    /// `[0-9]` in a Python `str` pattern: ASCII digits only.
    static func isDigit(_ c: UInt32) -> Bool { c >= 0x30 && c <= 0x39 }

    static func isPeriodOrComma(_ c: UInt32) -> Bool { c == 0x2E || c == 0x2C }
}
