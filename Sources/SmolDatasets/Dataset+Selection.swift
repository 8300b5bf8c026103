import SmolCore

public extension Dataset {
    /// The value of `field` in a record: a top-level field, else one kept under `meta` (extra fields of a
    /// loaded file, such as FineWeb-Edu's `score`); nil when the record has neither.
    static func field(_ field: String, of record: JSONValue) -> JSONValue? {
        record[field] ?? record["meta"]?[field]
    }

    /// Every field name that appears in some record (top-level or under `meta`), sorted; for messages
    /// that name the fields a user can ask for.
    var fieldNames: [String] {
        var names = Set<String>()
        for record in records {
            for member in record.objectValue ?? [] where member.key != "meta" { names.insert(member.key) }
            for member in record["meta"]?.objectValue ?? [] { names.insert(member.key) }
        }
        return names.sorted()
    }

    /// The records whose fields equal every condition (a record lacking a field does not match), in their
    /// order, under the same schema. A field that no record has is an error naming the fields there are.
    func filter(where conditions: [(field: String, value: JSONValue)]) throws(DatasetError) -> Dataset {
        try requireFields(conditions.map(\.field))
        let kept = records.filter { record in conditions.allSatisfy { Self.field($0.field, of: record) == $0.value } }
        return Dataset(schema: schema, records: kept, name: name + "-filtered")
    }

    /// A `text` dataset of the chosen fields: each record's text is the text of those fields in the order
    /// given (strings as they are, message lists and other values by `RecordText`), joined by a newline;
    /// the source record's id is kept as `meta.source_id`. This is how one side of a translation set
    /// (`["target"]`) becomes a corpus to train a tokenizer on.
    func select(fields: [String]) throws(DatasetError) -> Dataset {
        guard !fields.isEmpty else { throw .invalidArgument("select needs at least one field, e.g. fields: [\"target\"]") }
        try requireFields(fields)
        var selected: [JSONValue] = []
        selected.reserveCapacity(count)
        for record in records {
            let texts = fields.compactMap { field -> String? in
                guard let value = Self.field(field, of: record) else { return nil }
                return value.stringValue ?? RecordText.of([field: value])
            }
            var out = RecordID.assign(.object([("text", .string(texts.joined(separator: "\n")))]))
            if let id = record["id"] { out = out.setting("meta", to: .object([("source_id", id)])) }
            selected.append(out)
        }
        RecordID.makeUnique(&selected)
        return Dataset(schema: .text, records: selected, name: name + "-" + fields.joined(separator: "+"))
    }

    /// Fails when a field appears in no record, suggesting the closest field there is.
    private func requireFields(_ wanted: [String]) throws(DatasetError) {
        let known = fieldNames
        for field in wanted where !known.contains(field) {
            let closest = known.min { editDistance($0, field) < editDistance($1, field) }
            let hint = closest.map { "; did you mean '\($0)'?" } ?? ""
            throw .invalidArgument("no record of \(name) has a field '\(field)'\(hint) (its fields: \(known.joined(separator: ", ")))")
        }
    }
}
