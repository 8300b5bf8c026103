import Foundation
import SmolCore

/// A small language identifier: the dominant writing system, then stopwords for Latin-script text.
///
/// Recognises en, fr, es, de (Latin script, by stopword and accent evidence), ru (Cyrillic), ar
/// (Arabic script), hi (Devanagari), zh (Han), ja (kana), ko (Hangul); "und" when no evidence.
public enum LanguageID {
    /// The commonest function words of each Latin-script language. Words shared by two languages ("de",
    /// "la", "que", "en" in fr and es) count for both; the others and accents break the tie.
    static let stopwords: [String: Set<String>] = [
        "en": ["the", "and", "of", "to", "is", "in", "that", "it", "for", "was", "with", "as", "on", "are", "be", "this", "by",
               "you", "not", "have", "from", "or", "which", "what", "how", "an", "can", "at", "they", "we", "their", "i", "a",
               "my", "he", "she", "his", "her", "would", "will", "do", "there", "been", "has", "had", "very"],
        "fr": ["le", "la", "les", "de", "et", "des", "est", "une", "un", "du", "dans", "pour", "pas", "sur", "au", "avec", "ce",
               "il", "elle", "nous", "vous", "sont", "qui", "que", "en", "aux", "cette", "mais", "ou", "été", "être", "leur",
               "je", "ne", "plus", "tout", "très", "à", "on", "sa", "son", "ses", "mon", "ma", "mes", "ils", "elles", "fait"],
        "es": ["el", "la", "los", "las", "de", "que", "en", "y", "un", "una", "es", "por", "con", "para", "no", "se", "del", "al",
               "lo", "como", "más", "pero", "su", "está", "sus", "muy", "son", "entre", "cuando", "también", "fue", "me", "mi",
               "mucho", "yo", "hay", "este", "esta", "todo", "ya", "porque", "sin", "sobre", "le", "nos", "te", "tiene"],
        "de": ["der", "die", "das", "und", "ist", "nicht", "ein", "eine", "zu", "den", "mit", "von", "sich", "auf", "für", "im",
               "dem", "auch", "sind", "wir", "ich", "werden", "wird", "oder", "aber", "bei", "nach", "es", "er", "sie", "du",
               "hat", "habe", "war", "weil", "kein", "keine", "muss", "noch", "wie", "heute", "sehr", "schon", "einen"],
    ]
    static let accents: [Character: String] = ["ñ": "es", "¿": "es", "¡": "es", "ß": "de", "ä": "de", "ö": "de", "ü": "de",
                                               "ç": "fr", "è": "fr", "ê": "fr", "à": "fr", "œ": "fr", "û": "fr"]

    /// The language code of `text`.
    public static func identify(_ text: String) -> String {
        var scripts: [String: Int] = [:]
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let script: String?
            switch v {
            case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F: script = "latin"
            case 0x0400...0x04FF: script = "ru"
            case 0x0600...0x06FF, 0x0750...0x077F, 0x08A0...0x08FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF: script = "ar"
            case 0x0900...0x097F: script = "hi"
            case 0x3040...0x30FF: script = "ja"
            case 0xAC00...0xD7AF, 0x1100...0x11FF: script = "ko"
            case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF: script = "zh"
            default: script = nil
            }
            if let script { scripts[script, default: 0] += 1 }
        }
        guard let top = scripts.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }) else { return "und" }
        if top.key == "zh", (scripts["ja"] ?? 0) * 10 >= top.value { return "ja" }
        if top.key != "latin" { return top.key }
        var scores: [String: Double] = [:]
        for word in text.lowercased().split(whereSeparator: { !$0.isLetter }) {
            for (language, words) in stopwords where words.contains(String(word)) { scores[language, default: 0] += 1 }
        }
        for character in text.lowercased() { if let language = accents[character] { scores[language, default: 0] += 0.5 } }
        scores["fr", default: 0] += Double(frenchElisions(in: text))
        guard let best = scores.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }), best.value > 0 else { return "und" }
        return best.key
    }

    /// French elisions (l', d', j', c', qu' before a letter). Counted as such rather than as the one-letter
    /// words they split into: a lone "c" or "d" is as likely an answer option ("C. 7  D. 9") in English.
    static func frenchElisions(in text: String) -> Int {
        let scalars = Array(text.lowercased().unicodeScalars)
        var count = 0
        for i in scalars.indices.dropFirst() where scalars[i] == "'" || scalars[i] == "\u{2019}" {
            guard i + 1 < scalars.count, CharacterSet.letters.contains(scalars[i + 1]) else { continue }
            let before = scalars[i - 1]
            let startsWord = i < 2 || !CharacterSet.letters.contains(scalars[i - 2])
            if startsWord && "ldjc".unicodeScalars.contains(before) { count += 1 }
            if before == "u", i >= 2, scalars[i - 2] == "q", i < 3 || !CharacterSet.letters.contains(scalars[i - 3]) { count += 1 }
        }
        return count
    }

    /// The share of records per language (descending; ties by code), over each record's text. A
    /// translation pair is two texts in two languages, so for translation records each side is counted
    /// on its own, under "source.<code>" and "target.<code>" (each side's shares sum to 1).
    public static func shares(_ d: Dataset) -> [(language: String, share: Double)] {
        guard d.count > 0 else { return [] }
        var counts: [String: Int] = [:]
        for record in d.records {
            if d.schema == .translation {
                for side in ["source", "target"] { counts["\(side).\(identify(record[side]?.stringValue ?? ""))", default: 0] += 1 }
            } else {
                counts[identify(RecordText.of(record)), default: 0] += 1
            }
        }
        return counts.map { (language: $0.key, share: Double($0.value) / Double(d.count)) }
            .sorted { $0.share > $1.share || ($0.share == $1.share && $0.language < $1.language) }
    }
}
