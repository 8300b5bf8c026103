#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
#endif

/// A per-process scratch file that each fuzz input is written to, for parsers that take a path.
///
/// Invariants:
/// 1. The folder is private to this process (`<tmp>/smol-fuzz-<pid>`), so parallel fuzzers never
///    read each other's inputs.
/// 2. `write` replaces the whole file (truncate, then write every byte), so no earlier input leaks
///    into the next one.
public struct ScratchFile: Sendable {
    /// The file's path (its name keeps the extension the parser dispatches on).
    public let path: String

    /// A scratch file called `name` in this process's folder under `$SMOL_FUZZ_TMP` (default /dev/shm, else /tmp).
    public init(name: String) {
        let base: String
        if let configured = getenv("SMOL_FUZZ_TMP") {
            base = String(cString: configured)
        } else {
            var info = stat()
            base = stat("/dev/shm", &info) == 0 ? "/dev/shm" : "/tmp"
        }
        let folder = "\(base)/smol-fuzz-\(getpid())"
        mkdir(folder, 0o700)
        path = "\(folder)/\(name)"
    }

    /// Replaces the file's contents with `bytes`.
    public func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        precondition(fd >= 0, "cannot open scratch file \(path)")
        defer { close(fd) }
        var done = 0
        while done < bytes.count {
            let n = systemWrite(fd, bytes.baseAddress! + done, bytes.count - done)
            precondition(n > 0, "cannot write scratch file \(path)")
            done += n
        }
    }
}
