import Foundation
import SmolCore
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// CheckpointStore invariants 1–3 under SIGKILL: `train-torture` (Tests/Support/train-torture) trains
/// with a checkpoint after every step; it is killed at seeded moments — half of them while a
/// checkpoint is being written (its temporary file is on disk at the kill) — and started again until
/// it finishes, alternating 1 and 2 threads. Every run must end with the bytes of an uninterrupted one.
@Suite(.serialized) struct KillResumeTests {
    static let steps = 16

    static func binary() throws -> String {
        var folders = [URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent(),
                       Bundle.main.bundleURL.deletingLastPathComponent(),
                       URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        for bundle in Bundle.allBundles { folders.append(bundle.bundleURL.deletingLastPathComponent()) }
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        folders.append(package.appendingPathComponent(".build/debug"))
        for folder in folders {
            let candidate = folder.appendingPathComponent("train-torture").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "train-torture not found; run `swift build --product train-torture`"])
    }

    /// How one start of the helper ends.
    enum Kill {
        /// Not killed: runs to the end.
        case never
        /// SIGKILL after this many milliseconds.
        case after(milliseconds: Int)
        /// SIGKILL as soon as a checkpoint's temporary file appears after this many milliseconds.
        case whileWriting(afterMilliseconds: Int)
    }

    /// Starts the helper once; returns its exit status (nil when killed) and whether the kill left a
    /// temporary checkpoint file behind (proof it landed inside a write).
    static func start(_ folder: String, threads: Int, kill: Kill) throws -> (status: Int32?, midWrite: Bool) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try binary())
        process.arguments = [folder, "--threads", "\(threads)", "--steps", "\(steps)"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let begun = Date()
        let checkpoints = folder + "/checkpoint"
        func temporaryFilePresent() -> Bool {
            ((try? FileManager.default.contentsOfDirectory(atPath: checkpoints)) ?? []).contains { $0.hasPrefix(".tmp-") }
        }
        var killed = false
        switch kill {
        case .never: break
        case .after(let ms):
            while process.isRunning && Date().timeIntervalSince(begun) * 1000 < Double(ms) { usleep(200) }
            if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL); killed = true }
        case .whileWriting(let ms):
            while process.isRunning {
                if Date().timeIntervalSince(begun) * 1000 >= Double(ms), temporaryFilePresent() {
                    Glibc.kill(process.processIdentifier, SIGKILL)
                    killed = true
                    break
                }
                usleep(50)
            }
        }
        process.waitUntilExit()
        if killed && process.terminationReason == .uncaughtSignal { return (nil, temporaryFilePresent()) }
        return (process.terminationStatus, false)
    }

    static func finalHash(_ folder: String) throws -> String { try SHA256.hex(ofFileAt: folder + "/final/model.safetensors") }

    @Test func killedAtSeededMomentsEndsWithTheBytesOfAnUninterruptedRun() throws {
        let reference = temporaryFolder("torture-ref")
        defer { try? FileManager.default.removeItem(atPath: reference) }
        let started = Date()
        #expect(try Self.start(reference, threads: 1, kill: .never).status == 0)
        let duration = max(200, Int(Date().timeIntervalSince(started) * 1000))
        let expected = try Self.finalHash(reference)

        let rng = CounterRNG(seed: 2024, stream: 1)
        var midWriteKills = 0
        for moment in 0..<10 {
            let delay = 20 + rng.integer(below: duration / 2, at: UInt64(moment))
            let inWrite = moment % 2 == 0
            // An in-write moment whose signal lands after the write finished, on a busy machine, is
            // tried again from scratch (a few times), so each such moment really kills inside a write.
            for attempt in 0..<4 {
                let folder = temporaryFolder("torture-\(moment)-\(attempt)")
                defer { try? FileManager.default.removeItem(atPath: folder) }
                var starts = 0, killedInWrite = false
                // First start: killed at the seeded moment (inside a write for even moments; on later
                // starts, at the next write, until one kill lands inside one).
                var kill: Kill = inWrite ? .whileWriting(afterMilliseconds: attempt == 0 ? delay : 0) : .after(milliseconds: delay)
                while true {
                    let (status, midWrite) = try Self.start(folder, threads: 1 + starts % 2, kill: kill)
                    starts += 1
                    killedInWrite = killedInWrite || midWrite
                    if status == 0 { break }
                    try #require(status == nil, "train-torture failed with status \(String(describing: status)) at moment \(moment)")
                    try #require(starts < 20, "moment \(moment) did not finish")
                    kill = inWrite && !killedInWrite ? .whileWriting(afterMilliseconds: 0) : .never
                }
                #expect(try Self.finalHash(folder) == expected, "moment \(moment) (delay \(delay) ms, \(starts) starts)")
                if killedInWrite { midWriteKills += 1 }
                if !inWrite || killedInWrite { break }
                #expect(attempt < 3, "moment \(moment): no kill landed inside a checkpoint write")
            }
        }
        #expect(midWriteKills >= 5)
    }
}
