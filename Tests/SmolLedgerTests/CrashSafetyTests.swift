import Foundation
import SmolCore
import Testing
@testable import SmolLedger

/// Spawns `ledger-torture` (Tests/Support/ledger-torture), which records commands of 2 edges and
/// `metricsPerCommand` metrics each and prints `commit <id> <session> <seq>` after every commit.
@Suite("Crash safety", .serialized)
struct CrashSafetyTests {
    static let metricsPerCommand = 25 // must match Tests/Support/ledger-torture/main.swift

    /// The torture binary, built next to the test bundle because the test target depends on it.
    static func tortureBinary() throws -> String {
        let fm = FileManager.default
        var folders = [URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent(),
                       Bundle.main.bundleURL.deletingLastPathComponent(),
                       URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        for bundle in Bundle.allBundles { folders.append(bundle.bundleURL.deletingLastPathComponent()) }
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        folders.append(package.appendingPathComponent(".build/debug"))
        for folder in folders {
            let candidate = folder.appendingPathComponent("ledger-torture").path
            if fm.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw LedgerError.io(path: "ledger-torture", reason: "binary not found near the test bundle (\(folders.map(\.path))); run `swift build --product ledger-torture`")
    }

    /// A running writer whose acknowledged commits are read line by line.
    final class Writer {
        let process = Process()
        private let pipe = Pipe()
        private var buffer = [UInt8]()
        private(set) var acknowledged: [(id: Int64, session: Int64, seq: Int)] = []

        init(workspace: String, count: Int, tag: String) throws {
            process.executableURL = URL(fileURLWithPath: try CrashSafetyTests.tortureBinary())
            process.arguments = [workspace, String(count), tag]
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
        }

        /// Blocks until `commits` commits were acknowledged or the writer ends; false if it ended first.
        func wait(forCommits commits: Int) -> Bool {
            while acknowledged.count < commits {
                let chunk = pipe.fileHandleForReading.availableData
                if chunk.isEmpty { return false }
                buffer += chunk
                while let newline = buffer.firstIndex(of: 0x0A) {
                    let parts = String(decoding: buffer[..<newline], as: UTF8.self).split(separator: " ")
                    buffer.removeSubrange(...newline)
                    if parts.count == 4, parts[0] == "commit", let id = Int64(parts[1]), let s = Int64(parts[2]), let q = Int(parts[3]) {
                        acknowledged.append((id, s, q))
                    }
                }
            }
            return true
        }

        func kill() {
            Glibc.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }

        func finish() -> Int32 {
            _ = wait(forCommits: Int.max)
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    /// Every command has all its edges and metrics, the database and the store are sound.
    static func checkNoPartialCommand(_ root: String) throws -> [CommandRecord] {
        let ws = try Workspace(root: root)
        #expect(try ws.ledger.integrityCheck() == ["ok"])
        let commands = try ws.ledger.commands()
        for command in commands {
            #expect(command.inputs.count == 1 && command.outputs.count == 1, "command \(command.id!) has partial edges")
            #expect(command.metrics.count == metricsPerCommand, "command \(command.id!) has \(command.metrics.count) metrics")
        }
        let db = try rawDatabase(ws.ledger)
        #expect(try scalar(db, "SELECT COUNT(*) FROM edges WHERE command_id NOT IN (SELECT id FROM commands)") == 0)
        #expect(try scalar(db, "SELECT COUNT(*) FROM metrics WHERE command_id NOT IN (SELECT id FROM commands)") == 0)
        #expect(try ws.verify().mismatches == []) // store invariant 2: no partial object under a final name
        return commands
    }

    @Test("schema invariant 3 and store invariant 2: SIGKILL at random moments leaves no partial command or object")
    func killMidRun() throws {
        let root = temporaryDirectory() + "/ws"
        _ = try Workspace(root: root)
        let rng = CounterRNG(seed: 20261129, stream: 3)
        var acknowledged: [Int64] = []
        for round in 0..<8 {
            let writer = try Writer(workspace: root, count: 1_000_000, tag: "kill\(round)")
            let target = 2 + rng.integer(below: 30, at: UInt64(2 * round))
            #expect(writer.wait(forCommits: target), "writer ended before \(target) commits")
            usleep(UInt32(rng.integer(below: 4000, at: UInt64(2 * round + 1)))) // land somewhere inside the next command
            writer.kill()
            #expect(writer.process.terminationReason == .uncaughtSignal)
            acknowledged += writer.acknowledged.map(\.id)
        }
        let commands = try Self.checkNoPartialCommand(root)
        let recorded = Set(commands.compactMap(\.id))
        #expect(acknowledged.allSatisfy { recorded.contains($0) }, "an acknowledged commit was lost")
        #expect(commands.count >= acknowledged.count)
        for session in Set(commands.map(\.sessionID)) {
            let seqs = commands.filter { $0.sessionID == session }.map(\.sequence)
            #expect(seqs == Array(1...seqs.count), "session \(session) has gaps or repeats")
        }
    }

    @Test("schema invariants 2-4: four processes appending at once lose nothing")
    func concurrentWriters() throws {
        let root = temporaryDirectory() + "/ws"
        _ = try Workspace(root: root)
        let perWriter = 30
        let writers = try (0..<4).map { try Writer(workspace: root, count: perWriter, tag: "w\($0)") }
        for writer in writers { #expect(writer.finish() == 0) }
        #expect(writers.map(\.acknowledged.count) == Array(repeating: perWriter, count: 4))
        let commands = try Self.checkNoPartialCommand(root)
        #expect(commands.count == 4 * perWriter)
        let bySession = Dictionary(grouping: commands, by: \.sessionID)
        #expect(bySession.count == 4)
        for (_, list) in bySession { #expect(list.map(\.sequence).sorted() == Array(1...perWriter)) }
        #expect(Set(commands.map { $0.outputs[0].sha256 }).count == 4 * perWriter)
        #expect(Set(commands.map { $0.inputs[0].sha256 }).count == 1) // the shared input was stored once
    }
}
