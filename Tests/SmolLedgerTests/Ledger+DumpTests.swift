import Foundation
import Testing
@testable import SmolLedger

/// `smol ledger dump` and `smol report --from`: the ledger behind a paper as canonical text.
@Suite("Ledger dump")
struct LedgerDumpTests {
    @Test("invariant 1: the same ledger dumps to the same bytes; a restored ledger dumps to them again")
    func dumpIsCanonicalAndRoundTrips() throws {
        let sweep = try Sweep()
        let table = TableSpec(name: "lr_bs", rows: "lr", columns: "batch", value: "gsm-like.accuracy", filter: ["seed": "1"])
        try recordCommand(sweep.ws.ledger, session: sweep.session, name: "report.table", tables: [table])
        let folder = NSTemporaryDirectory() + "dump-\(UUID().uuidString)"
        let files = try sweep.ws.ledger.dump(to: folder)
        #expect(files.map { ($0 as NSString).lastPathComponent } == ["sessions.jsonl", "commands.jsonl", "artifacts.jsonl", "edges.jsonl",
                                                                   "metrics.jsonl", "timings.jsonl", "report_tables.jsonl", "report_figures.jsonl"])
        let first = try files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        _ = try sweep.ws.ledger.dump(to: folder)
        #expect(try files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) } == first)

        let restored = try Ledger.restore(dumpAt: folder, into: folder + "-restored.sqlite")
        #expect(try restored.table(table) == (try sweep.ws.ledger.table(table)))
        #expect(try restored.tables().map(\.name) == ["lr_bs"])
        let again = try restored.dump(to: folder + "-again")
        #expect(try again.map { try Data(contentsOf: URL(fileURLWithPath: $0)) } == first)
    }

    @Test("invariant 2: times, the git commit and the script's folder are not in the dump")
    func volatileFieldsAreLeftOut() throws {
        let sweep = try Sweep()
        let folder = NSTemporaryDirectory() + "dump-\(UUID().uuidString)"
        _ = try sweep.ws.ledger.dump(to: folder)
        let sessions = try String(contentsOfFile: folder + "/sessions.jsonl", encoding: .utf8)
        let commands = try String(contentsOfFile: folder + "/commands.jsonl", encoding: .utf8)
        for field in ["started_at", "ended_at", "git_commit", "git_dirty", "created_at"] {
            #expect(!sessions.contains(field) && !commands.contains(field), "\(field)")
        }
    }

    @Test("invariant 4: measured times go to timings.jsonl and leave results; the rest of a re-run's dump is unchanged")
    func measuredTimesAreKeptApart() throws {
        func dump(throughput: Double) throws -> (folder: String, ledger: Ledger) {
            let ws = try temporaryWorkspace("timings")
            let session = try ws.ledger.beginSession(sampleSession())
            let id = try recordCommand(ws.ledger, session: session, name: "train.sft",
                                       metrics: [MetricPoint(name: "loss", step: 1, value: 2.5),
                                                 MetricPoint(name: "tokens_per_second", step: 1, value: throughput),
                                                 MetricPoint(name: "translate.sec_per_1k_tokens", value: 1 / throughput)])
            let result = #"{"$artifact":{"kind":"translations","properties":{"count":3,"seconds":\#(1 / throughput),"tokens_per_second":\#(throughput)}}}"#
            try rawDatabase(ws.ledger).run("UPDATE commands SET result_json = ? WHERE id = ?", [.text(result), .integer(id)])
            let folder = NSTemporaryDirectory() + "dump-\(UUID().uuidString)"
            _ = try ws.ledger.dump(to: folder)
            return (folder, ws.ledger)
        }
        let (a, ledger) = try dump(throughput: 1234.5), (b, _) = try dump(throughput: 987.25)
        for file in ["metrics.jsonl", "commands.jsonl"] {
            #expect(try Data(contentsOf: URL(fileURLWithPath: a + "/" + file)) == (try Data(contentsOf: URL(fileURLWithPath: b + "/" + file))), "\(file)")
        }
        let timings = try String(contentsOfFile: a + "/timings.jsonl", encoding: .utf8)
        #expect(timings.contains("tokens_per_second") && timings.contains("sec_per_1k_tokens") && !timings.contains("\"loss\""))
        #expect(try String(contentsOfFile: a + "/commands.jsonl", encoding: .utf8).contains(#"\"count\":3"#))
        let restored = try Ledger.restore(dumpAt: a, into: a + "-restored.sqlite")
        #expect(try restored.metricNames(in: TableSpec(name: "t", rows: "step", value: "loss", scope: .all)).count
                == (try ledger.metricNames(in: TableSpec(name: "t", rows: "step", value: "loss", scope: .all))).count)
    }

    @Test("invariant 3: a restore never writes over a ledger, and a broken dump names the file and line")
    func restoreRefusesAndReports() throws {
        let sweep = try Sweep()
        let folder = NSTemporaryDirectory() + "dump-\(UUID().uuidString)"
        _ = try sweep.ws.ledger.dump(to: folder)
        #expect(throws: LedgerError.self) { try Ledger.restore(dumpAt: folder, into: sweep.ws.ledger.path) }
        try Data("{\"id\": 1,\n".utf8).write(to: URL(fileURLWithPath: folder + "/metrics.jsonl"))
        do {
            _ = try Ledger.restore(dumpAt: folder, into: folder + "/broken.sqlite")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("metrics.jsonl:1"), "\(error)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/broken.sqlite"))
    }
}
