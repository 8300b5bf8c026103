import Foundation

/// A file's SHA-256 and size, from one pass over its bytes.
public struct FileDigest: Sendable, Hashable {
    /// Lower-case hex SHA-256 of the raw bytes.
    public let sha256: String
    /// Bytes read.
    public let bytes: Int64

    /// Hashes the file at `path`, reading it in 1 MiB chunks with POSIX `read`.
    public init(ofFileAt path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        var hasher = SHA256()
        var total: Int64 = 0
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { chunk.deallocate() }
        while true {
            let n = read(fd, chunk.baseAddress, chunk.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
            if n == 0 { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: chunk[0..<n]))
            total += Int64(n)
        }
        sha256 = hasher.hexDigest()
        bytes = total
    }
}
