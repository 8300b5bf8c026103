import Foundation

/// Runs the built `smol` binary (it sits next to the test bundle) and collects its output.
struct Smol {
    static var executable: String {
        var directory = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("smol").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/smol").path
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `smol arguments…` (the debug build unless `executable` names another) in `directory` with `input`
    /// on stdin; kills it after `timeout` seconds.
    @discardableResult
    static func run(_ arguments: [String], in directory: String, input: String = "", timeout: Double = 120,
                    executable: String = Smol.executable) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(timeout)
        let out = Collector(stdout.fileHandleForReading), err = Collector(stderr.fileHandleForReading)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: out.text(), stderr: err.text())
    }
}

/// Drains a pipe on a background thread so a chatty child never blocks.
final class Collector: @unchecked Sendable {
    private var data = Data()
    private let lock = NSLock()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                lock.lock(); data.append(chunk); lock.unlock()
            }
            done.signal()
        }
    }

    /// Everything the pipe carried, once it closed.
    func text() -> String {
        done.wait()
        return lockedText()
    }

    func lockedText() -> String {
        lock.lock(); defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }
}

/// A fresh temporary folder.
func temporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "smol-cli-\(UUID().uuidString)"
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Writes a text file.
func write(_ text: String, to path: String) {
    try! Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

extension Collector {
    /// What has arrived so far, without waiting for the end.
    func snapshot() -> String {
        lockedText()
    }
}
