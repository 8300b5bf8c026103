import Foundation
import SmolCore
import SmolLedger
import SmolScript
import Testing
@testable import SmolKit

/// A registry with `test.read(path)`: cacheable, its `path` a file parameter (a file or a folder), and
/// `test.blob(n)`: cacheable, writes an n-byte output artifact. Both count how often their body ran.
private func pathRegistry(_ counter: RunCounter) -> CommandRegistry {
    var registry = CommandRegistry.standard
    registry.add(CommandDefinition(
        CommandSignature("test.read", summary: "reads a path", parameters: [Parameter("path", .string, positional: true, doc: "p")],
                         returns: .number),
        fileParameters: ["path"]
    ) { _ in
        counter.count += 1
        return .number(Double(counter.count))
    })
    registry.add(CommandDefinition(
        CommandSignature("test.blob", summary: "n bytes", parameters: [Parameter("n", .number, positional: true, doc: "n")],
                         returns: .handle("blob"))
    ) { context in
        counter.count += 1
        let bytes = [UInt8](repeating: 7, count: Int(try context.number("n")))
        return .handle(try context.output(bytes: bytes, kind: ArtifactKind("blob"), summary: "blob"))
    })
    return registry
}

@Suite struct CommandRunnerTests {
    private func write(_ text: String, _ path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// Invariant 3: a folder parameter is keyed by its contents, so changing a file inside recomputes.
    @Test func aFolderParameterIsKeyedByItsContents() throws {
        let counter = RunCounter()
        let t = try TestSession(registry: pathRegistry(counter))
        try write("one", t.directory + "/tok/tokenizer.json")
        try t.run(#"test.read("tok")"#)
        try t.run(#"test.read("tok")"#)
        #expect(counter.count == 1)   // unchanged folder: answered from the ledger
        try write("two", t.directory + "/tok/tokenizer.json")
        try t.run(#"test.read("tok")"#)
        #expect(counter.count == 2)   // a changed file inside: recomputed
        try write("x", t.directory + "/tok/sub/extra.txt")
        try t.run(#"test.read("tok")"#)
        #expect(counter.count == 3)   // a file added below: recomputed
        let statuses = try t.session.workspace.ledger.commands(session: t.session.sessionID).map(\.status)
        #expect(statuses == [.ok, .cached, .ok, .ok])
    }

    /// Invariant 3: a missing path gives no cache key, so a later call on it is not answered from the ledger.
    @Test func aMissingPathIsNeverCached() throws {
        let counter = RunCounter()
        let t = try TestSession(registry: pathRegistry(counter))
        try t.run(#"test.read("absent")"#)
        try t.run(#"test.read("absent")"#)
        #expect(counter.count == 2)
        let commands = try t.session.workspace.ledger.commands(session: t.session.sessionID)
        #expect(commands.map(\.cacheKey) == [nil, nil])
    }

    /// Invariant 4: a cached answer whose output object was truncated in the store is recomputed.
    @Test func aTruncatedOutputIsNotTrusted() throws {
        let counter = RunCounter()
        let t = try TestSession(registry: pathRegistry(counter))
        try t.run("test.blob(100)")
        let output = try #require(try t.session.workspace.ledger.commands(session: t.session.sessionID).first?.outputs.first)
        let object = t.session.workspace.store.path(of: output.sha256)
        chmod(object, 0o644)
        try Data([7, 7]).write(to: URL(fileURLWithPath: object))
        try t.run("test.blob(100)")
        #expect(counter.count == 2)
        #expect(t.session.workspace.store.holds(output))   // rewritten whole by the recomputation
    }

    /// Invariant 3: an answer recorded under another engine (e.g. the same version string built from other
    /// code) is not reused; the key carries the executable's hash.
    @Test func anAnswerFromAnotherExecutableIsNotReused() throws {
        let counter = RunCounter()
        let t = try TestSession(registry: pathRegistry(counter))
        let oldKey = CacheKey.make(command: "test.blob", paramsJSON: #"{"n":3}"#, inputs: [], engineVersion: smolVersion)
        let ref = try t.session.workspace.store.put([7, 7, 7], kind: ArtifactKind("blob"))
        let ledger = t.session.workspace.ledger
        let oldSession = try ledger.beginSession(SessionInfo(mode: .script, toolVersion: "smol 0.1.0", platform: "p", cpuModel: "c",
                                                             instructionSet: "i", threadCount: 1, matrixBackend: "smol"))
        var old = CommandRecord(sessionID: oldSession, sequence: 1, sourceText: "test.blob(3)", name: "test.blob",
                                paramsJSON: #"{"n":3}"#, startedAt: 0, endedAt: 0, status: .ok)
        old.cacheKey = oldKey
        old.outputs = [ref]
        old.resultJSON = #"{"handle":"x"}"#
        try ledger.record(old)
        try t.run("test.blob(3)")
        #expect(counter.count == 1)
        let executable = try FileDigest(ofFileAt: "/proc/self/exe").sha256
        #expect(engineFingerprint.hasSuffix(executable))
    }
}
