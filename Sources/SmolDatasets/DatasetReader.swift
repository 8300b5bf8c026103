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
    /// What to do with a field the schema does not know: report it (`error`), or keep it under the
    /// record's `"meta"` (`keep`: e.g. FineWeb-Edu's url, dump, score next to `text`).
    public enum ExtraFields: String, Sendable, CaseIterable { case error, keep }

    /// The file formats, chosen by extension (`.jsonl`/`.ndjson`, `.json`, `.csv`, and `.mo`: a gettext
    /// catalogue read as translation pairs, see `GettextPairs`).
    public enum Format: String, Sendable { case jsonl, jsonArray = "json", csv, mo }

    /// The format for a path's extension.
    public static func format(of path: String) throws -> Format {
        switch (path as NSString).pathExtension.lowercased() {
        case "jsonl", "ndjson": return .jsonl
        case "json": return .jsonArray
        case "csv": return .csv
        case "mo": return .mo
        default: throw DatasetError.io(path: path, message: "unknown file type; use .jsonl, .json (an array), .csv or .mo (a gettext catalogue)")
        }
    }

    /// Loads `path`, detecting the schema from the first record unless `schema` is given.
    ///
    /// `mapping` renames fields before validation: each key is the file's field name, its value the schema
    /// field it becomes (`["query": "question"]` reads the file's `query` as `question`); mapping a field
    /// to `"-"` ignores it. Without `skipInvalid` the first problem throws
    /// `DatasetError.malformed` (`file:line:col: error: reason; fix`); with it, each invalid line is
    /// returned in `skipped` and loading continues. A stray header row (values that repeat the field
    /// names) is always skipped and listed in `skipped`. Nothing is dropped without being reported.
    public static func load(path: String, schema: Schema? = nil, mapping: [String: String] = [:], skipInvalid: Bool = false,
                            maxLineBytes: Int = 16 << 20, extra: ExtraFields = .error) throws -> (dataset: Dataset, skipped: [SkippedLine]) {
        var records: [JSONValue] = []
        let (resolved, skipped) = try stream(path: path, schema: schema, mapping: mapping, skipInvalid: skipInvalid, maxLineBytes: maxLineBytes,
                                             extra: extra) {
            records.append($0)
        }
        // Identical records share a content id; number the repeats so ids are unique in the dataset.
        RecordID.makeUnique(&records)
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return (Dataset(schema: resolved ?? .text, records: records, name: name), skipped)
    }

    /// Validates and normalises `path` record by record without keeping the records: `body` gets each
    /// canonical record, in file order, soon after its line is read (JSONL is read in 1 MiB chunks
    /// whose lines are parsed on all cores, up to 8, so memory stays flat on multi-GB files; the
    /// records and errors are the same for any number of threads, which `SMOL_LOAD_THREADS=N` sets).
    /// Returns the schema (nil for an empty file) and the skipped lines.
    @discardableResult
    public static func stream(path: String, schema: Schema? = nil, mapping: [String: String] = [:], skipInvalid: Bool = false,
                              maxLineBytes: Int = 16 << 20, extra: ExtraFields = .error,
                              _ body: (JSONValue) throws -> Void) throws -> (schema: Schema?, skipped: [SkippedLine]) {
        let keepExtra = extra == .keep
        var resolved = schema
        var skipped: [SkippedLine] = []
        let inverse = Dictionary(mapping.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })

        func problem(_ line: Int, _ column: Int, _ reason: String, _ hint: String) throws {
            if skipInvalid { skipped.append(SkippedLine(line: line, column: column, reason: "\(reason); \(hint)")) }
            else { throw DatasetError.malformed(file: path, line: line, column: column, reason: reason, hint: hint) }
        }

        func deliver(_ result: RecordResult) throws {
            switch result {
            case .record(let canonical): try body(canonical)
            case let .strayHeader(line, column, reason): skipped.append(SkippedLine(line: line, column: column, reason: reason))
            case let .problem(line, column, reason, hint): try problem(line, column, reason, hint)
            case let .fatal(line, column, reason, hint):
                throw DatasetError.malformed(file: path, line: line, column: column, reason: reason, hint: hint)
            case .failure(let error): throw error
            }
        }

        func handle(_ outcome: RawOutcome) throws {
            if case .record(let raw) = outcome, resolved == nil, !isStrayHeader(raw.value) {
                // The first record fixes the schema (an undetectable one stops the load, even with skipInvalid).
                let mapped: JSONValue
                do { mapped = try applyMapping(raw.value, mapping) } catch let issue as RecordIssue {
                    let at = raw.locate(unmapPointer(issue.pointer, inverse), issue.atKey)
                    return try problem(at.line, at.column, issue.reason, issue.hint)
                }
                guard let detected = Schema.detect(fields: mapped.objectValue?.map(\.key) ?? []) else {
                    let at = raw.locate("", false)
                    throw DatasetError.malformed(file: path, line: at.line, column: at.column,
                        reason: "cannot detect the schema from the fields \((mapped.objectValue ?? []).map(\.key))",
                        hint: "pass schema: (\(Schema.allCases.map(\.rawValue).joined(separator: ", "))) and/or rename the file's fields to the schema's with mapping: (e.g. \(mappingExample(from: "query", to: "question")))")
                }
                resolved = detected
            }
            try deliver(result(of: outcome, schema: resolved ?? .text, mapping: mapping, inverse: inverse, keepExtra: keepExtra))
        }

        switch try format(of: path) {
        case .jsonl:
            try JSONLReader.readBatches(path: path, maxLineBytes: maxLineBytes) { batch in
                // Lines before the first record are handled one by one until it fixes the schema; the
                // rest of the batch is parsed and normalised in parallel and delivered in file order.
                var first = 0
                while resolved == nil && first < batch.entries.count {
                    try batch.withEntry(first) { entry, bytes in try handle(JSONLReader.outcome(entry, bytes, maxLineBytes: maxLineBytes)) }
                    first += 1
                }
                guard let schema = resolved else { return }
                let results = batch.map(from: first) { entry, bytes in
                    result(of: JSONLReader.outcome(entry, bytes, maxLineBytes: maxLineBytes), schema: schema, mapping: mapping, inverse: inverse,
                           keepExtra: keepExtra)
                }
                for result in results { try deliver(result) }
            }
        case .jsonArray: try JSONArrayReader.read(path: path, handle)
        case .csv: try CSVReader.read(path: path, handle)
        case .mo:
            // Each translated message is a translation pair; the entries left out are reported as skipped
            // "lines" numbered by entry (1-based).
            guard schema == nil || schema == .translation else {
                throw DatasetError.schema(path: path, message: "a gettext catalogue holds translation pairs; pass schema: \"translation\" or leave it out")
            }
            let (records, skippedEntries) = try GettextPairs.records(paths: [path])
            resolved = .translation
            for record in records { try body(record) }
            skipped += skippedEntries.filter { $0.reason != .header }.map {
                SkippedLine(line: $0.index + 1, column: 1, reason: "entry \($0.index): \($0.reason.rawValue.replacingOccurrences(of: "_", with: " ")) message")
            }
        }
        return (resolved, skipped)
    }

    /// What one raw outcome becomes once normalised to `schema` (pure: safe to call from worker threads).
    static func result(of outcome: RawOutcome, schema: Schema, mapping: [String: String], inverse: [String: String],
                       keepExtra: Bool = false) -> RecordResult {
        switch outcome {
        case let .problem(line, column, reason, hint): return .problem(line: line, column: column, reason: reason, hint: hint)
        case let .fatal(line, column, reason, hint): return .fatal(line: line, column: column, reason: reason, hint: hint)
        case .record(let raw):
            if isStrayHeader(raw.value) {
                let at = raw.locate("", false)
                return .strayHeader(line: at.line, column: at.column,
                                    reason: "stray header row (its values repeat the field names); skipped, delete the line to silence this")
            }
            do {
                return .record(try Normalizer.normalize(try applyMapping(raw.value, mapping), schema: schema, lenientNumbers: raw.fromCSV,
                                                        keepExtra: keepExtra))
            } catch let issue as RecordIssue {
                let at = raw.locate(unmapPointer(issue.pointer, inverse), issue.atKey)
                return .problem(line: at.line, column: at.column, reason: issue.reason, hint: issue.hint)
            } catch {
                return .failure(error)
            }
        }
    }

    /// True for a record whose values repeat its field names (a CSV header row left inside the data,
    /// as in MMLU exports): at least two fields, and at least half of them, hold their own name.
    static func isStrayHeader(_ record: JSONValue) -> Bool {
        guard let members = record.objectValue, members.count >= 2 else { return false }
        var echoes = 0
        for member in members {
            if case .string(let value) = member.value, value == member.key { echoes += 1 }
        }
        return echoes >= 2 && 2 * echoes >= members.count
    }

    /// Rewrites the first token of a pointer from a schema field back to the file's field name.
    static func unmapPointer(_ pointer: String, _ inverse: [String: String]) -> String {
        guard !inverse.isEmpty else { return pointer }
        let parts = pointer.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count > 1, let original = inverse[String(parts[1])] else { return pointer }
        return (["", JSONParser.pointerToken(original)] + parts.dropFirst(2).map(String.init)).joined(separator: "/")
    }
}
