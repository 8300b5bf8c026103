/// Strict UTF-8 decoding shared by the JSON parser and the dataset readers (one definition of "valid").
///
/// Invalid: a stray continuation byte, C0/C1/F5–FF lead bytes, a truncated sequence, an overlong
/// encoding, a UTF-16 surrogate (U+D800–U+DFFF) and anything above U+10FFFF.
public enum UTF8Scan {
    /// The scalar starting at `offset` and its length in bytes, or nil when the sequence there is invalid.
    @inlinable
    public static func scalar(at offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (Unicode.Scalar, Int)? {
        let b0 = bytes[offset]
        if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
        let length: Int, minimum: UInt32
        var value: UInt32
        switch b0 {
        case 0xC2...0xDF: length = 2; minimum = 0x80; value = UInt32(b0 & 0x1F)
        case 0xE0...0xEF: length = 3; minimum = 0x800; value = UInt32(b0 & 0x0F)
        case 0xF0...0xF4: length = 4; minimum = 0x10000; value = UInt32(b0 & 0x07)
        default: return nil
        }
        guard offset + length <= bytes.count else { return nil }
        for k in 1..<length {
            let b = bytes[offset + k]
            guard b & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(b & 0x3F)
        }
        guard value >= minimum, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value), let scalar = Unicode.Scalar(value)
        else { return nil }
        return (scalar, length)
    }

    /// The offset of the first byte that starts an invalid sequence, or nil when all of `bytes` is valid.
    @inlinable
    public static func firstInvalid(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            if bytes[i] < 0x80 { i += 1; continue }
            guard let (_, length) = scalar(at: i, in: bytes) else { return i }
            i += length
        }
        return nil
    }
}
