import Foundation

/// The ledger's SQLite schema and its migrations.
///
/// Invariants (tests cite them as "Schema invariant N"):
/// 1. `PRAGMA user_version` equals the number of migrations applied. Each migration runs in the same
///    `BEGIN IMMEDIATE` transaction as the version bump, so a ledger is never half-migrated. Migrations
///    are only ever appended, never edited; re-opening a current ledger changes nothing.
/// 2. Every connection uses WAL journaling, `synchronous=FULL`, `foreign_keys=ON` and a busy timeout,
///    so concurrent writers in several processes wait for each other instead of failing.
/// 3. One command is one transaction: its command row, artifact rows (insert-or-ignore), edges, metrics
///    and table and figure registrations are written in ONE `BEGIN IMMEDIATE … COMMIT`. A process killed part-way
///    leaves no trace of the command.
/// 4. `(session_id, seq)` is unique: sequence numbers within a session never repeat.
/// 5. An artifact row is keyed by the SHA-256 of its raw bytes and is never rewritten, except that a
///    NULL `store_path` (an external file) is filled in once the object enters the store.
/// 6. Every edge, metric, table and figure registration references an existing command, and every edge an
///    existing artifact (foreign keys).
/// 7. `status = 'cached'` exactly when `cached_from` is set; `status = 'error'` requires `error_text`.
/// 8. A metric value of SQL NULL means NaN (SQLite cannot store NaN).
/// 9. Sessions and commands are append-only; the only update is a session's `ended_at`.
/// 10. Values reach SQL only as bound parameters; SQL text is fixed in the source.
enum Schema {
    /// Migration N (1-based) brings `user_version` from N-1 to N.
    static let migrations: [String] = [
        """
        CREATE TABLE sessions(
            id INTEGER PRIMARY KEY,
            started_at REAL NOT NULL,
            ended_at REAL,
            mode TEXT NOT NULL CHECK (mode IN ('repl', 'script', 'cli')),
            script_path TEXT,
            script_sha256 TEXT,
            tool_version TEXT NOT NULL,
            git_commit TEXT,
            git_dirty INTEGER NOT NULL CHECK (git_dirty IN (0, 1)),
            platform TEXT NOT NULL,
            cpu_model TEXT NOT NULL,
            instruction_set TEXT NOT NULL,
            thread_count INTEGER NOT NULL,
            matrix_backend TEXT NOT NULL
        );
        CREATE TABLE commands(
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id),
            seq INTEGER NOT NULL,
            source_text TEXT NOT NULL,
            name TEXT NOT NULL,
            params_json TEXT NOT NULL,
            started_at REAL NOT NULL,
            ended_at REAL NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('ok', 'error', 'cached')),
            error_text TEXT,
            cache_key TEXT,
            result_json TEXT,
            cached_from INTEGER REFERENCES commands(id),
            UNIQUE (session_id, seq),
            CHECK ((status = 'cached') = (cached_from IS NOT NULL)),
            CHECK (status <> 'error' OR error_text IS NOT NULL)
        );
        CREATE INDEX commands_by_cache_key ON commands(cache_key) WHERE cache_key IS NOT NULL;
        CREATE TABLE artifacts(
            sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
            kind TEXT NOT NULL,
            bytes INTEGER NOT NULL CHECK (bytes >= 0),
            store_path TEXT,
            metadata_json TEXT NOT NULL,
            created_at REAL NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE edges(
            command_id INTEGER NOT NULL REFERENCES commands(id),
            artifact_sha256 TEXT NOT NULL REFERENCES artifacts(sha256),
            role TEXT NOT NULL CHECK (role IN ('input', 'output')),
            name TEXT
        );
        CREATE INDEX edges_by_command ON edges(command_id);
        CREATE INDEX edges_by_artifact ON edges(artifact_sha256, role);
        CREATE TABLE metrics(
            command_id INTEGER NOT NULL REFERENCES commands(id),
            name TEXT NOT NULL,
            step INTEGER,
            value REAL
        );
        CREATE INDEX metrics_by_command ON metrics(command_id);
        CREATE INDEX metrics_by_name ON metrics(name);
        CREATE TABLE report_tables(
            id INTEGER PRIMARY KEY,
            command_id INTEGER NOT NULL REFERENCES commands(id),
            name TEXT NOT NULL,
            spec_json TEXT NOT NULL
        );
        CREATE INDEX report_tables_by_name ON report_tables(name);
        """,
        // 2: the globals a script was given on the command line (`smol run --set NAME=VALUE`), so a replay
        //    runs it with the same values.
        """
        ALTER TABLE sessions ADD COLUMN definitions_json TEXT NOT NULL DEFAULT '{}';
        """,
        // 3: what a command printed besides its result (warnings, skipped lines, progress summaries), so an
        //    answer from the cache shows the same lines and `smol ledger show` can print them later.
        """
        ALTER TABLE commands ADD COLUMN output_text TEXT;
        """,
        // 4: registered figures, evaluated like tables and drawn as SVG by `smol report`.
        """
        CREATE TABLE report_figures(
            id INTEGER PRIMARY KEY,
            command_id INTEGER NOT NULL REFERENCES commands(id),
            name TEXT NOT NULL,
            spec_json TEXT NOT NULL
        );
        CREATE INDEX report_figures_by_name ON report_figures(name);
        """,
        // 5: per-point tags (model, condition, scoring…) for commands that measure several things at once,
        //    such as an evaluation of many models: a canonical JSON object of field → text, NULL when none.
        """
        ALTER TABLE metrics ADD COLUMN tags_json TEXT;
        """,
    ]

    /// The version a fully migrated ledger has.
    static var currentVersion: Int { migrations.count }

    /// Sets the connection's pragmas and applies pending migrations (invariants 1 and 2).
    static func prepare(_ db: SQLiteDatabase) throws {
        let mode = try retryingWhileBusy { try db.query("PRAGMA journal_mode = WAL") { $0.text(0) }.first ?? "" }
        guard mode.lowercased() == "wal" else {
            throw LedgerError.io(path: db.path, reason: "could not switch the ledger to WAL (got '\(mode)'); put the workspace on a local file system")
        }
        try db.exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")
        let found = try version(db)
        if found == currentVersion { return }
        try db.immediateTransaction {
            let version = try self.version(db) // another process may have migrated meanwhile
            guard version <= currentVersion else {
                throw LedgerError.schemaTooNew(path: db.path, found: version, supported: currentVersion)
            }
            for index in version..<currentVersion { try db.exec(migrations[index]) }
            // The version is a constant from this file, not a value (invariant 10 holds).
            try db.exec("PRAGMA user_version = \(currentVersion)")
        }
    }

    /// The ledger's `PRAGMA user_version`.
    static func version(_ db: SQLiteDatabase) throws -> Int {
        try db.query("PRAGMA user_version") { $0.int(0) }.first ?? 0
    }

    /// Retries an operation that SQLite answered with BUSY (a journal-mode switch does not wait).
    private static func retryingWhileBusy<T>(_ body: () throws -> T) throws -> T {
        var attempt = 0
        while true {
            do { return try body() } catch LedgerError.sqlite(_, _, let code, _) where code & 0xFF == 5 && attempt < 200 {
                attempt += 1
                usleep(50_000)
            }
        }
    }
}
