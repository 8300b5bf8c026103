/// Byte-level checks shared by the readers.
enum UTF8Check {
    /// The offset of the first byte that starts an invalid UTF-8 sequence (overlongs, surrogates and
    /// values above U+10FFFF are invalid), or nil when all of `bytes` is valid UTF-8.
    static func firstInvalid(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b0 = bytes[i]
            if b0 < 0x80 { i += 1; continue }
            let length: Int, minimum: UInt32
            var value: UInt32
            switch b0 {
            case 0xC2...0xDF: length = 2; minimum = 0x80; value = UInt32(b0 & 0x1F)
            case 0xE0...0xEF: length = 3; minimum = 0x800; value = UInt32(b0 & 0x0F)
            case 0xF0...0xF4: length = 4; minimum = 0x10000; value = UInt32(b0 & 0x07)
            default: return i
            }
            guard i + length <= n else { return i }
            for k in 1..<length {
                let b = bytes[i + k]
                guard b & 0xC0 == 0x80 else { return i }
                value = value << 6 | UInt32(b & 0x3F)
            }
            guard value >= minimum, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) else { return i }
            i += length
        }
        return nil
    }

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
