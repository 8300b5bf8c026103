import Foundation
import SmolCore
import Testing
@testable import SmolLedger

@Suite("Ledger")
struct LedgerTests {
    @Test("a session's description round-trips, with its command count")
    func sessionRoundTrip() throws {
        let ws = try temporaryWorkspace()
        let info = sampleSession(.script)
        let session = try ws.ledger.beginSession(info)
        try recordCommand(ws.ledger, session: session, name: "a")
        try recordCommand(ws.ledger, session: session, name: "b")
        let rows = try ws.ledger.sessions()
        #expect(rows.count == 1)
        #expect(rows[0].info == info)
        #expect(rows[0].commandCount == 2)
    }

    @Test("invariant 3: a command, its artifacts, edges, metrics, tables, figures and printed lines are written together")
    func recordWritesEverything() throws {
        let ws = try temporaryWorkspace()
        let session = try ws.ledger.beginSession(sampleSession())
        let data = try ws.store.put(Array("rows".utf8), kind: .dataset, metadataJSON: "{\"records\":1}").named("data")
        let model = try ws.store.put(Array("weights".utf8), kind: .model).named("model")
        let spec = TableSpec(name: "t", rows: "lr", value: "loss")
        let command = CommandRecord(sessionID: session, sequence: 1, sourceText: "train.sft(d, lr: 0.001)", name: "train.sft",
                                    paramsJSON: "{\"lr\":0.001}", startedAt: 10, endedAt: 12.5, cacheKey: "k1",
                                    resultJSON: "{\"ok\":true}", inputs: [data], outputs: [model],
                                    metrics: [MetricPoint(name: "loss", step: 1, value: 2.5), MetricPoint(name: "loss", step: 2, value: 1.25)],
                                    tables: [spec])
        var withFigure = command
        withFigure.figures = [FigureSpec(table: TableSpec(name: "curve", rows: "step", columns: "lr", value: "loss"),
                                         kind: .line, yScale: .log, title: "Loss")]
        withFigure.outputText = "warning: something\nsecond line"
        let id = try ws.ledger.record(withFigure)
        var expected = withFigure
        expected.id = id
        #expect(try ws.ledger.command(id: id) == expected)
        #expect(try ws.ledger.figures() == withFigure.figures)
        #expect(try ws.ledger.edges(command: id).map(\.role) == [.input, .output])
        #expect(try ws.ledger.artifacts().map(\.sha256).sorted() == [data.sha256, model.sha256].sorted())
        #expect(try ws.ledger.tables() == [spec])
    }

    @Test("close checkpoints the WAL: a copy of ledger.sqlite alone holds every command, and later calls throw")
    func closeCheckpoints() throws {
        let ws = try temporaryWorkspace()
        let session = try ws.ledger.beginSession(sampleSession())
        try recordCommand(ws.ledger, session: session, name: "train")
        let ledgerHoldingAConnection = try Ledger(path: ws.ledger.path)   // a second connection keeps nothing from being flushed
        _ = try ledgerHoldingAConnection.sessions()
        ledgerHoldingAConnection.close()
        ws.ledger.close()
        let copy = temporaryDirectory("copy") + "/ledger.sqlite"
        try FileManager.default.copyItem(atPath: ws.ledger.path, toPath: copy)
        #expect(try Ledger(path: copy).commands().map(\.name) == ["train"])
        #expect(throws: LedgerError.closed(path: ws.ledger.path)) { try ws.ledger.sessions() }
        ws.ledger.close()   // a second close does nothing
    }

    @Test("invariant 3: a failing record leaves no partial command")
    func failedRecordRollsBack() throws {
        let ws = try temporaryWorkspace()
        let session = try ws.ledger.beginSession(sampleSession())
        let good = try ws.store.put(Array("x".utf8), kind: .file)
        let bad = ArtifactRef(sha256: "not-a-hash", kind: .file, bytes: 1)
        #expect(throws: LedgerError.self) {
            try recordCommand(ws.ledger, session: session, name: "a", inputs: [good], outputs: [bad],
                              metrics: [MetricPoint(name: "m", value: 1)])
        }
        let db = try rawDatabase(ws.ledger)
        for table in ["commands", "edges", "metrics", "artifacts", "report_tables"] {
            #expect(try scalar(db, "SELECT COUNT(*) FROM \(table)") == 0, "\(table) should be empty")
        }
    }

    @Test("invariant 5: an external artifact gains its store path once stored, and is never duplicated")
    func externalArtifactGetsStorePath() throws {
        let ws = try temporaryWorkspace()
        let session = try ws.ledger.beginSession(sampleSession())
        let bytes = Array("external".utf8)
        let external = ArtifactRef(sha256: SHA256.hex(of: bytes), kind: .file, bytes: Int64(bytes.count))
        try recordCommand(ws.ledger, session: session, name: "data.load", inputs: [external.named("path")])
        let db = try rawDatabase(ws.ledger)
        #expect(try scalar(db, "SELECT store_path IS NULL FROM artifacts") == 1)
        _ = try ws.store.put(bytes, kind: .file)
        try recordCommand(ws.ledger, session: session, name: "data.load", inputs: [external.named("path")])
        #expect(try db.query("SELECT store_path FROM artifacts") { $0.optionalText(0) } == [ArtifactStore.relativeObjectPath(external.sha256)])
    }

    @Test("cached lookup: latest ok command with the key whose outputs are in the store")
    func cachedLookup() throws {
        let ws = try temporaryWorkspace()
        let session = try ws.ledger.beginSession(sampleSession())
        let first = try ws.store.put(Array("out-1".utf8), kind: .model)
        let second = try ws.store.put(Array("out-2".utf8), kind: .model)
        let older = try recordCommand(ws.ledger, session: session, name: "train", outputs: [first], cacheKey: "K")
        let newer = try recordCommand(ws.ledger, session: session, name: "train", outputs: [second], cacheKey: "K")
        try recordCommand(ws.ledger, session: session, name: "train", status: .error, errorText: "oom", cacheKey: "K")
        try recordCommand(ws.ledger, session: session, name: "train", status: .cached, cacheKey: "K", cachedFrom: newer)
        #expect(try ws.ledger.cachedCommand(key: "K")?.id == newer)
        #expect(try ws.ledger.cachedCommand(key: "K")?.outputs.map(\.sha256) == [second.sha256])
        #expect(try ws.ledger.cachedCommand(key: "other") == nil)

        // Remove the newer output from the store: the older command answers instead.
        let objectPath = ws.store.path(of: second.sha256)
        try FileManager.default.removeItem(atPath: objectPath)
        #expect(try ws.ledger.cachedCommand(key: "K")?.id == older)
    }

    @Test("cache keys change with every part of the call")
    func cacheKeyParts() {
        let base = CacheKey.make(command: "train.sft", paramsJSON: "{\"lr\":1}", inputs: ["a", "b"], engineVersion: "1")
        #expect(base.count == 64)
        #expect(base == CacheKey.make(command: "train.sft", paramsJSON: "{\"lr\":1}", inputs: ["a", "b"], engineVersion: "1"))
        let variants = [
            CacheKey.make(command: "train.dpo", paramsJSON: "{\"lr\":1}", inputs: ["a", "b"], engineVersion: "1"),
            CacheKey.make(command: "train.sft", paramsJSON: "{\"lr\":2}", inputs: ["a", "b"], engineVersion: "1"),
            CacheKey.make(command: "train.sft", paramsJSON: "{\"lr\":1}", inputs: ["b", "a"], engineVersion: "1"),
            CacheKey.make(command: "train.sft", paramsJSON: "{\"lr\":1}", inputs: ["ab"], engineVersion: "1"),
            CacheKey.make(command: "train.sft", paramsJSON: "{\"lr\":1}", inputs: ["a", "b"], engineVersion: "2"),
        ]
        #expect(Set(variants + [base]).count == 6)
    }

    @Test("invariant 4: a sequence of 0 is assigned inside the record transaction")
    func automaticSequence() throws {
        let ws = try temporaryWorkspace()
        let session = try ws.ledger.beginSession(sampleSession())
        for _ in 0..<3 {
            try ws.ledger.record(CommandRecord(sessionID: session, sequence: 0, sourceText: "a()", name: "a", startedAt: 0, endedAt: 0))
        }
        #expect(try ws.ledger.commands(session: session).map(\.sequence) == [1, 2, 3])
    }

    @Test("commands filter by session and keep recording order")
    func commandsBySession() throws {
        let ws = try temporaryWorkspace()
        let s1 = try ws.ledger.beginSession(sampleSession())
        let s2 = try ws.ledger.beginSession(sampleSession(.repl))
        try recordCommand(ws.ledger, session: s1, name: "a")
        try recordCommand(ws.ledger, session: s2, name: "b")
        try recordCommand(ws.ledger, session: s1, name: "c")
        #expect(try ws.ledger.commands(session: s1).map(\.name) == ["a", "c"])
        #expect(try ws.ledger.commands(session: s1).map(\.sequence) == [1, 2])
        #expect(try ws.ledger.commands().map(\.name) == ["a", "b", "c"])
        #expect(try ws.ledger.command(id: 999) == nil)
    }

    @Test("tables(): the latest registration of each name wins, ordered by name")
    func latestTableRegistrationWins() throws {
        let ws = try temporaryWorkspace()
        let session = try ws.ledger.beginSession(sampleSession())
        try recordCommand(ws.ledger, session: session, name: "report.table", tables: [TableSpec(name: "zeta", rows: "a", value: "m")])
        try recordCommand(ws.ledger, session: session, name: "report.table", tables: [TableSpec(name: "alpha", rows: "a", value: "m")])
        try recordCommand(ws.ledger, session: session, name: "report.table",
                          tables: [TableSpec(name: "zeta", rows: "b", columns: "c", value: "m", filter: ["x": "1"], aggregate: "max")])
        let specs = try ws.ledger.tables()
        #expect(specs.map(\.name) == ["alpha", "zeta"])
        #expect(specs[1] == TableSpec(name: "zeta", rows: "b", columns: "c", value: "m", filter: ["x": "1"], aggregate: "max"))
    }
}
