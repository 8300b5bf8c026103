import Foundation
import Testing
@testable import SmolKit

@Suite struct GitStateTests {
    /// Runs git with a fixed identity; returns its trimmed stdout.
    @discardableResult
    private func git(_ arguments: [String], in directory: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["-C", directory, "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A git repository with one commit of `Package.swift`; returns its path and HEAD.
    private func repository(_ label: String) throws -> (path: String, head: String) {
        let path = temporaryDirectory(label)
        try git(["init", "-q"], in: path)
        try Data("// package\n".utf8).write(to: URL(fileURLWithPath: path + "/Package.swift"))
        try git(["add", "Package.swift"], in: path)
        try git(["commit", "-q", "-m", "init"], in: path)
        return (path, try git(["rev-parse", "HEAD"], in: path))
    }

    private func fakeExecutable(at path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data("#!/bin/sh\n".utf8).write(to: URL(fileURLWithPath: path))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/git"), "needs git"))
    func aBinaryBuiltInACheckoutRecordsItsHeadAndDirtyFlag() throws {
        let repo = try repository("smol-checkout")
        try fakeExecutable(at: repo.path + "/.build/debug/smol")
        #expect(GitState.of(executable: repo.path + "/.build/debug/smol") == GitState(commit: repo.head, dirty: false))
        try Data("// changed\n".utf8).write(to: URL(fileURLWithPath: repo.path + "/Package.swift"))
        #expect(GitState.of(executable: repo.path + "/.build/debug/smol") == GitState(commit: repo.head, dirty: true))
    }

    /// The audit's case: `smol` on PATH is a link, run from inside another repository. The link is
    /// resolved to the real binary, which lies in no checkout, so no commit is recorded.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/git"), "needs git"))
    func aLinkFromAnotherRepositoryRecordsNothing() throws {
        let other = try repository("other-project")
        let installed = temporaryDirectory("installed") + "/bin/smol"
        try fakeExecutable(at: installed)
        try FileManager.default.createDirectory(atPath: other.path + "/bin", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: other.path + "/bin/smol", withDestinationPath: installed)
        #expect(GitState.of(executable: other.path + "/bin/smol") == GitState(commit: nil, dirty: false))
        #expect(GitState.of(executable: installed) == GitState(commit: nil, dirty: false))
    }

    /// A repository that is not a Swift package (e.g. dotfiles holding ~/bin) is not smol's checkout.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/git"), "needs git"))
    func aRepositoryThatIsNotAPackageRecordsNothing() throws {
        let repo = try repository("dotfiles")
        try git(["rm", "-q", "Package.swift"], in: repo.path)
        try git(["commit", "-q", "-m", "no package"], in: repo.path)
        try fakeExecutable(at: repo.path + "/bin/smol")
        #expect(GitState.of(executable: repo.path + "/bin/smol").commit == nil)
    }
}
