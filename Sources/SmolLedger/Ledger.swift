import Foundation
import SmolCore

/// The SQLite ledger of sessions, commands, artifacts, lineage edges, metrics and report tables.
///
/// All calls on one `Ledger` are serialised by a lock; several processes may write the same ledger
/// (SQLite WAL, `BEGIN IMMEDIATE`, busy timeout — Schema invariants 2 and 3).
public final class Ledger: @unchecked Sendable {
    /// The database file.
    public let path: String
    let db: SQLiteDatabase
    let store: ArtifactStore?
    let lock = NSRecursiveLock()

    /// Opens (creating and migrating) the ledger at `path`; `store` decides which artifacts are stored
    /// and lets cache lookups check that outputs still exist.
    public init(path: String, store: ArtifactStore? = nil) throws {
        self.path = path
        self.store = store
        db = try SQLiteDatabase(path: path)
        try Schema.prepare(db)
    }

    /// Checkpoints the WAL into `ledger.sqlite` and closes the connection (idempotent). Every later
    /// call on this ledger throws `LedgerError.closed`; other `Ledger` objects on the file are unaffected.
    public func close() {
        lock.withLock { db.close() }
    }

    /// The schema version (`PRAGMA user_version`).
    public func schemaVersion() throws -> Int {
        try lock.withLock { try Schema.version(db) }
    }

    /// `PRAGMA integrity_check` lines; `["ok"]` for a sound database.
    public func integrityCheck() throws -> [String] {
        try lock.withLock { try db.query("PRAGMA integrity_check") { $0.text(0) } }
    }

    // MARK: - Sessions

    /// Records the start of a session (now, or at `startedAt` in Unix seconds) and returns its id.
    public func beginSession(_ info: SessionInfo, startedAt: Double? = nil) throws -> Int64 {
        try lock.withLock {
            try db.immediateTransaction {
                try db.run("""
                    INSERT INTO sessions(started_at, mode, script_path, script_sha256, tool_version, git_commit, git_dirty,
                                         platform, cpu_model, instruction_set, thread_count, matrix_backend, definitions_json)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, [.real(startedAt ?? Date().timeIntervalSince1970), .text(info.mode.rawValue), SQLValue(info.scriptPath),
                          SQLValue(info.scriptSHA256), .text(info.toolVersion), SQLValue(info.gitCommit), SQLValue(info.gitDirty),
                          .text(info.platform), .text(info.cpuModel), .text(info.instructionSet),
                          SQLValue(info.threadCount), .text(info.matrixBackend), .text(info.definitionsJSON)])
                return db.lastInsertRowID
            }
        }
    }

    /// Records the end of a session (only the first call has an effect).
    public func endSession(_ id: Int64) throws {
        try lock.withLock {
            try db.immediateTransaction {
                let exists = try db.query("SELECT 1 FROM sessions WHERE id = ?", [.integer(id)]) { _ in true }
                guard !exists.isEmpty else { throw LedgerError.unknownSession(id) }
                try db.run("UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL",
                           [.real(Date().timeIntervalSince1970), .integer(id)])
            }
        }
    }

    /// The sequence number the next command of this session should carry.
    public func nextSequence(session: Int64) throws -> Int {
        try lock.withLock {
            try db.query("SELECT COALESCE(MAX(seq), 0) + 1 FROM commands WHERE session_id = ?", [.integer(session)]) { $0.int(0) }.first ?? 1
        }
    }

    /// All sessions, oldest first.
    public func sessions() throws -> [SessionRow] {
        try lock.withLock {
            try db.query("""
                SELECT s.id, s.started_at, s.ended_at, s.mode, s.script_path, s.script_sha256, s.tool_version, s.git_commit,
                       s.git_dirty, s.platform, s.cpu_model, s.instruction_set, s.thread_count, s.matrix_backend,
                       (SELECT COUNT(*) FROM commands c WHERE c.session_id = s.id), s.definitions_json
                FROM sessions s ORDER BY s.id
                """) { row in
                let info = SessionInfo(mode: SessionMode(rawValue: row.text(3)) ?? .cli, scriptPath: row.optionalText(4),
                                       scriptSHA256: row.optionalText(5), toolVersion: row.text(6), gitCommit: row.optionalText(7),
                                       gitDirty: row.int(8) != 0, platform: row.text(9), cpuModel: row.text(10),
                                       instructionSet: row.text(11), threadCount: row.int(12), matrixBackend: row.text(13),
                                       definitionsJSON: row.text(15))
                return SessionRow(id: row.int64(0), startedAt: row.double(1), endedAt: row.optionalDouble(2), info: info,
                                  commandCount: row.int(14))
            }
        }
    }

    // MARK: - Commands

    /// Writes a command with its artifacts, edges, metrics and tables in one transaction (Schema
    /// invariant 3) and returns its id. A `sequence` ≤ 0 is replaced, inside the transaction, by the
    /// session's next number (safe when several writers share a session).
    @discardableResult
    public func record(_ command: CommandRecord) throws -> Int64 {
        let specs = try command.tables.map { try Ledger.encode($0) }
        let figureSpecs = try command.figures.map { try Ledger.encode($0) }
        return try lock.withLock {
            try db.immediateTransaction {
                var sequence = command.sequence
                if sequence <= 0 {
                    sequence = try db.query("SELECT COALESCE(MAX(seq), 0) + 1 FROM commands WHERE session_id = ?",
                                            [.integer(command.sessionID)]) { $0.int(0) }.first ?? 1
                }
                try db.run("""
                    INSERT INTO commands(session_id, seq, source_text, name, params_json, started_at, ended_at, status,
                                         error_text, cache_key, result_json, cached_from, output_text)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, [.integer(command.sessionID), SQLValue(sequence), .text(command.sourceText), .text(command.name),
                          .text(command.paramsJSON), .real(command.startedAt), .real(command.endedAt), .text(command.status.rawValue),
                          SQLValue(command.errorText), SQLValue(command.cacheKey), SQLValue(command.resultJSON),
                          SQLValue(command.cachedFrom), SQLValue(command.outputText)])
                let id = db.lastInsertRowID
                for (role, refs) in [(EdgeRole.input, command.inputs), (.output, command.outputs)] {
                    for ref in refs {
                        try insertArtifact(ref)
                        try db.run("INSERT INTO edges(command_id, artifact_sha256, role, name) VALUES (?, ?, ?, ?)",
                                   [.integer(id), .text(ref.sha256), .text(role.rawValue), SQLValue(ref.name)])
                    }
                }
                for point in command.metrics {
                    try db.run("INSERT INTO metrics(command_id, name, step, value, tags_json) VALUES (?, ?, ?, ?, ?)",
                               [.integer(id), .text(point.name), SQLValue(point.step), point.value.isNaN ? .null : .real(point.value),
                                SQLValue(point.tagsJSON)])
                }
                for (spec, json) in zip(command.tables, specs) {
                    try db.run("INSERT INTO report_tables(command_id, name, spec_json) VALUES (?, ?, ?)",
                               [.integer(id), .text(spec.name), .text(json)])
                }
                for (spec, json) in zip(command.figures, figureSpecs) {
                    try db.run("INSERT INTO report_figures(command_id, name, spec_json) VALUES (?, ?, ?)",
                               [.integer(id), .text(spec.name), .text(json)])
                }
                return id
            }
        }
    }

    /// Inserts an artifact row, or fills in its store path if it was external (Schema invariant 5).
    private func insertArtifact(_ ref: ArtifactRef) throws {
        guard ArtifactStore.isHash(ref.sha256) else {
            throw LedgerError.invalidName(ref.sha256, reason: "an artifact hash is 64 lowercase hex characters")
        }
        let storePath = (store?.contains(ref.sha256) ?? false) ? ArtifactStore.relativeObjectPath(ref.sha256) : nil
        try db.run("""
            INSERT INTO artifacts(sha256, kind, bytes, store_path, metadata_json, created_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(sha256) DO UPDATE SET store_path = excluded.store_path
            WHERE artifacts.store_path IS NULL AND excluded.store_path IS NOT NULL
            """, [.text(ref.sha256), .text(ref.kind.rawValue), .integer(ref.bytes), SQLValue(storePath), .text(ref.metadataJSON),
                  .real(Date().timeIntervalSince1970)])
    }

    /// The latest ok command with this cache key whose outputs are all still in the store with their
    /// recorded sizes (a tree's files must be present too); a truncated or lost object is never trusted.
    public func cachedCommand(key: String) throws -> CommandRecord? {
        try lock.withLock {
            let ids = try db.query("SELECT id FROM commands WHERE cache_key = ? AND status = 'ok' ORDER BY id DESC",
                                   [.text(key)]) { $0.int64(0) }
            for id in ids {
                guard let candidate = try loadCommands(where: "c.id = ?", [.integer(id)]).first else { continue }
                if candidate.outputs.allSatisfy({ store?.holds($0) ?? true }) { return candidate }
            }
            return nil
        }
    }

    /// Commands of one session (or all), in recording order, with edges, metrics and tables.
    public func commands(session: Int64? = nil) throws -> [CommandRecord] {
        try lock.withLock {
            if let session { return try loadCommands(where: "c.session_id = ?", [.integer(session)]) }
            return try loadCommands(where: "1", [])
        }
    }

    /// One command, or nil.
    public func command(id: Int64) throws -> CommandRecord? {
        try lock.withLock { try loadCommands(where: "c.id = ?", [.integer(id)]).first }
    }

    /// The lineage edges of one command, inputs then outputs, in recording order.
    public func edges(command id: Int64) throws -> [Edge] {
        try lock.withLock {
            try db.query("""
                SELECT e.command_id, e.role, e.name, a.sha256, a.kind, a.bytes, a.metadata_json
                FROM edges e JOIN artifacts a ON a.sha256 = e.artifact_sha256
                WHERE e.command_id = ? ORDER BY e.role, e.rowid
                """, [.integer(id)]) { row in
                Edge(commandID: row.int64(0), artifact: ArtifactRef(sha256: row.text(3), kind: ArtifactKind(row.text(4)), bytes: row.int64(5),
                                                                    metadataJSON: row.text(6), name: row.optionalText(2)),
                     role: EdgeRole(rawValue: row.text(1)) ?? .input)
            }
        }
    }

    /// The metric points of one command, in recording order.
    public func metrics(command id: Int64) throws -> [MetricPoint] {
        try lock.withLock {
            try db.query("SELECT name, step, value, tags_json FROM metrics WHERE command_id = ? ORDER BY rowid", [.integer(id)]) {
                MetricPoint(name: $0.text(0), step: $0.optionalInt(1), value: $0.optionalDouble(2) ?? .nan,
                            tags: MetricPoint.tags(fromJSON: $0.optionalText(3)))
            }
        }
    }

    /// Every artifact in the ledger, by hash.
    public func artifacts() throws -> [ArtifactRef] {
        try lock.withLock {
            try db.query("SELECT sha256, kind, bytes, metadata_json FROM artifacts ORDER BY sha256") {
                ArtifactRef(sha256: $0.text(0), kind: ArtifactKind($0.text(1)), bytes: $0.int64(2), metadataJSON: $0.text(3))
            }
        }
    }

    /// Hashes of artifacts recorded as living in the store (what `ArtifactStore.verify` expects).
    public func storedArtifactHashes() throws -> [String] {
        try lock.withLock { try db.query("SELECT sha256 FROM artifacts WHERE store_path IS NOT NULL ORDER BY sha256") { $0.text(0) } }
    }

    /// Artifacts recorded by hash only (inputs too large to copy into the store), with the source path
    /// their metadata names, if any.
    public func externalArtifacts() throws -> [(ref: ArtifactRef, source: String?)] {
        try lock.withLock {
            try db.query("SELECT sha256, kind, bytes, metadata_json FROM artifacts WHERE store_path IS NULL ORDER BY sha256") {
                let ref = ArtifactRef(sha256: $0.text(0), kind: ArtifactKind($0.text(1)), bytes: $0.int64(2), metadataJSON: $0.text(3))
                var source: String?
                if case .string(let path)? = (try? JSONParser.parse(ref.metadataJSON))?["source"] { source = path }
                return (ref, source)
            }
        }
    }

    /// A report spec (table or figure) as compact JSON with sorted keys.
    static func encode<Spec: Encodable>(_ spec: Spec) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(spec), as: UTF8.self)
    }
}
