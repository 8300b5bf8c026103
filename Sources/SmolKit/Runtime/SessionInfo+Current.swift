import Foundation
import SmolKernels
import SmolLedger

extension SessionInfo {
    /// What the ledger records about this process: tool version, git state, platform, CPU, threads.
    static func current(mode: SessionMode, scriptPath: String?, scriptSHA256: String?, threads: Int,
                        backend: MatrixBackend) -> SessionInfo {
        let git = GitState.ofExecutable()
        return SessionInfo(
            mode: mode, scriptPath: scriptPath, scriptSHA256: scriptSHA256, toolVersion: "smol \(smolVersion)",
            gitCommit: git.commit, gitDirty: git.dirty, platform: Platform.description,
            cpuModel: Platform.cpuModel, instructionSet: Platform.instructionSet, threadCount: threads,
            matrixBackend: backend == .smol ? "smol" : "openblas (\(openBLASConfig()))")
    }
}

/// Facts about the machine that decide whether two runs may be compared bit for bit.
enum Platform {
    static var description: String {
        var name = utsname()
        uname(&name)
        let field = { (raw: Any) -> String in
            withUnsafeBytes(of: raw) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
        }
        return "\(field(name.sysname)) \(field(name.release)) \(field(name.machine))"
    }

    static var cpuModel: String {
        cpuInfoValue("model name") ?? "unknown"
    }

    /// The reproducibility class: the kernels are built for x86-64 with AVX2 + FMA (or arm64).
    static var instructionSet: String {
        #if arch(x86_64)
        let flags = cpuInfoValue("flags")?.split(separator: " ") ?? []
        let extensions = ["avx2", "fma", "avx512f"].filter { flags.contains(Substring($0)) }
        return (["x86_64"] + extensions).joined(separator: "+")
        #else
        return "arm64"
        #endif
    }

    private static func cpuInfoValue(_ key: String) -> String? {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(key) {
            if let colon = line.firstIndex(of: ":") {
                return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }
}

/// The git commit the running binary was built from, when it sits inside a checkout.
struct GitState {
    var commit: String?
    var dirty: Bool

    static func ofExecutable() -> GitState {
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
        let directory = executable.deletingLastPathComponent().path
        guard let commit = run(["-C", directory, "rev-parse", "HEAD"]) else { return GitState(commit: nil, dirty: false) }
        let status = run(["-C", directory, "status", "--porcelain", "--untracked-files=no"]) ?? ""
        return GitState(commit: commit, dirty: !status.isEmpty)
    }

    private static func run(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
