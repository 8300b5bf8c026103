import Foundation
import SmolKernels
import SmolScript
import Testing
@testable import SmolKit

@Suite struct ModelCommandsTests {
    @Test func aLoadedFolderKeepsItsTokenizerAndDescribesItself() throws {
        let t = try TestSession()
        let folder = try fixturesDirectory() + "/tiny-llama-a"
        try t.run("""
        let m = model.load("\(folder)")
        let info = model.info(m)
        print(info.layers)
        print(info.vocab)
        print(info.kv_heads)
        """)
        #expect(t.lines == ["2", "320", "2"])
    }

    @Test func greedyGenerationIsDeterministicAndCached() throws {
        let t = try TestSession()
        let folder = try fixturesDirectory() + "/tiny-llama-a"
        try t.run("""
        let m = model.load("\(folder)")
        let a = model.generate(m, ["12 + 7 =", "hello"], max_tokens: 6)
        let b = model.generate(m, ["12 + 7 =", "hello"], max_tokens: 6)
        print(a == b)
        print(len(a))
        """)
        #expect(t.lines == ["true", "2"])
        let statuses = try t.session.workspace.ledger.commands(session: t.session.sessionID)
            .filter { $0.name == "model.generate" }.map(\.status)
        #expect(statuses == [.ok, .cached])
    }

    @Test func initSaveLoadRoundTripsToTheSameArtifact() throws {
        let t = try TestSession()
        try t.run("""
        let m = model.init(preset: "tiny", seed: 3)
        model.save(m, "saved")
        let back = model.load("saved")
        print(back.hash == m.hash)
        print(m.parameters)
        """)
        #expect(t.lines == ["true", "4212992"])
        #expect(FileManager.default.fileExists(atPath: t.directory + "/saved/model.safetensors"))
    }

    @Test func aModelWithoutTokenizerCannotGenerateText() throws {
        let t = try TestSession()
        #expect(throws: ScriptFailure.self) {
            try t.run(#"model.generate(model.init(preset: "tiny", seed: 1), "hi")"#)
        }
        #expect(throws: ScriptFailure.self) { try t.run(#"model.init(preset: "huge")"#) }
    }

    @Test func theOpenBLASBackendIsRecordedAndCachedSeparately() throws {
        let folder = try fixturesDirectory() + "/tiny-llama-a"
        let script = "let m = model.load(\"\(folder)\")\nprint(model.generate(m, \"12 + 7 =\", max_tokens: 5))"
        let ours = try TestSession()
        try ours.run(script)
        let theirs = try TestSession(directory: ours.directory, backend: .openblas)
        try theirs.run(script)
        let ledger = theirs.session.workspace.ledger
        let generates = try ledger.commands().filter { $0.name == "model.generate" }
        #expect(generates.map(\.status) == [.ok, .ok])
        let sessions = try ledger.sessions()
        #expect(sessions.map { $0.info.matrixBackend.hasPrefix("openblas") } == [false, true])
        #expect(ours.lines == theirs.lines)   // greedy tokens agree across backends
    }
}
