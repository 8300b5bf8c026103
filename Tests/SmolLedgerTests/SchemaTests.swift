import Foundation
import Testing
@testable import SmolLedger

@Suite("Schema")
struct SchemaTests {
    @Test("invariant 1: a new ledger is migrated to the current user_version")
    func freshLedgerHasCurrentVersion() throws {
        let ws = try temporaryWorkspace()
        #expect(try ws.ledger.schemaVersion() == Schema.currentVersion)
        #expect(Schema.currentVersion >= 1)
        let db = try rawDatabase(ws.ledger)
        let tables = try db.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") { $0.text(0) }
        #expect(tables == ["artifacts", "commands", "edges", "metrics", "report_figures", "report_tables", "sessions"])
    }

    @Test("invariant 1: re-opening a current ledger is idempotent and keeps its data")
    func reopenIsIdempotent() throws {
        let ws = try temporaryWorkspace()
        let session = try ws.ledger.beginSession(sampleSession())
        try recordCommand(ws.ledger, session: session, name: "data.load")
        for _ in 0..<3 {
            let again = try Workspace(root: ws.root)
            #expect(try again.ledger.schemaVersion() == Schema.currentVersion)
            #expect(try again.ledger.commands().count == 1)
            #expect(try again.ledger.sessions().map(\.id) == [session])
        }
    }

    @Test("invariant 1: a version-1 ledger migrates to the current version and keeps its sessions")
    func versionOneLedgerMigrates() throws {
        let directory = temporaryDirectory(#function) + "/ws"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let db = try SQLiteDatabase(path: directory + "/ledger.sqlite")
        try db.exec(Schema.migrations[0])
        try db.exec("PRAGMA user_version = 1")
        try db.run("""
            INSERT INTO sessions(started_at, mode, tool_version, git_dirty, platform, cpu_model, instruction_set,
                                 thread_count, matrix_backend)
            VALUES (1, 'script', 'smol 0.0.9', 0, 'linux', 'cpu', 'x86_64', 2, 'smol')
            """, [])
        let ws = try Workspace(root: directory)
        #expect(try ws.ledger.schemaVersion() == Schema.currentVersion)
        let sessions = try ws.ledger.sessions()
        #expect(sessions.map(\.info.toolVersion) == ["smol 0.0.9"])
        #expect(sessions.first?.info.definitionsJSON == "{}")
        var info = sampleSession()
        info.definitionsJSON = #"{"lr":0.001}"#
        let id = try ws.ledger.beginSession(info)
        #expect(try ws.ledger.sessions().first(where: { $0.id == id })?.info.definitionsJSON == #"{"lr":0.001}"#)
    }

    @Test("invariant 1: a ledger from a newer smol is refused with a clear error")
    func newerSchemaIsRefused() throws {
        let ws = try temporaryWorkspace()
        let db = try rawDatabase(ws.ledger)
        try db.exec("PRAGMA user_version = \(Schema.currentVersion + 5)")
        #expect(throws: LedgerError.schemaTooNew(path: ws.ledger.path, found: Schema.currentVersion + 5,
                                                 supported: Schema.currentVersion)) {
            _ = try Ledger(path: ws.ledger.path)
        }
    }

    @Test("invariant 2: the ledger uses WAL and foreign keys")
    func walAndForeignKeys() throws {
        let ws = try temporaryWorkspace()
        let mode = try ws.ledger.db.query("PRAGMA journal_mode") { $0.text(0) }.first
        #expect(mode == "wal")
        #expect(try scalar(ws.ledger.db, "PRAGMA foreign_keys") == 1)
        #expect(FileManager.default.fileExists(atPath: ws.ledger.path + "-wal"))
    }

    @Test("invariant 4: a session's sequence numbers are unique")
    func duplicateSequenceIsRejected() throws {
        let ws = try temporaryWorkspace()
        let session = try ws.ledger.beginSession(sampleSession())
        let command = CommandRecord(sessionID: session, sequence: 1, sourceText: "a()", name: "a", startedAt: 0, endedAt: 0)
        try ws.ledger.record(command)
        #expect(throws: LedgerError.self) { try ws.ledger.record(command) }
        #expect(try ws.ledger.nextSequence(session: session) == 2)
    }

    @Test("invariant 6: a command must belong to an existing session")
    func unknownSessionIsRejected() throws {
        let ws = try temporaryWorkspace()
        #expect(throws: LedgerError.self) {
            try ws.ledger.record(CommandRecord(sessionID: 42, sequence: 1, sourceText: "a()", name: "a", startedAt: 0, endedAt: 0))
        }
        #expect(try ws.ledger.commands().isEmpty)
    }

    @Test("invariant 7: cached needs cached_from, error needs error_text")
    func statusConstraints() throws {
        let ws = try temporaryWorkspace()
        let session = try ws.ledger.beginSession(sampleSession())
        #expect(throws: LedgerError.self) { try recordCommand(ws.ledger, session: session, name: "a", status: .cached) }
        #expect(throws: LedgerError.self) { try recordCommand(ws.ledger, session: session, name: "a", status: .error) }
        let original = try recordCommand(ws.ledger, session: session, name: "a")
        #expect(throws: LedgerError.self) { try recordCommand(ws.ledger, session: session, name: "a", cachedFrom: original) }
        try recordCommand(ws.ledger, session: session, name: "a", status: .cached, cachedFrom: original)
        try recordCommand(ws.ledger, session: session, name: "a", status: .error, errorText: "boom")
        #expect(try ws.ledger.commands().map(\.status) == [.ok, .cached, .error])
    }

    @Test("invariant 8: NaN metrics survive the round trip")
    func nanMetricRoundTrip() throws {
        let ws = try temporaryWorkspace()
        let session = try ws.ledger.beginSession(sampleSession())
        let id = try recordCommand(ws.ledger, session: session, name: "train.sft",
                                   metrics: [MetricPoint(name: "loss", step: 1, value: .nan), MetricPoint(name: "loss", step: 2, value: .infinity)])
        let points = try ws.ledger.metrics(command: id)
        #expect(points.count == 2)
        #expect(points[0].value.isNaN)
        #expect(points[1].value == .infinity)
    }

    @Test("invariant 9: ending a session sets ended_at once")
    func endSessionOnce() throws {
        let ws = try temporaryWorkspace()
        let session = try ws.ledger.beginSession(sampleSession())
        #expect(try ws.ledger.sessions().first?.endedAt == nil)
        try ws.ledger.endSession(session)
        let ended = try #require(try ws.ledger.sessions().first?.endedAt)
        usleep(10_000)
        try ws.ledger.endSession(session)
        #expect(try ws.ledger.sessions().first?.endedAt == ended)
        #expect(throws: LedgerError.unknownSession(99)) { try ws.ledger.endSession(99) }
    }

    @Test("invariant 10: text with quotes and SQL is stored verbatim (bound, never interpolated)")
    func hostileTextIsStoredVerbatim() throws {
        let ws = try temporaryWorkspace()
        let session = try ws.ledger.beginSession(sampleSession())
        let hostile = "x'); DROP TABLE commands; -- \"quoted\" \u{0} nul"
        let id = try ws.ledger.record(CommandRecord(sessionID: session, sequence: 1, sourceText: hostile, name: "n",
                                                    startedAt: 0, endedAt: 0))
        #expect(try ws.ledger.command(id: id)?.sourceText == hostile)
    }
}
