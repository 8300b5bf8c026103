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

    /// The length (1–4) of the valid sequence starting at `offset`, or 0 when it is invalid; the same
    /// rules as `scalar(at:in:)` written as the well-formed byte ranges (Unicode 15, table 3-7), without
    /// decoding the scalar.
    @inlinable @inline(__always)
    public static func sequenceLength(at offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let b0 = bytes[offset]
        if b0 < 0x80 { return 1 }
        let n = bytes.count
        @inline(__always) func continuation(_ k: Int) -> Bool { offset + k < n && bytes[offset + k] & 0xC0 == 0x80 }
        @inline(__always) func second(_ low: UInt8, _ high: UInt8) -> Bool {
            offset + 1 < n && bytes[offset + 1] >= low && bytes[offset + 1] <= high
        }
        switch b0 {
        case 0xC2...0xDF: return continuation(1) ? 2 : 0
        case 0xE0: return second(0xA0, 0xBF) && continuation(2) ? 3 : 0
        case 0xED: return second(0x80, 0x9F) && continuation(2) ? 3 : 0
        case 0xE1...0xEF: return continuation(1) && continuation(2) ? 3 : 0
        case 0xF0: return second(0x90, 0xBF) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4: return second(0x80, 0x8F) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3: return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        default: return 0
        }
    }

    /// The offset of the first byte that starts an invalid sequence, or nil when all of `bytes` is valid.
    @inlinable
    public static func firstInvalid(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let length = sequenceLength(at: i, in: bytes)
            if length == 0 { return i }
            i += length
        }
        return nil
    }
}
