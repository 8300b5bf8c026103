import Foundation

/// The Python that holds the reference packages (transformers, tokenizers, torch) the differential
/// tests compare against: `$SMOL_PYTHON` (scripts/test.sh sets it to the environment of
/// scripts/python-env.sh), else a `python3` on PATH that imports them; nil when there is none.
public enum ReferencePython {
    /// A Python that imports `tokenizers`.
    public static let tokenizers: String? = executable(importing: ["tokenizers"])

    /// A Python that imports `torch`, `transformers` and `safetensors`.
    public static let transformers: String? = executable(importing: ["torch", "transformers", "safetensors"])

    /// A Python that imports `nbformat` (Jupyter's notebook validator).
    public static let nbformat: String? = executable(importing: ["nbformat"])

    /// The first of `$SMOL_PYTHON` and the `python3` files on PATH that imports every module.
    public static func executable(importing modules: [String]) -> String? {
        let environment = ProcessInfo.processInfo.environment
        var candidates: [String] = []
        if let chosen = environment["SMOL_PYTHON"], !chosen.isEmpty { candidates.append(chosen) }
        for folder in (environment["PATH"] ?? "").split(separator: ":") { candidates.append("\(folder)/python3") }
        let probe = "import " + modules.joined(separator: ", ")
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) && (try? run($0, ["-c", probe])) != nil }
    }

    /// Runs `python arguments…` and returns its standard output; throws with its standard error
    /// when it exits non-zero.
    @discardableResult
    public static func run(_ python: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Standard error is drained on another thread, so a chatty child never blocks on a full pipe.
        let errorText = ErrorText(), drained = DispatchSemaphore(value: 0)
        let errorHandle = errors.fileHandleForReading
        DispatchQueue.global().async { errorText.data = errorHandle.readDataToEndOfFile(); drained.signal() }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PythonError(status: process.terminationStatus, message: String(decoding: errorText.data, as: UTF8.self))
        }
        return String(decoding: outputData, as: UTF8.self)
    }
}

/// Standard error of a child, written by the draining thread before it signals, read after the wait.
private final class ErrorText: @unchecked Sendable {
    var data = Data()
}
