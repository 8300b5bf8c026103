/// Where a sentence ends: a terminal mark (. ! ? ؟ … ۔ 。 ！ ？), perhaps followed by closing quotes or
/// brackets, then whitespace — unless the period ends an abbreviation or an initial ("e.g.", "Dr.",
/// "J.") or the next word starts in lower case.
enum SentenceEnd {
    static let terminals: Set<Character> = [".", "!", "?", "؟", "…", "۔", "。", "！", "？"]
    static let closers: Set<Character> = ["\"", "'", "”", "’", "»", ")", "]", "}", "›"]
    static let abbreviations: Set<String> = ["e.g", "i.e", "etc", "cf", "vs", "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr",
                                             "fig", "no", "vol", "pp", "approx", "inc", "ltd", "co", "dept", "al", "ca"]

    /// Whether the text before character `i` (a whitespace run from `i` to `next`) ends a sentence.
    static func isSentenceEnd(_ text: DocumentText, before i: Int, next: Int) -> Bool {
        var j = i - 1
        while j >= 0 && closers.contains(text.characters[j]) { j -= 1 }
        guard j >= 0, terminals.contains(text.characters[j]) else { return false }
        if next < text.count, let first = text.characters[next].unicodeScalars.first,
           first.properties.isLowercase && first.isASCII { return false }
        guard text.characters[j] == "." else { return true }
        var w = j
        while w > 0 && !text.isSpace(w - 1) { w -= 1 }
        let word = String(text.characters[w..<j]).lowercased().trimmingPrefix { closers.contains($0) || $0 == "(" }
        if word.count == 1 && word.first!.isLetter { return false }   // an initial
        return !abbreviations.contains(String(word))
    }
}
