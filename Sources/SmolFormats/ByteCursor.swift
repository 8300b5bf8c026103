/// A bounds-checked little-endian reader over a mapped file, for GGUF's sequential header.
///
/// Invariant: `offset` never exceeds `file.count`; every read checks the remaining length first and
/// throws `truncated` (or `stringOutOfBounds`) instead of reading past the end.
struct ByteCursor {
    let file: MappedFile
    private(set) var offset = 0

    init(_ file: MappedFile) { self.file = file }

    /// Bytes left after the cursor.
    var remaining: Int { file.count - offset }

    /// Reads a fixed-size little-endian scalar.
    mutating func read<T: FixedWidthInteger>(_: T.Type, _ what: @autoclosure () -> String) throws(FormatError) -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else {
            throw .truncated(path: file.path, "file ends at byte \(file.count) while reading \(what())")
        }
        let value = T(littleEndian: file.bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
        offset += size
        return value
    }

    /// Reads a GGUF string: u64 byte length, then UTF-8 bytes without a terminator.
    mutating func readString(_ what: @autoclosure () -> String) throws(FormatError) -> String {
        let start = offset
        let length = try read(UInt64.self, "the length of \(what())")
        guard length <= UInt64(remaining) else {
            throw .stringOutOfBounds(path: file.path, offset: start, length: length)
        }
        let bytes = file.slice(offset, Int(length))
        offset += Int(length)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Moves the cursor forward to the next multiple of `alignment` (clamped to the file end).
    mutating func align(to alignment: Int) {
        let padded = (offset + alignment - 1) / alignment * alignment
        offset = min(padded, file.count)
    }
}
