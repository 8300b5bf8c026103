import Foundation
import Testing
@testable import SmolLedger

@Suite("LedgerPrinter")
struct LedgerPrinterTests {
    @Test("plain-text tables align columns under a dashed rule")
    func textTableGolden() {
        #expect(LedgerPrinter.textTable(["id", "name"], [["1", "data.load"], ["12", "x"]]) == """
            id  name
            --  ---------
            1   data.load
            12  x

            """)
    }

    @Test("sessions, commands and artifacts list what was recorded")
    func listings() throws {
        let ws = try temporaryWorkspace()
        let s = try ws.ledger.beginSession(sampleSession())
        let out = try ws.store.put(Array("model".utf8), kind: .model)
        try recordCommand(ws.ledger, session: s, name: "train.sft", outputs: [out])
        try ws.ledger.endSession(s)

        let sessions = LedgerPrinter.sessions(try ws.ledger.sessions()).split(separator: "\n")
        #expect(sessions[0].hasPrefix("id  started (UTC)"))
        #expect(sessions[2].contains("script") && sessions[2].contains("scripts/sweep.smol") && sessions[2].contains("01234567+dirty"))

        let commands = LedgerPrinter.commands(try ws.ledger.commands()).split(separator: "\n")
        #expect(commands.count == 3)
        #expect(commands[2].contains("train.sft") && commands[2].contains("ok") && commands[2].contains("1.500s")
                && commands[2].contains(String(out.sha256.prefix(12))))

        let artifacts = LedgerPrinter.artifacts(try ws.ledger.artifacts())
        #expect(artifacts.contains("\(out.sha256.prefix(12))  model  5"))
    }

    @Test("show lists params, edges and metrics of one command")
    func show() throws {
        let ws = try temporaryWorkspace()
        let s = try ws.ledger.beginSession(sampleSession())
        let data = try ws.store.put(Array("d".utf8), kind: .dataset)
        let model = try ws.store.put(Array("m".utf8), kind: .model)
        let id = try recordCommand(ws.ledger, session: s, name: "train.sft", params: #"{"lr":0.001}"#,
                                   inputs: [data.named("data")], outputs: [model.named("model")],
                                   metrics: [MetricPoint(name: "loss", step: 1, value: 2.25)], cacheKey: "abc")
        let text = LedgerPrinter.show(command: try #require(try ws.ledger.command(id: id)), edges: try ws.ledger.edges(command: id),
                                      metrics: try ws.ledger.metrics(command: id))
        #expect(text.hasPrefix("command \(id)  train.sft  ok  (session \(s), seq 1)\n"))
        #expect(text.contains("  params:   {\"lr\":0.001}\n"))
        #expect(text.contains("  started:  2027-01-15 08:00:00 UTC, took 1.500s\n"))
        #expect(text.contains("  cache:    abc\n"))
        #expect(text.contains("  inputs:\n    name  sha256"))
        #expect(text.contains("    data  \(data.sha256)  dataset  1\n"))
        #expect(text.contains("    model  \(model.sha256)  model  1\n"))
        #expect(text.contains("    loss  1     2.25\n"))
    }

    @Test("verify prints ok or one line per problem")
    func verifyText() {
        let empty = VerifyReport(mismatches: [], externalUnchanged: 0, externalChanged: [], externalUnchecked: 0)
        #expect(LedgerPrinter.verify(empty) == "verify: ok, every stored object is present and matches its hash\n")
        var report = empty
        report.mismatches = [Mismatch(expected: "aa", actual: nil, path: "/w/objects/aa", reason: "missing")]
        let text = LedgerPrinter.verify(report)
        #expect(text.hasPrefix("missing: expected aa, actual -, at /w/objects/aa\nverify: 1 problem;"))
    }
}
