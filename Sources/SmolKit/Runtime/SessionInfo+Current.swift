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

/// The git state of the smol checkout the running executable lies in.
///
/// The executable is the real file (`/proc/self/exe`, links resolved), never `argv[0]`: a `smol` reached
/// through a link on PATH from inside another repository must not record that repository's HEAD.
/// A commit is recorded only when the executable lies inside a git work tree that is a Swift package
/// (its top level holds `Package.swift`, as a checkout built with `swift build` does: `.build/…/smol`);
/// an installed copy elsewhere records none. It is the tree's state when the session starts — HEAD and
/// whether tracked files differ from it — which is the state the binary was built from only if nobody
/// changed the tree after building.
struct GitState: Equatable {
    var commit: String?
    var dirty: Bool

    /// The state for the running process.
    static func ofExecutable() -> GitState {
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? URL(fileURLWithPath: CommandLine.arguments.first ?? ".").path
        return of(executable: path)
    }

    /// The state for an executable at `path` (links resolved first).
    static func of(executable path: String) -> GitState {
        let none = GitState(commit: nil, dirty: false)
        guard let real = realpath(path, nil) else { return none }
        let executable = String(cString: real)
        free(real)
        let directory = (executable as NSString).deletingLastPathComponent
        guard let top = run(["-C", directory, "rev-parse", "--show-toplevel"]), !top.isEmpty,
              executable.hasPrefix(top.hasSuffix("/") ? top : top + "/"),
              FileManager.default.fileExists(atPath: top + "/Package.swift"),
              let commit = run(["-C", top, "rev-parse", "--verify", "HEAD"]) else { return none }
        let status = run(["-C", top, "status", "--porcelain", "--untracked-files=no"]) ?? ""
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
