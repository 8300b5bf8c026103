import SmolCore

/// The human-readable text of canonical records, as used by dedup, contamination and language ID.
public enum RecordText {
    /// All text of a record (every string except `id`, `meta`, roles, subjects and instruction ids), joined by newlines.
    public static func of(_ record: JSONValue) -> String {
        var parts: [String] = []
        collect(record, key: nil, into: &parts)
        return parts.joined(separator: "\n")
    }

    /// The question or prompt side of a record (what an evaluation item shows the model).
    public static func prompt(of record: JSONValue) -> String {
        if let q = record["question"]?.stringValue {
            let choices = record["choices"]?.arrayValue?.compactMap(\.stringValue) ?? []
            return ([q] + choices).joined(separator: "\n")
        }
        if let p = record["prompt"] {
            if let s = p.stringValue { return s }
            return of(["prompt": p])
        }
        if let source = record["source"]?.stringValue { return source }
        return of(record)
    }

    static let skipped: Set<String> = ["id", "meta", "role", "subject", "instruction_id_list", "kwargs", "source_lang", "target_lang", "final"]

    static func collect(_ value: JSONValue, key: String?, into parts: inout [String]) {
        if let key, skipped.contains(key) { return }
        switch value {
        case .string(let s): parts.append(s)
        case .array(let a): for v in a { collect(v, key: nil, into: &parts) }
        case .object(let members): for m in members { collect(m.value, key: m.key, into: &parts) }
        default: break
        }
    }
}
