import Foundation
import SmolDatasets
import SmolTokenizers

/// A problem with one segment's output, recorded on it and counted; never a crash.
public enum OutputFlag: String, CaseIterable, Sendable, Comparable {
    /// Nothing but whitespace came out for a non-empty source.
    case empty
    /// Decoding hit max tokens without an end-of-sequence token or stop string.
    case truncated
    /// Far longer than the source (over 4 × its characters + 32): usually a model looping.
    case oversized
    /// The tokens did not form valid UTF-8 (a byte-level model stopped inside a character); the
    /// broken bytes were dropped.
    case invalidUTF8 = "invalid_utf8"
    /// The output is in the source language (by `LanguageID`) or repeats the source.
    case untranslated
    /// The prompt left no room for new tokens under the model's positions; the output is empty.
    case sourceTooLong = "source_too_long"

    public static func < (a: OutputFlag, b: OutputFlag) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Turns a decoder's raw continuation into the text kept for a segment, with its flags.
public enum OutputHygiene {
    /// The cleaned text (invalid bytes dropped, surrounding whitespace trimmed) and its flags.
    public static func clean(_ raw: StoredTranslation, source: String, tokenizer: Tokenizer?,
                             sourceLanguage: String, targetLanguage: String) -> (text: String, flags: [OutputFlag]) {
        var flags: [OutputFlag] = []
        var text = raw.text
        if raw.finish == "skipped" { flags.append(.sourceTooLong) }
        let hasReplacement = text.unicodeScalars.contains("\u{FFFD}")
        var broken = false
        if let tokenizer, tokenizer.preservesBytes {
            broken = String(validating: raw.tokens.flatMap(tokenizer.bytes(of:)), as: UTF8.self) == nil
        } else {
            broken = hasReplacement && !source.unicodeScalars.contains("\u{FFFD}")
        }
        if broken {
            flags.append(.invalidUTF8)
            text = String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "\u{FFFD}" }))
        }
        text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if raw.finish == "length" { flags.append(.truncated) }
        if text.isEmpty {
            if !source.isEmpty && raw.finish != "skipped" { flags.append(.empty) }
        } else {
            if text.unicodeScalars.count > 4 * source.unicodeScalars.count + 32 { flags.append(.oversized) }
            if sourceLanguage != targetLanguage && (text == source || LanguageID.identify(text) == sourceLanguage) {
                flags.append(.untranslated)
            }
        }
        return (text, flags.sorted())
    }
}
