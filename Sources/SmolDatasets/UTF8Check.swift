import SmolCore

/// Byte-level checks shared by the readers.
enum UTF8Check {
    /// The offset of the first byte that starts an invalid UTF-8 sequence, or nil when all of `bytes`
    /// is valid: the same rules as `JSONParser` (both use `SmolCore.UTF8Scan`).
    static func firstInvalid(in bytes: UnsafeBufferPointer<UInt8>) -> Int? { UTF8Scan.firstInvalid(in: bytes) }

    /// 1-based line and column (Unicode scalars) of byte `offset`.
    static func location(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        var line = 1, column = 1
        var i = 0
        while i < offset {
            if bytes[i] == 0x0A { line += 1; column = 1 } else if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return (line, column)
    }
}
