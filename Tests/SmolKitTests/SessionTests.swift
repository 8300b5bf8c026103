import Foundation
import SmolLedger
import SmolScript
import Testing
@testable import SmolKit

@Suite struct SessionTests {
    @Test func printWritesToTheSessionOutputAndIsLogged() throws {
        let t = try TestSession()
        try t.run(#"print("hello \(1 + 2)")"#)
        #expect(t.lines == ["hello 3"])
        let commands = try t.session.workspace.ledger.commands(session: t.session.sessionID)
        #expect(commands.map(\.name) == ["print"])
        #expect(commands[0].status == .ok)
        #expect(commands[0].paramsJSON == #"{"value":"hello 3"}"#)
        #expect(commands[0].sourceText == #"print("hello \(1 + 2)")"#)
    }

    @Test func identicalCallsAreAnsweredFromTheLedger() throws {
        let counter = RunCounter()
        let t = try TestSession(registry: countingRegistry(counter))
        try t.run("let a = test.square(3)\nlet b = test.square(3)\nprint(a + b)")
        #expect(counter.count == 1)
        #expect(t.lines == ["18"])
        let statuses = try t.session.workspace.ledger.commands(session: t.session.sessionID).map(\.status)
        #expect(statuses == [.ok, .cached, .ok])
    }

    @Test func noCacheRecomputes() throws {
        let counter = RunCounter()
        let t = try TestSession(registry: countingRegistry(counter), noCache: true)
        try t.run("test.square(4)\ntest.square(4)")
        #expect(counter.count == 2)
    }

    @Test func theCacheSpansSessionsOfTheSameWorkspace() throws {
        let counter = RunCounter()
        let first = try TestSession(registry: countingRegistry(counter))
        try first.run("test.square(5)")
        first.session.close()
        let second = try TestSession(registry: countingRegistry(counter), directory: first.directory)
        try second.run("print(test.square(5))")
        #expect(counter.count == 1)
        #expect(second.lines == ["25"])
    }

    @Test func aFailingCommandIsRecordedAndEarlierOnesStay() throws {
        let t = try TestSession(registry: countingRegistry(RunCounter()))
        #expect(throws: ScriptFailure.self) { try t.run("print(1)\ntest.fail()\nprint(2)") }
        let commands = try t.session.workspace.ledger.commands(session: t.session.sessionID)
        #expect(commands.map(\.name) == ["print", "test.fail"])
        #expect(commands.map(\.status) == [.ok, .error])
        #expect(commands[1].errorText?.contains("planned failure") == true)
        #expect(t.lines == ["1"])
    }

    @Test func aCompileErrorRunsNothing() throws {
        let t = try TestSession()
        #expect(throws: ScriptFailure.self) { try t.run("print(1)\nprnt(2)") }
        #expect(t.lines.isEmpty)
        #expect(try t.session.workspace.ledger.commands().isEmpty)
        #expect(try t.session.workspace.ledger.sessions().isEmpty)   // the session row is written by the first command
        try t.run("print(3)")
        let sessions = try t.session.workspace.ledger.sessions()
        #expect(sessions.map(\.id) == [try #require(t.session.sessionID)])
        #expect(sessions.first?.commandCount == 1)
    }

    @Test func hashStoresTheFileAndLogsItAsAnInput() throws {
        let t = try TestSession()
        let path = t.directory + "/data.txt"
        try Data("abc".utf8).write(to: URL(fileURLWithPath: path))
        let value = try t.run(#"hash("data.txt")"#)
        let expected = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        #expect(value == .string(expected))
        let command = try #require(try t.session.workspace.ledger.commands(session: t.session.sessionID).first)
        #expect(command.inputs.map(\.sha256) == [expected])
        #expect(t.session.workspace.store.contains(expected))
    }

    @Test func aCachedAnswerPrintsWhatTheFirstCallPrinted() throws {
        let first = try TestSession()
        try Data("{\"text\": \"a\"}\n{\"text\": \n{\"text\": \"b\"}\n".utf8)
            .write(to: URL(fileURLWithPath: first.directory + "/corpus.jsonl"))
        // data.show is never cached: the second time it runs on the dataset reloaded from the store.
        let script = #"let d = data.load("corpus.jsonl", skip_invalid: true)"# + "\ndata.show(d)"
        try first.run(script)
        #expect(first.lines.count == 2 && first.lines.last?.hasSuffix("\ncorpus: 2 records (text)") == true, "\(first.lines)")
        #expect(first.lines.first?.contains("corpus.jsonl:2:") == true && first.lines.first?.contains("warning: skipped") == true)
        first.session.close()

        let second = try TestSession(directory: first.directory)
        try second.run(script)
        #expect(second.lines == first.lines)
        let command = try #require(try second.session.workspace.ledger.commands(session: second.session.sessionID).first)
        #expect(command.status == .cached)
        #expect(command.outputText == first.lines[0])
    }

    @Test func aLargeInputIsRecordedByHashWithoutACopyInTheStore() throws {
        let t = try TestSession(storedInputLimit: 8)
        let path = t.directory + "/data.txt"
        try Data("more than eight bytes".utf8).write(to: URL(fileURLWithPath: path))
        let value = try t.run(#"hash("data.txt")"#)
        guard case .string(let sha) = value else { Issue.record("hash returned \(String(describing: value))"); return }
        let command = try #require(try t.session.workspace.ledger.commands(session: t.session.sessionID).first)
        #expect(command.inputs.map(\.sha256) == [sha])
        #expect(command.inputs.map(\.bytes) == [21])
        #expect(!t.session.workspace.store.contains(sha))
        #expect(try t.session.workspace.verify().mismatches.isEmpty)
    }

    /// The session and its interpreter do not keep each other alive, and close() leaves the data in
    /// ledger.sqlite itself (not only in the WAL).
    @Test func closingASessionFlushesTheLedgerAndReleasesIt() throws {
        let directory = temporaryDirectory()
        weak var released: Session?
        do {
            let t = try TestSession(directory: directory)
            try t.run("print(1)\nprint(2)")
            released = t.session
            t.session.close()
        }
        #expect(released == nil)
        let copy = temporaryDirectory("copy") + "/ledger.sqlite"
        try FileManager.default.copyItem(atPath: directory + "/ws/ledger.sqlite", toPath: copy)
        #expect(try Ledger(path: copy).commands().map(\.name) == ["print", "print"])
    }

    @Test func metricsFeedARegisteredTable() throws {
        let t = try TestSession()
        try t.run("""
        for lr in [1, 2] {
          for batch in [8, 16] { metric("acc", lr * 100 + batch, tags: [lr: lr, batch: batch]) }
        }
        let table = report.table("grid", rows: "lr", columns: "batch", value: "acc")
        print(table.rows)
        """)
        #expect(t.lines == ["2"])
        let ledger = t.session.workspace.ledger
        let spec = try #require(try ledger.tables().first)
        let table = try ledger.table(spec)
        #expect(table.rowKeys == ["1", "2"])
        #expect(table.columnKeys == ["8", "16"])
        #expect(table.cells == [[108, 116], [208, 216]])
    }
}
