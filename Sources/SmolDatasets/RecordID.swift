import SmolCore

/// Stable per-record ids: the first 16 hex digits of the SHA-256 of the record's canonical JSON
/// (without `id` and `meta`), so the same content gets the same id in every run and every file; a
/// dataset that holds the same content twice numbers the repeats (`makeUnique`).
public enum RecordID {
    /// The id of a canonical record's content.
    public static func of(_ record: JSONValue) -> String {
        let content = record.removing("id").removing("meta")
        return String(decoding: SHA256.hex(of: content.canonicalBytes()).utf8.prefix(16), as: UTF8.self)
    }

    /// True when `id` is `own` or `own` with an occurrence suffix (`"<own>-2"`).
    public static func isOccurrence(_ id: String, of own: String) -> Bool {
        guard id.hasPrefix(own) else { return false }
        let rest = id.dropFirst(own.count)
        return rest.isEmpty || (rest.first == "-" && rest.count > 1 && rest.dropFirst().allSatisfy(\.isASCII) && Int(rest.dropFirst()) != nil)
    }

    /// Makes ids unique within `records`, keeping them stable across runs: the k-th repeat (k ≥ 2) of
    /// a content id gets `"<id>-<k>"`. Records without an id are left alone.
    public static func makeUnique(_ records: inout [JSONValue]) {
        var seen: [String: Int] = [:]
        seen.reserveCapacity(records.count)
        for k in records.indices {
            guard let id = records[k]["id"]?.stringValue else { continue }
            let count = (seen[id] ?? 0) + 1
            seen[id] = count
            if count > 1 { records[k] = records[k].setting("id", to: .string("\(id)-\(count)")) }
        }
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
