import Foundation
import SmolCore
import Testing
@testable import SmolLedger

@Suite("ArtifactStore")
struct ArtifactStoreTests {
    @Test("invariant 1: an object is named by the SHA-256 of its bytes")
    func objectNameIsHash() throws {
        let ws = try temporaryWorkspace()
        let ref = try ws.store.put(Array("abc".utf8), kind: .file)
        #expect(ref.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ref.bytes == 3)
        #expect(ws.store.path(of: ref.sha256) == ws.root + "/objects/ba/7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(try ws.store.read(ref.sha256) == Array("abc".utf8))
        #expect(ws.store.contains(ref.sha256))
        #expect(!ws.store.contains(String(repeating: "0", count: 64)))
    }

    @Test("invariant 3: the same content is stored once")
    func dedup() throws {
        let ws = try temporaryWorkspace()
        let a = try ws.store.put(Array("same".utf8), kind: .dataset)
        let modified = try FileManager.default.attributesOfItem(atPath: ws.store.path(of: a.sha256))[.modificationDate] as? Date
        usleep(20_000)
        let b = try ws.store.put(Array("same".utf8), kind: .model, metadataJSON: "{\"x\":1}")
        #expect(a.sha256 == b.sha256)
        #expect(b.kind == .model)
        #expect(try FileManager.default.attributesOfItem(atPath: ws.store.path(of: a.sha256))[.modificationDate] as? Date == modified)
        #expect(try objectFiles(ws).count == 1)
    }

    @Test("invariants 2 and 4: objects are read-only and nothing is left in staging")
    func readOnlyAndNoStrays() throws {
        let ws = try temporaryWorkspace()
        let ref = try ws.store.put([UInt8](repeating: 7, count: 100_000), kind: .file)
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: ws.store.path(of: ref.sha256))[.posixPermissions] as? Int)
        #expect(mode & 0o777 == 0o444)
        #expect(try FileManager.default.contentsOfDirectory(atPath: ws.root + "/objects/tmp").isEmpty)
    }

    @Test("put(fileAt:) streams a file into the store with the file's hash")
    func putFile() throws {
        let ws = try temporaryWorkspace()
        let source = ws.root + "/source.bin"
        let bytes = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) } // spans several 1 MiB chunks
        try AtomicFile.write(bytes, to: source)
        let ref = try ws.store.put(fileAt: source, kind: .dataset)
        #expect(ref.sha256 == SHA256.hex(of: bytes))
        #expect(ref.bytes == 3_000_000)
        #expect(try ws.store.read(ref.sha256) == bytes)
        let again = try ws.store.put(fileAt: source, kind: .dataset)
        #expect(again == ref)
        #expect(try FileManager.default.contentsOfDirectory(atPath: ws.root + "/objects/tmp").isEmpty)
        #expect(throws: LedgerError.self) { _ = try ws.store.put(fileAt: ws.root + "/missing", kind: .file) }
    }

    @Test("invariant 5: verify finds a tampered object, with expected and actual hashes")
    func verifyCatchesTampering() throws {
        let ws = try temporaryWorkspace()
        let good = try ws.store.put(Array("good".utf8), kind: .file)
        let victim = try ws.store.put(Array("victim bytes".utf8), kind: .file)
        #expect(try ws.verify().mismatches.isEmpty)
        let path = ws.store.path(of: victim.sha256)
        chmod(path, 0o644)
        var bytes = try ws.store.read(victim.sha256)
        bytes[0] ^= 0x20
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let mismatches = try ws.verify().mismatches
        #expect(mismatches == [Mismatch(expected: victim.sha256, actual: SHA256.hex(of: bytes), path: path, reason: "hash mismatch")])
        #expect(!mismatches.contains { $0.expected == good.sha256 })
        #expect(LedgerPrinter.verify(VerifyReport(mismatches: mismatches, externalUnchanged: 0, externalChanged: [], externalUnchecked: 0)).contains("expected \(victim.sha256), actual \(SHA256.hex(of: bytes))"))
    }

    @Test("invariant 5: verify reports an object the ledger references but the store lacks")
    func verifyReportsMissing() throws {
        let ws = try temporaryWorkspace()
        let session = try ws.ledger.beginSession(sampleSession())
        let ref = try ws.store.put(Array("will vanish".utf8), kind: .model)
        let external = ArtifactRef(sha256: String(repeating: "e", count: 64), kind: .file, bytes: 1)
        try recordCommand(ws.ledger, session: session, name: "train", inputs: [external], outputs: [ref])
        #expect(try ws.verify().mismatches.isEmpty) // an external input (no store path) is not expected in the store
        try FileManager.default.removeItem(atPath: ws.store.path(of: ref.sha256))
        #expect(try ws.verify().mismatches == [Mismatch(expected: ref.sha256, actual: nil, path: ws.store.path(of: ref.sha256), reason: "missing")])
    }

    @Test("invariant 5: a workspace opened just to verify (nothing else holding its ledger) still reports missing objects")
    func verifyOnAFreshlyOpenedWorkspace() throws {
        let root: String
        let ref: ArtifactRef
        do {
            let ws = try temporaryWorkspace()
            root = ws.root
            let session = try ws.ledger.beginSession(sampleSession())
            ref = try ws.store.put(Array("will vanish".utf8), kind: .model)
            try recordCommand(ws.ledger, session: session, name: "train", outputs: [ref])
            try FileManager.default.removeItem(atPath: ws.store.path(of: ref.sha256))
        }
        let mismatches = try Workspace(root: root).verify().mismatches   // as `smol ledger verify` calls it
        #expect(mismatches.map(\.expected) == [ref.sha256])
        #expect(mismatches.map(\.reason) == ["missing"])
    }

    @Test("verify re-hashes an external input whose source still exists and reports a changed one separately")
    func verifyChecksExternalInputs() throws {
        let ws = try temporaryWorkspace()
        let session = try ws.ledger.beginSession(sampleSession())
        let source = ws.root + "/big.txt"
        try Data("original".utf8).write(to: URL(fileURLWithPath: source))
        let metadata = "{\"source\":\"\(source)\"}"
        let input = ArtifactRef(sha256: SHA256.hex(of: Array("original".utf8)), kind: .file, bytes: 8, metadataJSON: metadata)
        let gone = ArtifactRef(sha256: String(repeating: "e", count: 64), kind: .file, bytes: 1)
        try recordCommand(ws.ledger, session: session, name: "train", inputs: [input, gone])
        var report = try ws.verify()
        #expect(report.storeIsSound && report.externalUnchanged == 1 && report.externalUnchecked == 1)
        try Data("changed!".utf8).write(to: URL(fileURLWithPath: source))
        report = try ws.verify()
        #expect(report.storeIsSound)
        #expect(report.externalChanged.map(\.path) == [source])
        #expect(report.externalChanged.first?.actual == SHA256.hex(of: Array("changed!".utf8)))
        #expect(LedgerPrinter.verify(report).contains("input changed: external input \(source)"))
    }

    @Test("invariant 2: opening a workspace removes staging strays of writers that no longer exist, keeps live ones")
    func straysOfDeadWritersAreRemoved() throws {
        let root = try temporaryWorkspace().root
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let dead = finished.processIdentifier
        let tmp = root + "/objects/tmp/"
        let deadStrays = [".tmp-stage-\(dead)-AAAA-x1y2z3", "stage-\(dead)-BBBB"]
        let live = ".tmp-stage-\(getpid())-CCCC-abcdef"
        for name in deadStrays + [live, "unrelated-name"] { try Data("partial".utf8).write(to: URL(fileURLWithPath: tmp + name)) }
        _ = try Workspace(root: root)
        let left = try FileManager.default.contentsOfDirectory(atPath: tmp).sorted()
        #expect(left == [live, "unrelated-name"].sorted())
        #expect(ArtifactStore.writerPID(ofStagedName: "stage-42-UUID") == 42)
        #expect(ArtifactStore.writerPID(ofStagedName: "other") == nil)
    }

    @Test("a truncated object is replaced by the next put of its content")
    func truncatedObjectIsRepaired() throws {
        let ws = try temporaryWorkspace()
        let bytes = Array("complete content".utf8)
        let ref = try ws.store.put(bytes, kind: .file)
        let path = ws.store.path(of: ref.sha256)
        chmod(path, 0o644)
        truncate(path, 4)
        #expect(try ws.verify().mismatches.count == 1)
        _ = try ws.store.put(bytes, kind: .file)
        #expect(try ws.verify().mismatches.isEmpty)
        #expect(try ws.store.read(ref.sha256) == bytes)
    }

    @Test("read of an absent object throws missingObject")
    func readMissing() throws {
        let ws = try temporaryWorkspace()
        let sha = String(repeating: "a", count: 64)
        #expect(throws: LedgerError.missingObject(sha256: sha, path: ws.store.path(of: sha))) { _ = try ws.store.read(sha) }
    }

    private func objectFiles(_ ws: Workspace) throws -> [String] {
        let fm = FileManager.default
        return try fm.contentsOfDirectory(atPath: ws.root + "/objects").filter { $0 != "tmp" }.flatMap { shard in
            try fm.contentsOfDirectory(atPath: ws.root + "/objects/" + shard)
        }
    }
}
