import Foundation
import SmolCore

/// A line that was skipped because it was invalid (with `skipInvalid: true`).
public struct SkippedLine: Sendable, Equatable, CustomStringConvertible {
    /// 1-based line.
    public var line: Int
    /// 1-based column (Unicode scalars).
    public var column: Int
    /// What was wrong, and how to fix it.
    public var reason: String

    /// Creates a skipped-line record.
    public init(line: Int, column: Int, reason: String) { self.line = line; self.column = column; self.reason = reason }

    /// `line:col: reason`.
    public var description: String { "\(line):\(column): \(reason)" }
}

/// Loads JSONL, JSON-array and CSV files into validated, canonical datasets.
public enum DatasetReader {
    /// The file formats, chosen by extension (`.jsonl`/`.ndjson`, `.json`, `.csv`).
    public enum Format: String, Sendable { case jsonl, jsonArray = "json", csv }

    /// The format for a path's extension.
    public static func format(of path: String) throws -> Format {
        switch (path as NSString).pathExtension.lowercased() {
        case "jsonl", "ndjson": return .jsonl
        case "json": return .jsonArray
        case "csv": return .csv
        default: throw DatasetError.io(path: path, message: "unknown file type; use .jsonl, .json (an array) or .csv")
        }
    }

    /// Loads `path`, detecting the schema from the first record unless `schema` is given.
    ///
    /// `mapping` renames file fields to schema fields before validation (`["query": "question"]`);
    /// mapping a field to `"-"` ignores it. Without `skipInvalid` the first problem throws
    /// `DatasetError.malformed` (`file:line:col: error: reason; fix`); with it, each invalid line is
    /// returned in `skipped` and loading continues. Nothing is dropped without being reported.
    public static func load(path: String, schema: Schema? = nil, mapping: [String: String] = [:], skipInvalid: Bool = false,
                            maxLineBytes: Int = 16 << 20) throws -> (dataset: Dataset, skipped: [SkippedLine]) {
        var records: [JSONValue] = []
        let (resolved, skipped) = try stream(path: path, schema: schema, mapping: mapping, skipInvalid: skipInvalid, maxLineBytes: maxLineBytes) {
            records.append($0)
        }
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return (Dataset(schema: resolved ?? .text, records: records, name: name), skipped)
    }

    /// Validates and normalises `path` record by record without keeping the records: `body` gets each
    /// canonical record as soon as its line is read (JSONL is read in 1 MiB chunks, so memory stays
    /// flat on multi-GB files). Returns the schema (nil for an empty file) and the skipped lines.
    @discardableResult
    public static func stream(path: String, schema: Schema? = nil, mapping: [String: String] = [:], skipInvalid: Bool = false,
                              maxLineBytes: Int = 16 << 20, _ body: (JSONValue) throws -> Void) throws -> (schema: Schema?, skipped: [SkippedLine]) {
        var resolved = schema
        var skipped: [SkippedLine] = []
        let inverse = Dictionary(mapping.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })

        func problem(_ line: Int, _ column: Int, _ reason: String, _ hint: String) throws {
            if skipInvalid { skipped.append(SkippedLine(line: line, column: column, reason: "\(reason); \(hint)")) }
            else { throw DatasetError.malformed(file: path, line: line, column: column, reason: reason, hint: hint) }
        }

        func handle(_ outcome: RawOutcome) throws {
            switch outcome {
            case let .problem(line, column, reason, hint):
                try problem(line, column, reason, hint)
            case let .fatal(line, column, reason, hint):
                throw DatasetError.malformed(file: path, line: line, column: column, reason: reason, hint: hint)
            case .record(let raw):
                let canonical: JSONValue
                do {
                    let mapped = try applyMapping(raw.value, mapping)
                    if resolved == nil {
                        guard let detected = Schema.detect(fields: mapped.objectValue?.map(\.key) ?? []) else {
                            let at = raw.locate("", false)
                            throw DatasetError.malformed(file: path, line: at.line, column: at.column,
                                reason: "cannot detect the schema from the fields \((mapped.objectValue ?? []).map(\.key))",
                                hint: "pass schema: (\(Schema.allCases.map(\.rawValue).joined(separator: ", "))) and/or mapping: to rename fields")
                        }
                        resolved = detected
                    }
                    canonical = try Normalizer.normalize(mapped, schema: resolved!, lenientNumbers: raw.fromCSV)
                } catch let issue as RecordIssue {
                    let at = raw.locate(unmapPointer(issue.pointer, inverse), issue.atKey)
                    try problem(at.line, at.column, issue.reason, issue.hint)
                    return
                }
                try body(canonical)
            }
        }

        switch try format(of: path) {
        case .jsonl: try JSONLReader.read(path: path, maxLineBytes: maxLineBytes, handle)
        case .jsonArray: try JSONArrayReader.read(path: path, handle)
        case .csv: try CSVReader.read(path: path, handle)
        }
        return (resolved, skipped)
    }

    /// Rewrites the first token of a pointer from a schema field back to the file's field name.
    static func unmapPointer(_ pointer: String, _ inverse: [String: String]) -> String {
        guard !inverse.isEmpty else { return pointer }
        let parts = pointer.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count > 1, let original = inverse[String(parts[1])] else { return pointer }
        return (["", JSONParser.pointerToken(original)] + parts.dropFirst(2).map(String.init)).joined(separator: "/")
    }
}
