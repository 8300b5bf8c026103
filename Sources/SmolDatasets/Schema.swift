import SmolCore

/// The record shapes smol understands; every loaded file is normalised into one of them.
///
/// Canonical records (all with a content-hash `"id"`, optional `"meta"` for passthrough ids/sources):
/// - `sft`: `messages: [{role, content}]`
/// - `preference`: `prompt`, `chosen`, `rejected`, each a message list
/// - `multiple_choice`: `question`, `choices: [String]`, `answer` (0-based index), `subject`
/// - `math`: `question`, `answer` (worked solution ending in `#### N`), `final` (N)
/// - `instruction`: `prompt`, `instruction_id_list: [String]`, `kwargs: [object]`
/// - `text`: `text`
/// - `translation`: `source`, `target`, `source_lang`, `target_lang`
public enum Schema: String, CaseIterable, Sendable {
    case sft, preference
    case multipleChoice = "multiple_choice"
    case math, instruction, text, translation

    /// Guesses the schema from a record's field names (after any mapping), or nil when nothing fits.
    public static func detect(fields: [String]) -> Schema? {
        let f = Set(fields)
        if f.contains("chosen") && f.contains("rejected") { return .preference }
        if f.contains("messages") || f.contains("conversations") { return .sft }
        if f.contains("instruction") && f.contains("output") { return .sft }
        if f.contains("instruction_id_list") { return .instruction }
        if f.contains("question") && (f.contains("choices") || f.contains("A") || f.contains("answer_a") || f.contains("correct_answer")) {
            return .multipleChoice
        }
        if f.contains("question") && f.contains("answer") { return .math }
        if f.contains("source") && f.contains("target") { return .translation }
        if f.contains("text") { return .text }
        return nil
    }

    /// Detects the schema of an already-canonical record.
    static func detectCanonical(_ record: JSONValue) -> Schema? {
        guard let keys = record.objectValue?.map(\.key) else { return nil }
        let f = Set(keys)
        if f.contains("chosen") { return .preference }
        if f.contains("messages") { return .sft }
        if f.contains("choices") { return .multipleChoice }
        if f.contains("final") { return .math }
        if f.contains("instruction_id_list") { return .instruction }
        if f.contains("target") { return .translation }
        if f.contains("text") { return .text }
        return nil
    }

    /// Metadata fields passed through under `"meta"` (not part of the content hash).
    /// (A translation's `source` is content, so only there `file` and `index` take its place.)
    func isMetaField(_ key: String) -> Bool {
        switch key {
        case "id", "key", "uid", "dataset": return true
        case "source": return self != .translation
        case "file", "index": return self == .translation
        default: return false
        }
    }

    /// The shapes accepted, for error messages.
    var shapesHelp: String {
        switch self {
        case .sft: return "messages [{role, content}], conversations [{from, value}], or instruction/input/output"
        case .preference: return "prompt + chosen + rejected (strings or message lists), or conversations + chosen/rejected {from, value}"
        case .multipleChoice: return "question + choices + answer, question + A/B/C/D + answer, or question + answer_a..answer_d + correct_answer + topic"
        case .math: return "question + answer ending in '#### N'"
        case .instruction: return "prompt + instruction_id_list + kwargs"
        case .text: return "text"
        case .translation: return "source + target (+ source_lang, target_lang)"
        }
    }
}
