import Foundation
import SmolCore
import Testing
@testable import SmolLedger

@Suite("ArtifactStore trees")
struct ArtifactStoreTreeTests {
    private func checkpointFolder(_ root: String, weights: String = "weights") throws -> [String: String] {
        let files = ["config.json": "{\"hidden\":8}", "model.safetensors": weights, "tokenizer/tokenizer.json": "{\"v\":1}"]
        var map: [String: String] = [:]
        for (name, text) in files {
            let path = root + "/src/" + name
            try AtomicFile.write(Array(text.utf8), to: path)
            map[name] = path
        }
        return map
    }

    @Test("putTree then materializeTree reproduces every file byte for byte")
    func roundTrip() throws {
        let ws = try temporaryWorkspace()
        let files = try checkpointFolder(ws.root)
        let tree = try ws.store.putTree(files, kind: .model, metadataJSON: "{\"preset\":\"tiny\"}")
        #expect(tree.kind == .model)
        let manifest = try ws.store.treeManifest(tree.sha256)
        #expect(manifest.keys.sorted() == ["config.json", "model.safetensors", "tokenizer/tokenizer.json"])
        let out = ws.root + "/out"
        try ws.store.materializeTree(tree.sha256, into: out)
        for (name, source) in files {
            #expect(FileManager.default.contents(atPath: out + "/" + name) == FileManager.default.contents(atPath: source))
        }
        #expect(try ws.verify().mismatches.isEmpty)
    }

    @Test("the tree hash depends only on names and contents (canonical manifest)")
    func treeHashIsCanonical() throws {
        let ws = try temporaryWorkspace()
        let a = try ws.store.putTree(try checkpointFolder(ws.root + "/a"), kind: .model)
        let b = try ws.store.putTree(try checkpointFolder(ws.root + "/b"), kind: .model)
        let c = try ws.store.putTree(try checkpointFolder(ws.root + "/c", weights: "other"), kind: .model)
        #expect(a.sha256 == b.sha256)
        #expect(a.sha256 != c.sha256)
        let text = String(decoding: try ws.store.read(a.sha256), as: UTF8.self)
        #expect(text.hasPrefix("{\"files\":{\"config.json\":\""))
        #expect(!text.contains(" "))
    }

    @Test("the manifest bytes and tree hash are pinned (canonical JSON: sorted UTF-8 keys, minimal escapes)")
    func manifestBytesArePinned() throws {
        let ws = try temporaryWorkspace()
        let names = ["z", "Z", "a b.txt", "é/x", "q\"uote", "back\\slash", "tab\tctl\u{1}"]
        var files: [String: String] = [:]
        for (k, name) in names.enumerated() {
            let path = ws.root + "/src/\(k)"
            try AtomicFile.write(Array("file \(k)".utf8), to: path)
            files[name] = path
        }
        let tree = try ws.store.putTree(files, kind: .model)
        let sha = (0..<names.count).map { SHA256.hex(of: Array("file \($0)".utf8)) }
        let expected = #"{"files":{"Z":"\#(sha[1])","a b.txt":"\#(sha[2])","back\\slash":"\#(sha[5])","q\"uote":"\#(sha[4])","#
            + #""tab\tctl\u0001":"\#(sha[6])","z":"\#(sha[0])","é/x":"\#(sha[3])"},"format":"smol-tree-1"}"#
        #expect(String(decoding: try ws.store.read(tree.sha256), as: UTF8.self) == expected)
        #expect(tree.sha256 == "f553d3a4608705669b8eb146fdcad2e63496b57ee7127c80d59eb535bbf25c7a")
        #expect(try ws.store.treeManifest(tree.sha256) == Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, sha[$0]) }))
    }

    @Test("unsafe entry names are rejected")
    func unsafeNames() throws {
        let ws = try temporaryWorkspace()
        let source = ws.root + "/f"
        try AtomicFile.write(Array("x".utf8), to: source)
        for name in ["../escape", "/abs", "a//b", "./a", ""] {
            #expect(throws: LedgerError.self, "\(name)") { _ = try ws.store.putTree([name: source], kind: .model) }
        }
    }

    @Test("materializing a tree with a tampered file fails and reports the object")
    func tamperedComponent() throws {
        let ws = try temporaryWorkspace()
        let files = try checkpointFolder(ws.root)
        let tree = try ws.store.putTree(files, kind: .model)
        let weightsSHA = try #require(try ws.store.treeManifest(tree.sha256)["model.safetensors"])
        let path = ws.store.path(of: weightsSHA)
        chmod(path, 0o644)
        try Data("tampered".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: LedgerError.self) { try ws.store.materializeTree(tree.sha256, into: ws.root + "/out") }
        #expect(!FileManager.default.fileExists(atPath: ws.root + "/out/model.safetensors"))
    }

    @Test("verify reports a missing file of a tree the ledger references")
    func missingTreeComponent() throws {
        let ws = try temporaryWorkspace()
        let tree = try ws.store.putTree(try checkpointFolder(ws.root), kind: .model)
        let session = try ws.ledger.beginSession(sampleSession())
        try recordCommand(ws.ledger, session: session, name: "train.sft", outputs: [tree])
        let configSHA = try #require(try ws.store.treeManifest(tree.sha256)["config.json"])
        try FileManager.default.removeItem(atPath: ws.store.path(of: configSHA))
        #expect(try ws.verify().mismatches.map(\.expected) == [configSHA])
    }

    @Test("a single-file artifact is not a tree")
    func notATree() throws {
        let ws = try temporaryWorkspace()
        let ref = try ws.store.put(Array("{\"a\":1}".utf8), kind: .file)
        #expect(throws: LedgerError.self) { try ws.store.materializeTree(ref.sha256, into: ws.root + "/out") }
    }
}
