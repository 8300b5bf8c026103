import Foundation
import SmolCore

/// A canonical text dump of a ledger, and a ledger restored from one: what `paper/ledger/` holds so a
/// reader regenerates every table and figure without running anything (`smol report --from DIR`).
///
/// Invariants:
/// 1. The dump is one JSONL file per table, rows in primary-key (or insertion) order, each row a
///    canonical JSON object: the same ledger contents give the same bytes.
/// 2. What differs between two runs of the same script on the same platform class is left out:
///    timestamps, the git commit and dirty flag, and the folder of the script (its file name and SHA-256
///    stay). A restored ledger has 0 for those times and no git commit.
/// 3. Restoring writes every row in one transaction into a new ledger, so a failed restore leaves no
///    half-made ledger that `smol report` could read.
/// 4. Measured times vary from run to run too: a metric whose name ends in `seconds`, `per_second` or
///    `sec_per_1k_tokens` (`tokens_per_second`, `translate.seconds`, …) is written to `timings.jsonl` instead of
///    `metrics.jsonl`, and result properties named so are left out of `commands.jsonl`; every other file is
///    byte-stable. A restore reads `timings.jsonl` back when it is there.
extension Ledger {
    /// Whether a metric or result property is a measured time (invariant 4).
    static func isMeasuredTime(_ name: String) -> Bool {
        name.hasSuffix("seconds") || name.hasSuffix("per_second") || name.hasSuffix("sec_per_1k_tokens")
    }

    /// A command's result with measured-time properties of its artifacts left out (invariant 4).
    static func withoutMeasuredTimes(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let fields):
            return .object(fields.compactMap { name, field in
                if name == "properties", case .object(let properties) = field {
                    return (name, .object(properties.filter { !isMeasuredTime($0.key) }))
                }
                return (name, withoutMeasuredTimes(field))
            })
        case .array(let items):
            return .array(items.map(withoutMeasuredTimes))
        default:
            return value
        }
    }

    /// A table as dumped: its fixed SELECT and INSERT (invariant 10 of the schema) and its columns.
    struct DumpedTable {
        enum Column { case integer(String), real(String), text(String) }
        let name: String
        let columns: [Column]
        let order: String
        /// Columns the dump leaves out and a restore fills with this value (invariant 2).
        let filled: [(name: String, value: SQLValue)]

        var names: [String] { columns.map { switch $0 { case .integer(let n), .real(let n), .text(let n): n } } }
        var select: String { "SELECT \(names.joined(separator: ", ")) FROM \(name) ORDER BY \(order)" }
        var insert: String {
            let all = names + filled.map(\.name)
            return "INSERT INTO \(name)(\(all.joined(separator: ", "))) VALUES (\(all.map { _ in "?" }.joined(separator: ", ")))"
        }
    }

    static let dumpedTables: [DumpedTable] = [
        DumpedTable(name: "sessions", columns: [.integer("id"), .text("mode"), .text("script_path"), .text("script_sha256"),
                                                .text("tool_version"), .text("platform"), .text("cpu_model"),
                                                .text("instruction_set"), .integer("thread_count"), .text("matrix_backend"),
                                                .text("definitions_json")],
                    order: "id", filled: [("started_at", .real(0)), ("git_dirty", .integer(0))]),
        DumpedTable(name: "commands", columns: [.integer("id"), .integer("session_id"), .integer("seq"), .text("source_text"),
                                                .text("name"), .text("params_json"), .text("status"), .text("error_text"),
                                                .text("cache_key"), .text("result_json"), .integer("cached_from"), .text("output_text")],
                    order: "id", filled: [("started_at", .real(0)), ("ended_at", .real(0))]),
        DumpedTable(name: "artifacts", columns: [.text("sha256"), .text("kind"), .integer("bytes"), .text("store_path"),
                                                 .text("metadata_json")],
                    order: "sha256", filled: [("created_at", .real(0))]),
        DumpedTable(name: "edges", columns: [.integer("command_id"), .text("artifact_sha256"), .text("role"), .text("name")],
                    order: "command_id, rowid", filled: []),
        DumpedTable(name: "metrics", columns: [.integer("command_id"), .text("name"), .integer("step"), .real("value"), .text("tags_json")],
                    order: "command_id, rowid", filled: []),
        DumpedTable(name: "report_tables", columns: [.integer("id"), .integer("command_id"), .text("name"), .text("spec_json")],
                    order: "id", filled: []),
        DumpedTable(name: "report_figures", columns: [.integer("id"), .integer("command_id"), .text("name"), .text("spec_json")],
                    order: "id", filled: []),
    ]

    /// Writes the dump into `folder` (`<table>.jsonl` each, invariant 1); returns the paths written.
    public func dump(to folder: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var written: [String] = []
        for table in Self.dumpedTables {
            let rows: [JSONValue] = try lock.withLock {
                try db.query(table.select) { row in
                    .object(table.columns.enumerated().map { index, column in
                        let i = Int32(index)
                        switch column {
                        case _ where row.isNull(i): return (table.names[index], .null)
                        case .integer(let name): return (name, .number(Double(row.int64(i))))
                        case .real(let name): return (name, .number(row.double(i)))
                        case .text(let name):
                            let text = row.text(i)
                            // invariant 2: the script's folder is not part of the dump.
                            if name == "script_path" { return (name, .string((text as NSString).lastPathComponent)) }
                            // invariant 4: measured times leave a command's result.
                            if name == "result_json", text.contains("properties"), let parsed = try? JSONParser.parse(text) {
                                let kept = Self.withoutMeasuredTimes(parsed)
                                if kept != parsed { return (name, .string(kept.canonicalText())) }
                            }
                            return (name, .string(text))
                        }
                    })
                }
            }
            // invariant 4: measured-time metrics go to their own file.
            let isTiming = { (row: JSONValue) in table.name == "metrics" && (row["name"]?.stringValue).map(Self.isMeasuredTime) == true }
            for (file, part) in [(table.name, rows.filter { !isTiming($0) }), ("timings", rows.filter(isTiming))]
                where file == table.name || table.name == "metrics" {
                var bytes: [UInt8] = []
                for row in part { bytes += row.canonicalBytes(); bytes.append(0x0A) }
                let path = folder + "/\(file).jsonl"
                try AtomicFile.write(bytes, to: path)
                written.append(path)
            }
        }
        return written
    }

    /// A new ledger at `path` holding the rows of the dump in `folder` (invariant 3).
    public static func restore(dumpAt folder: String, into path: String) throws -> Ledger {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw LedgerError.io(path: path, reason: "a ledger is already there; restore into a new folder")
        }
        let ledger = try Ledger(path: path)
        do {
            try ledger.insertDump(at: folder)
        } catch {
            ledger.close()
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            throw error
        }
        return ledger
    }

    /// Inserts every row of the dump in `folder`, in one transaction.
    private func insertDump(at folder: String) throws {
        let ledger = self
        try ledger.lock.withLock {
            try ledger.db.immediateTransaction {
                for table in Self.dumpedTables {
                    // invariant 4: measured-time metrics come back from their own file (a dump made before it has none).
                    let timings = folder + "/timings.jsonl"
                    let files = [folder + "/\(table.name).jsonl"]
                        + (table.name == "metrics" && FileManager.default.fileExists(atPath: timings) ? [timings] : [])
                    for file in files {
                        guard let data = FileManager.default.contents(atPath: file) else {
                            throw LedgerError.io(path: file, reason: "missing from the dump; make it with `smol ledger dump --out \(folder)`")
                        }
                        for (index, line) in data.split(separator: 0x0A).enumerated() {
                            let row: JSONValue
                            do { row = try JSONParser.parse(Array(line), firstLine: index + 1) } catch {
                                throw LedgerError.invalidJSON(text: "\(file):\(index + 1)", reason: "\(error)")
                            }
                            let values = table.columns.enumerated().map { i, column -> SQLValue in
                                let value = row[table.names[i]] ?? .null
                                switch (column, value) {
                                case (_, .null): return .null
                                case (.integer, .number(let x)): return .integer(Int64(x))
                                case (.real, .number(let x)): return .real(x)
                                case (.text, .string(let s)): return .text(s)
                                default: return .null
                                }
                            }
                            try ledger.db.run(table.insert, values + table.filled.map(\.value))
                        }
                    }
                }
            }
        }
    }
}
