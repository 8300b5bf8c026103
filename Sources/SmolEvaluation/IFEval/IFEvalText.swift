import Foundation

/// The text measurements of Google's IFEval checker (`instructions_util.py`), in Swift.
///
/// Two of them use NLTK in the original; here they use documented tokenisations instead:
/// - sentences (`count_sentences`, NLTK's punkt model in the original) are counted with the checker's
///   own rule-based splitter `split_into_sentences` (abbreviations, initials, acronyms, decimals, URLs
///   and ellipses do not end a sentence; ".", "?" and "!" do), ported below;
/// - words for `capital_word_frequency` (`nltk.word_tokenize` in the original) are runs of letters,
///   digits and underscores, joined across inner hyphens and apostrophes ("state-of-the-art", "DON'T"
///   are one word each), plus every other non-space character as a token of its own.
public enum IFEvalText {
    /// Words as `count_words` counts them: matches of `\w+`.
    public static func countWords(_ text: String) -> Int {
        wordRegex.numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text))
    }

    /// Sentences as `split_into_sentences` finds them.
    public static func countSentences(_ text: String) -> Int { splitIntoSentences(text).count }

    /// Google's rule-based sentence splitter (`instructions_util.split_into_sentences`).
    public static func splitIntoSentences(_ input: String) -> [String] {
        var text = " " + input + "  "
        text = text.replacingOccurrences(of: "\n", with: " ")
        text = sub("(Mr|St|Mrs|Ms|Dr)[.]", "$1<prd>", text)
        text = sub("[.](com|net|org|io|gov|edu|me)", "<prd>$1", text)
        text = sub("([0-9])[.]([0-9])", "$1<prd>$2", text)
        // Runs of two or more dots: each dot a non-ending dot, then one stop.
        let dots = try! NSRegularExpression(pattern: "\\.{2,}")
        var rebuilt = "", cursor = text.startIndex
        for match in dots.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            let range = Range(match.range, in: text)!
            rebuilt += text[cursor..<range.lowerBound]
            rebuilt += String(repeating: "<prd>", count: text[range].count) + "<stop>"
            cursor = range.upperBound
        }
        text = rebuilt + text[cursor...]
        if text.contains("Ph.D") { text = text.replacingOccurrences(of: "Ph.D.", with: "Ph<prd>D<prd>") }
        let alphabets = "([A-Za-z])"
        let starters = "(Mr|Mrs|Ms|Dr|Prof|Capt|Cpt|Lt|He\\s|She\\s|It\\s|They\\s|Their\\s|Our\\s|We\\s|But\\s|However\\s|That\\s|This\\s|Wherever)"
        let acronyms = "([A-Z][.][A-Z][.](?:[A-Z][.])?)"
        let suffixes = "(Inc|Ltd|Jr|Sr|Co)"
        text = sub("\\s" + alphabets + "[.] ", " $1<prd> ", text)
        text = sub(acronyms + " " + starters, "$1<stop> $2", text)
        text = sub(alphabets + "[.]" + alphabets + "[.]" + alphabets + "[.]", "$1<prd>$2<prd>$3<prd>", text)
        text = sub(alphabets + "[.]" + alphabets + "[.]", "$1<prd>$2<prd>", text)
        text = sub(" " + suffixes + "[.] " + starters, " $1<stop> $2", text)
        text = sub(" " + suffixes + "[.]", " $1<prd>", text)
        text = sub(" " + alphabets + "[.]", " $1<prd>", text)
        if text.contains("”") { text = text.replacingOccurrences(of: ".”", with: "”.") }
        if text.contains("\"") { text = text.replacingOccurrences(of: ".\"", with: "\".") }
        if text.contains("!") { text = text.replacingOccurrences(of: "!\"", with: "\"!") }
        if text.contains("?") { text = text.replacingOccurrences(of: "?\"", with: "\"?") }
        text = text.replacingOccurrences(of: ".", with: ".<stop>")
        text = text.replacingOccurrences(of: "?", with: "?<stop>")
        text = text.replacingOccurrences(of: "!", with: "!<stop>")
        text = text.replacingOccurrences(of: "<prd>", with: ".")
        var sentences = text.components(separatedBy: "<stop>").map(pythonStrip)
        if let last = sentences.last, last.isEmpty { sentences.removeLast() }
        return sentences
    }

    /// Words for capital-word counting (see the type's note).
    public static func wordTokens(_ text: String) -> [String] {
        tokenRegex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { Range($0.range, in: text).map { String(text[$0]) } }
    }

    /// Python's `str.isupper()`: at least one cased character, and no lowercase one.
    public static func isUpper(_ text: String) -> Bool {
        var cased = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isLowercase { return false }
            if scalar.properties.isUppercase || scalar.properties.changesWhenLowercased { cased = true }
        }
        return cased
    }

    /// Python's `str.islower()`: at least one cased character, and no uppercase one.
    public static func isLower(_ text: String) -> Bool {
        var cased = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isUppercase { return false }
            if scalar.properties.isLowercase || scalar.properties.changesWhenUppercased { cased = true }
        }
        return cased
    }

    /// Python's `str.strip()` (Unicode whitespace and the separators U+001C–U+001F).
    public static func pythonStrip(_ text: String) -> String {
        var scalars = Substring(text).unicodeScalars[...]
        func space(_ s: Unicode.Scalar) -> Bool { s.properties.isWhitespace || (0x1C...0x1F).contains(s.value) }
        while let first = scalars.first, space(first) { scalars.removeFirst() }
        while let last = scalars.last, space(last) { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    /// `re.sub(pattern, template, text)` with `$1`-style groups.
    static func sub(_ pattern: String, _ template: String, _ text: String) -> String {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
    }

    static let wordRegex = try! NSRegularExpression(pattern: "\\w+")
    static let tokenRegex = try! NSRegularExpression(pattern: "[\\p{L}\\p{N}_]+(?:[-'’][\\p{L}\\p{N}_]+)*|[^\\s\\p{L}\\p{N}_]")
}
