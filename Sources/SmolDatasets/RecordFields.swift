import SmolCore

/// Reads the fields of one raw record, remembering which were used so leftovers can be reported.
struct RecordFields {
    let members: [(key: String, value: JSONValue)]
    let lenientNumbers: Bool
    let schema: Schema
    /// Keep fields the schema does not know as metadata instead of rejecting them.
    var keepExtra = false
    /// Keys read so far (a record has a handful of fields, so a list beats hashing).
    private(set) var used: [String] = []

    init(_ record: JSONValue, schema: Schema, lenientNumbers: Bool) {
        members = record.objectValue ?? []
        used.reserveCapacity(members.count)
        self.schema = schema
        self.lenientNumbers = lenientNumbers
    }

    func has(_ key: String) -> Bool { members.contains { $0.key == key } }

    mutating func optional(_ key: String) -> JSONValue? {
        guard let value = members.first(where: { $0.key == key })?.value else { return nil }
        if !used.contains(key) { used.append(key) }
        return value
    }

    mutating func require(_ key: String) throws -> JSONValue {
        guard let value = optional(key) else {
            throw RecordIssue(pointer: "", reason: "missing required field \"\(key)\" for schema \(schema.rawValue)",
                              hint: "add it, or rename the file's field to it with mapping: \(mappingExample(from: "your_field", to: key)) (accepted shapes: \(schema.shapesHelp))")
        }
        return value
    }

    mutating func string(_ key: String) throws -> String {
        try Self.string(try require(key), at: "/" + key)
    }

    mutating func optionalString(_ key: String) throws -> String? {
        guard let value = optional(key), !value.isNull else { return nil }
        return try Self.string(value, at: "/" + key)
    }

    /// `pointer` is only built when there is a problem to report.
    static func string(_ value: JSONValue, at pointer: @autoclosure () -> String) throws -> String {
        guard case .string(let s) = value else {
            let pointer = pointer()
            throw RecordIssue(pointer: pointer, reason: "wrong type at \(pointer): expected a string, found a \(value.typeName)",
                              hint: "write the value in double quotes")
        }
        return s
    }

    static func array(_ value: JSONValue, at pointer: @autoclosure () -> String) throws -> [JSONValue] {
        guard case .array(let a) = value else {
            let pointer = pointer()
            throw RecordIssue(pointer: pointer, reason: "wrong type at \(pointer): expected an array, found a \(value.typeName)",
                              hint: "write a list in [ … ]")
        }
        return a
    }

    /// Reports the first field nobody read (other than metadata), pointing at its key.
    func rejectUnknown() throws {
        if keepExtra { return }
        for member in members where !used.contains(member.key) && !schema.isMetaField(member.key) {
            throw RecordIssue(pointer: "/" + JSONParser.pointerToken(member.key), atKey: true,
                              reason: "unknown field \"\(member.key)\" for schema \(schema.rawValue)",
                              hint: "remove it, rename it to a schema field with mapping: \(mappingExample(from: member.key, to: "field")), ignore it with mapping: \(mappingExample(from: member.key, to: "-")), or keep unknown fields as metadata with extra: \"keep\"")
        }
    }

    /// The metadata members present (and, with `keepExtra`, every unread field), in file order.
    func meta() -> JSONValue? {
        let kept = members.filter { (keepExtra || schema.isMetaField($0.key)) && !used.contains($0.key) }
        return kept.isEmpty ? nil : .object(kept)
    }
}

/// A SmolScript `mapping:` record that renames the file's field `from` to the schema field `to`
/// (`[query: "question"]`); a name that is not an identifier is quoted (`["Unnamed: 0": "-"]`).
func mappingExample(from: String, to: String) -> String {
    let identifier = from.first.map { $0.isLetter || $0 == "_" } == true && from.allSatisfy { ($0.isLetter || $0.isNumber || $0 == "_") && $0.isASCII }
    let key = identifier ? from : "\"" + from.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    return "[\(key): \"\(to)\"]"
}

/// Applies a field mapping: each key is a field name in the file, its value the schema field it becomes
/// (the direction of Hugging Face's `rename_columns`); "-" or "" ignores the field.
func applyMapping(_ record: JSONValue, _ mapping: [String: String]) throws -> JSONValue {
    guard !mapping.isEmpty, case .object(let members) = record else { return record }
    var out: [(key: String, value: JSONValue)] = []
    for member in members {
        guard let target = mapping[member.key] else { out.append(member); continue }
        if target == "-" || target.isEmpty { continue }
        out.append((target, member.value))
    }
    for (k, member) in out.enumerated() where out[..<k].contains(where: { $0.key == member.key }) {
        let original = members.first { mapping[$0.key] == member.key }?.key ?? member.key
        throw RecordIssue(pointer: "/" + JSONParser.pointerToken(original), atKey: true,
                          reason: "mapping renames \"\(original)\" onto \"\(member.key)\", which the record already has",
                          hint: "map only one field to \"\(member.key)\", or ignore the record's own with mapping: \(mappingExample(from: member.key, to: "-"))")
    }
    return .object(out)
}
