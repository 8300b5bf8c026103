import SmolCore

/// Stable per-record ids: the first 16 hex digits of the SHA-256 of the record's canonical JSON
/// (without `id` and `meta`), so the same content gets the same id in every run and every file.
public enum RecordID {
    /// The id of a canonical record's content.
    public static func of(_ record: JSONValue) -> String {
        let content = record.removing("id").removing("meta")
        return String(decoding: SHA256.hex(of: content.canonicalBytes()).utf8.prefix(16), as: UTF8.self)
    }

    /// The record with `"id"` set to its content id (placed first).
    public static func assign(_ record: JSONValue) -> JSONValue {
        guard case .object(let members) = record.removing("id") else { return record }
        var out: [(key: String, value: JSONValue)] = []
        out.reserveCapacity(members.count + 1)
        out.append((key: "id", value: .string(of(record))))
        out.append(contentsOf: members)
        return .object(out)
    }
}
