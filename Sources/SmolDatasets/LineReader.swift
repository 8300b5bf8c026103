import Foundation

/// Streams a file line by line in fixed-size chunks, never holding more than one line plus one chunk.
///
/// Invariants:
/// 1. every byte of the file belongs to exactly one reported line (nothing is dropped silently);
/// 2. a line longer than `maxLineBytes` is reported once as `.overlong` and its bytes are discarded;
/// 3. a last line without a final newline is reported with `endsWithNewline == false`.
struct LineReader {
    enum Line {
        /// A line's bytes without the `\n`.
        case text(UnsafeBufferPointer<UInt8>, endsWithNewline: Bool)
        /// A line that exceeded the cap (its length so far).
        case overlong(bytesSeen: Int)
    }

    let path: String
    let maxLineBytes: Int
    var chunkBytes = 1 << 20

    /// Calls `body(lineNumber, line)` for each line; `body` returns false to stop early.
    func forEachLine(_ body: (Int, Line) throws -> Bool) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw DatasetError.io(path: path, message: "cannot open (\(String(cString: strerror(errno)))); check the path") }
        defer { close(fd) }
        var carry: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: chunkBytes)
        var lineNumber = 1
        var discarding = false  // inside an overlong line, skipping to its newline
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw DatasetError.io(path: path, message: "read failed (\(String(cString: strerror(errno))))")
            }
            if n == 0 { break }
            var start = 0
            let stop = try chunk.withUnsafeBufferPointer { buffer -> Bool in
                while start < n {
                    let end: Int
                    if let hit = memchr(buffer.baseAddress! + start, 0x0A, n - start) {
                        end = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) - buffer.baseAddress!
                    } else {
                        end = n
                    }
                    let found = end < n
                    if discarding {
                        if found { discarding = false; lineNumber += 1 }
                        start = end + 1
                        continue
                    }
                    if carry.count + (end - start) > maxLineBytes {
                        let seen = carry.count + (end - start)
                        carry.removeAll(keepingCapacity: true)
                        if !(try body(lineNumber, .overlong(bytesSeen: seen))) { return true }
                        if found { lineNumber += 1 } else { discarding = true }
                        start = end + 1
                        continue
                    }
                    guard found else {
                        carry.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<end]))
                        start = end
                        break
                    }
                    let keepGoing: Bool
                    if carry.isEmpty {
                        keepGoing = try body(lineNumber, .text(UnsafeBufferPointer(rebasing: buffer[start..<end]), endsWithNewline: true))
                    } else {
                        carry.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<end]))
                        keepGoing = try carry.withUnsafeBufferPointer { try body(lineNumber, .text($0, endsWithNewline: true)) }
                        carry.removeAll(keepingCapacity: true)
                    }
                    if !keepGoing { return true }
                    lineNumber += 1
                    start = end + 1
                }
                return false
            }
            if stop { return }
        }
        if !carry.isEmpty && !discarding {
            _ = try carry.withUnsafeBufferPointer { try body(lineNumber, .text($0, endsWithNewline: false)) }
        }
    }
}
