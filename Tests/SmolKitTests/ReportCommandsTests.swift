import Foundation
import SmolLedger
import SmolScript
import Testing
@testable import SmolKit

@Suite struct ReportCommandsTests {
    private func failure(_ t: TestSession, _ source: String) -> String {
        do {
            try t.run(source)
            return ""
        } catch {
            return error.description
        }
    }

    /// A sweep re-run in a later session (with other results) does not mix into the new session's table;
    /// scope: "all" still sees every session, and `smol report` evaluates against the registering session.
    @Test func aTableCoversItsOwnSessionByDefault() throws {
        let first = try TestSession()
        try first.run(#"for lr in [1, 2] { metric("acc", lr * 10, tags: [lr: lr]) }"#)
        first.session.close()
        let second = try TestSession(directory: first.directory)
        try second.run("""
        for lr in [1, 2] { metric("acc", lr * 30, tags: [lr: lr]) }
        report.table("mine", rows: "lr", value: "acc", aggregate: "mean")
        report.table("everything", rows: "lr", value: "acc", aggregate: "mean", scope: "all")
        """)
        let ledger = second.session.workspace.ledger
        let specs = try ledger.tables()
        #expect(specs.map(\.name) == ["everything", "mine"])
        #expect(try ledger.table(specs[1]).cells == [[30], [60]])
        #expect(try ledger.table(specs[0]).cells == [[20], [40]])
        try second.run(#"metric("acc", 1000, tags: [lr: 1])"#)   // later points of the same session still count
        #expect(try ledger.table(try ledger.tables()[1]).cells == [[515], [60]])
        second.session.close()

        let third = try TestSession(directory: first.directory)   // a later session does not change "mine"
        try third.run(#"metric("acc", 7, tags: [lr: 1])"#)
        let reread = third.session.workspace.ledger
        #expect(try reread.table(try reread.tables()[1]).cells == [[515], [60]])
    }

    /// A command answered from the ledger in this session contributes the metrics of the command it came from.
    @Test func cachedCommandsBringTheirOriginalMetrics() throws {
        let counter = RunCounter()
        let first = try TestSession(registry: countingRegistry(counter))
        try first.run("test.square(3)\ntest.square(4)")
        first.session.close()
        let second = try TestSession(registry: countingRegistry(counter), directory: first.directory)
        try second.run(#"test.square(3)"#)
        try second.run(#"print(report.table("sq", rows: "x", value: "test.square").rows)"#)
        #expect(counter.count == 2)
        #expect(second.lines == ["1"])   // only x = 3, answered from the cache; x = 4 belongs to the first session
        let ledger = second.session.workspace.ledger
        let table = try ledger.table(try #require(try ledger.tables().first))
        #expect(table.rowKeys == ["3"] && table.cells == [[9]])
    }

    @Test func aMisspelledMetricIsAnErrorWithASuggestion() throws {
        let t = try TestSession()
        try t.run(#"metric("accuracy", 1, tags: [lr: 1])"#)
        let message = failure(t, #"report.table("t", rows: "lr", value: "acuracy")"#)
        #expect(message.contains("no metric 'acuracy' was recorded in this session; did you mean 'accuracy'?"), "\(message)")
        #expect(try t.session.workspace.ledger.tables().isEmpty)
    }

    @Test func aMetricOnlyInEarlierSessionsPointsToScopeAll() throws {
        let first = try TestSession()
        try first.run(#"metric("acc", 1, tags: [lr: 1])"#)
        first.session.close()
        let second = try TestSession(directory: first.directory)
        let message = failure(second, #"report.figure("f", x: "lr", y: "acc")"#)
        #expect(message.contains(#"pass scope: "all" to use them"#), "\(message)")
        try second.run(#"report.figure("f", x: "lr", y: "acc", scope: "all")"#)
    }

    @Test func aMisspelledFieldIsAnErrorWithASuggestion() throws {
        let t = try TestSession()
        try t.run(#"for lr in [1, 2] { metric("acc", lr, tags: [lr: lr, batch: 8]) }"#)
        var message = failure(t, #"report.table("t", rows: "lr", columns: "bach", value: "acc")"#)
        #expect(message.contains("argument 'columns': no 'acc' point has a field 'bach'"), "\(message)")
        #expect(message.contains("did you mean 'batch'?"), "\(message)")
        message = failure(t, #"report.figure("f", x: "lrr", y: "acc")"#)
        #expect(message.contains("argument 'x'") && message.contains("did you mean 'lr'?"), "\(message)")
        message = failure(t, #"report.table("t", rows: "lr", value: "acc", where: [sed: 1])"#)
        #expect(message.contains("argument 'where'") && message.contains("'sed'"), "\(message)")
        // A real filter that matches nothing is not a misspelling: an empty table.
        try t.run(#"print(report.table("t", rows: "lr", value: "acc", where: [batch: 16]).rows)"#)
        #expect(t.lines == ["0"])
    }

    /// `smol ledger lineage` of a table walks back to what its numbers came from.
    @Test func aTablesLineageReachesTheArtifactsItsMetricsCameFrom() throws {
        let t = try TestSession()
        try Data("{\"text\": \"a\"}\n{\"text\": \"b\"}\n".utf8).write(to: URL(fileURLWithPath: t.directory + "/c.jsonl"))
        try t.run("""
        let d = data.load("c.jsonl")
        metric("n", d.count, tags: [lr: 1, data: d])
        let table = report.table("t", rows: "lr", value: "n")
        """)
        let ledger = t.session.workspace.ledger
        let commands = try ledger.commands()
        let dataset = try #require(commands.first { $0.name == "data.load" }?.outputs.first)
        let table = try #require(commands.first { $0.name == "report.table" })
        #expect(table.inputs.map(\.sha256) == [dataset.sha256])
        let lineage = try ledger.lineage(of: try #require(table.outputs.first).sha256)
        #expect(lineage.inputs.map { $0.producer?.name } == ["data.load"])
        #expect(lineage.inputs.first?.inputs.first?.isStored == true)   // the JSONL file, copied into the store
    }
}
