// Streaming a large text file line by line (for training on corpora bigger than memory).

import Foundation

/// The lines of a UTF-8 text file, read in 4 MiB blocks; each line keeps its trailing "\n" (as HF's
/// trainer reads files), so the words counted are the same as `tokenizers`' `train(files)`.
public struct TextFileLines: Sequence {
    /// The file read.
    public let path: String

    /// Lines of the file at `path`; throws when it cannot be opened.
    public init(path: String) throws {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw TokenizerError.io(path: path, reason: "cannot read the corpus file; check the path")
        }
        self.path = path
    }

    /// An iterator over the lines.
    public func makeIterator() -> Iterator { Iterator(handle: FileHandle(forReadingAtPath: path)) }

    /// Reads blocks and splits them at "\n" bytes (a multi-byte character never contains 0x0A).
    public struct Iterator: IteratorProtocol {
        let handle: FileHandle?
        var pending: [UInt8] = []
        var start = 0
        var finished = false

        init(handle: FileHandle?) { self.handle = handle; finished = handle == nil }

        /// The next line, or nil at the end of the file.
        public mutating func next() -> String? {
            while true {
                if let newline = pending[start...].firstIndex(of: 0x0A) {
                    let line = String(decoding: pending[start...newline], as: UTF8.self)
                    start = newline + 1
                    return line
                }
                if finished {
                    guard start < pending.count else { return nil }
                    let line = String(decoding: pending[start...], as: UTF8.self)
                    start = pending.count
                    return line
                }
                pending.removeFirst(start)
                start = 0
                let block = handle?.readData(ofLength: 4 << 20) ?? Data()
                if block.isEmpty { finished = true; try? handle?.close() } else { pending.append(contentsOf: block) }
            }
        }
    }
}
