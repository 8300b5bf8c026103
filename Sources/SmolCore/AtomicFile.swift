import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Whole-file writes that a crash or kill never leaves half done.
///
/// Invariants:
/// 1. The final path either does not exist or holds complete bytes: data goes to a temporary file in
///    the same directory, is fsynced, then renamed over the final name (rename is atomic on POSIX).
/// 2. The directory is fsynced after the rename, so the new name survives a power loss.
/// 3. A failed write removes its temporary file and leaves any earlier file at the path untouched.
public enum AtomicFile {
    /// Writes `bytes` to `path` atomically, creating parent directories.
    public static func write<Bytes: ContiguousBytes>(_ bytes: Bytes, to path: String) throws {
        try write(to: path) { fd in
            try bytes.withUnsafeBytes { try writeAll(fd, $0) }
        }
    }

    /// Writes a file atomically through `body`, which receives an open file descriptor.
    public static func write(to path: String, _ body: (Int32) throws -> Void) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var template = Array("\(directory)/.tmp-\(url.lastPathComponent)-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw posixError("create a temporary file in \(directory)") }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var renamed = false
        defer {
            if !renamed { unlink(temporary) }
        }
        do {
            try body(fd)
            guard fsync(fd) == 0 else { throw posixError("fsync \(temporary)") }
            fchmod(fd, 0o644)
            close(fd)
        } catch {
            close(fd)
            throw error
        }
        guard rename(temporary, path) == 0 else { throw posixError("rename to \(path)") }
        renamed = true
        syncDirectory(directory)
    }

    /// Writes every byte, retrying short writes and EINTR.
    public static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < buffer.count {
            let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw posixError("write")
            }
            offset += n
        }
    }

    /// fsyncs a directory so a rename inside it is durable.
    public static func syncDirectory(_ directory: String) {
        let dfd = open(directory, O_RDONLY | O_DIRECTORY)
        if dfd >= 0 {
            fsync(dfd)
            close(dfd)
        }
    }

    static func posixError(_ what: String) -> NSError {
        let code = errno
        return NSError(domain: NSPOSIXErrorDomain, code: Int(code),
                       userInfo: [NSLocalizedDescriptionKey: "\(what): \(String(cString: strerror(code)))"])
    }
}
