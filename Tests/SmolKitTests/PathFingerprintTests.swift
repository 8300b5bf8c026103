import Foundation
import SmolCore
import Testing
@testable import SmolKit

@Suite struct PathFingerprintTests {
    private func folder() throws -> String {
        let root = temporaryDirectory("fingerprint")
        try FileManager.default.createDirectory(atPath: root + "/d/sub", withIntermediateDirectories: true)
        try Data("a".utf8).write(to: URL(fileURLWithPath: root + "/d/a.txt"))
        try Data("b".utf8).write(to: URL(fileURLWithPath: root + "/d/sub/b.txt"))
        return root
    }

    /// Fingerprint invariant 1: a file's fingerprint is its SHA-256.
    @Test func aFileFingerprintIsItsHash() throws {
        let root = try folder()
        let fingerprint = try PathFingerprint.of(path: root + "/d/a.txt")
        #expect(fingerprint.sha256 == SHA256.hex(of: Array("a".utf8)))
        #expect(fingerprint.file?.bytes == 1)
    }

    /// Fingerprint invariant 2: renaming, adding an empty folder or editing a nested file changes it.
    @Test func aFolderFingerprintCoversNamesAndContents() throws {
        let root = try folder()
        let first = try PathFingerprint.of(path: root + "/d").sha256
        #expect(try PathFingerprint.of(path: root + "/d").sha256 == first)
        try FileManager.default.moveItem(atPath: root + "/d/a.txt", toPath: root + "/d/c.txt")
        let renamed = try PathFingerprint.of(path: root + "/d").sha256
        #expect(renamed != first)
        try FileManager.default.createDirectory(atPath: root + "/d/empty", withIntermediateDirectories: false)
        let withFolder = try PathFingerprint.of(path: root + "/d").sha256
        #expect(withFolder != renamed)
        try Data("B".utf8).write(to: URL(fileURLWithPath: root + "/d/sub/b.txt"))
        #expect(try PathFingerprint.of(path: root + "/d").sha256 != withFolder)
    }

    /// Fingerprint invariant 3: links are followed (a changed target changes the folder's fingerprint);
    /// a link cycle or a dangling link fails instead of being skipped.
    @Test func linksAreFollowedAndCyclesRefused() throws {
        let root = try folder()
        try Data("t1".utf8).write(to: URL(fileURLWithPath: root + "/target.txt"))
        try FileManager.default.createSymbolicLink(atPath: root + "/d/link.txt", withDestinationPath: root + "/target.txt")
        let before = try PathFingerprint.of(path: root + "/d").sha256
        try Data("t2".utf8).write(to: URL(fileURLWithPath: root + "/target.txt"))
        #expect(try PathFingerprint.of(path: root + "/d").sha256 != before)

        try FileManager.default.createSymbolicLink(atPath: root + "/d/sub/up", withDestinationPath: root + "/d")
        #expect(throws: PathFingerprint.Failure.self) { try PathFingerprint.of(path: root + "/d") }
        try FileManager.default.removeItem(atPath: root + "/d/sub/up")
        try FileManager.default.createSymbolicLink(atPath: root + "/d/dangling", withDestinationPath: root + "/nowhere")
        #expect(throws: PathFingerprint.Failure.self) { try PathFingerprint.of(path: root + "/d") }
    }

    /// Fingerprint invariant 4: a missing path has no fingerprint.
    @Test func aMissingPathHasNone() {
        #expect(throws: PathFingerprint.Failure.self) { try PathFingerprint.of(path: "/nonexistent/smol-path") }
    }
}
