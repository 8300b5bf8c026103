import Foundation
import SmolCore
#if canImport(Glibc)
import Glibc
#endif

/// The content fingerprint of a path a command reads (a file or a folder), for cache keys.
///
/// Invariants (tests cite them as "Fingerprint invariant N"):
/// 1. A regular file's fingerprint is the SHA-256 of its bytes (so it equals its artifact hash).
/// 2. A folder's fingerprint is SHA-256 over `smol-folder-1` and one line per entry below it, depth
///    first with the names of each folder sorted by UTF-8 bytes: `d <n>:<path>` for a folder,
///    `f <n>:<path> <size> <sha256>` for a file (`n` is the relative path's length in bytes).
///    Changing, adding, removing or renaming anything below it changes the fingerprint.
/// 3. Symbolic links are always followed (a link and its target fingerprint alike); a link cycle,
///    a dangling link, an unreadable entry or a special file (socket, FIFO, device) makes the whole
///    fingerprint fail rather than being skipped.
/// 4. A path that does not exist has no fingerprint: callers must not cache on it.
enum PathFingerprint {
    /// Why a path has no fingerprint.
    struct Failure: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "\(path): \(reason)" }
    }

    /// One file read for a fingerprint: its name below the fingerprinted folder (the file's own name
    /// when a file was fingerprinted), its path and its digest.
    struct File {
        var name: String
        var path: String
        var digest: FileDigest
    }

    /// A fingerprint and every file it read, in the order read.
    struct Result {
        var sha256: String
        var files: [File]
        /// The digest when a single file was fingerprinted.
        var file: FileDigest? { isFolder ? nil : files.first?.digest }
        var isFolder: Bool
    }

    /// The fingerprint of a file or folder (invariants 1-4), with the digests of the files it read.
    static func of(path: String) throws(Failure) -> Result {
        let info = try status(path)
        if info.st_mode & S_IFMT == S_IFDIR {
            var lines = ["smol-folder-1"]
            var files: [File] = []
            var ancestors: Set<DirectoryID> = [DirectoryID(info)]
            try walk(directory: path, relative: "", ancestors: &ancestors, into: &lines, files: &files)
            return Result(sha256: SHA256.hex(of: Array(lines.joined(separator: "\n").utf8)), files: files, isFolder: true)
        }
        let digest = try fileDigest(path, info)
        let name = (path as NSString).lastPathComponent
        return Result(sha256: digest.sha256, files: [File(name: name, path: path, digest: digest)], isFolder: false)
    }

    private struct DirectoryID: Hashable {
        var device: UInt64
        var inode: UInt64
        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }

    private static func status(_ path: String) throws(Failure) -> stat {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let reason = errno == ENOENT ? "no such file or folder (or a dangling link)" : String(cString: strerror(errno))
            throw Failure(path: path, reason: reason)
        }
        return info
    }

    private static func fileDigest(_ path: String, _ info: stat) throws(Failure) -> FileDigest {
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw Failure(path: path, reason: "not a regular file or folder")
        }
        do { return try FileDigest(ofFileAt: path) } catch {
            throw Failure(path: path, reason: "unreadable (\(error))")
        }
    }

    private static func walk(directory: String, relative: String, ancestors: inout Set<DirectoryID>,
                             into lines: inout [String], files: inout [File]) throws(Failure) {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw Failure(path: directory, reason: "cannot list the folder (\(error.localizedDescription))")
        }
        for name in names.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            let path = directory + "/" + name
            let entry = relative.isEmpty ? name : relative + "/" + name
            let info = try status(path)
            if info.st_mode & S_IFMT == S_IFDIR {
                let id = DirectoryID(info)
                guard ancestors.insert(id).inserted else { throw Failure(path: path, reason: "a link cycle") }
                lines.append("d \(entry.utf8.count):\(entry)")
                try walk(directory: path, relative: entry, ancestors: &ancestors, into: &lines, files: &files)
                ancestors.remove(id)
            } else {
                let digest = try fileDigest(path, info)
                lines.append("f \(entry.utf8.count):\(entry) \(digest.bytes) \(digest.sha256)")
                files.append(File(name: entry, path: path, digest: digest))
            }
        }
    }
}
