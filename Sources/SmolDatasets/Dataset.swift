import SmolCore

/// A validated, normalised dataset: canonical records of one schema, each with a content id.
public struct Dataset: Sendable {
    /// The record shape.
    public var schema: Schema
    /// Canonical records (see `Schema`), each an object with `"id"`.
    public var records: [JSONValue]
    /// A display name (file stem or task name).
    public var name: String

    /// Creates a dataset from canonical records.
    public init(schema: Schema, records: [JSONValue], name: String) {
        self.schema = schema
        self.records = records
        self.name = name
    }

    /// The number of records.
    public var count: Int { records.count }

    /// Deterministic bytes: one canonical JSON object per line, each ending in `\n`. This is the
    /// artifact the ledger hashes.
    public func canonicalJSONL() -> [UInt8] {
        var out: [UInt8] = []
        for record in records {
            out.append(contentsOf: record.canonicalBytes())
            out.append(0x0A)
        }
        return out
    }

    /// SHA-256 (hex) of `canonicalJSONL()`.
    public func contentHash() -> String { SHA256.hex(of: canonicalJSONL()) }

    /// Reads back `canonicalJSONL()` bytes; the schema is taken from the records' shape unless given.
    public init(canonicalJSONL bytes: [UInt8], name: String, schema: Schema? = nil) throws {
        var records: [JSONValue] = []
        var lineNumber = 1
        var start = 0
        try bytes.withUnsafeBufferPointer { buffer in
            while start < buffer.count {
                var end = start
                while end < buffer.count && buffer[end] != 0x0A { end += 1 }
                let line = UnsafeBufferPointer(rebasing: buffer[start..<end])
                switch JSONLReader.outcome(line, number: lineNumber, endsWithNewline: end < buffer.count) {
                case .problem(let l, let c, let reason, let hint), .fatal(let l, let c, let reason, let hint):
                    throw DatasetError.malformed(file: name, line: l, column: c, reason: reason, hint: hint)
                case .record(let raw):
                    guard raw.value["id"]?.stringValue != nil else {
                        throw DatasetError.malformed(file: name, line: lineNumber, column: 1, reason: "record has no \"id\"",
                                                     hint: "canonical JSONL comes from Dataset.canonicalJSONL(); load other files with DatasetReader.load")
                    }
                    records.append(raw.value)
                }
                lineNumber += 1
                start = end + 1
            }
        }
        guard let resolved = schema ?? records.first.flatMap(Schema.detectCanonical) ?? (records.isEmpty ? .text : nil) else {
            throw DatasetError.schema(path: name, message: "cannot tell the schema of canonical records; pass schema:")
        }
        self.init(schema: resolved, records: records, name: name)
    }
}
