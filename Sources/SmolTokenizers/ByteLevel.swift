// GPT-2's reversible byte ↔ printable-character mapping, and the character classes the
// byte-level pre-tokenizer's regex uses (\p{L}, \p{N}, \s).

/// The byte-level alphabet: every byte maps to one printable Unicode scalar.
enum ByteLevel {
    /// `scalarForByte[b]` is the printable scalar that stands for byte `b`
    /// (printable Latin-1 bytes map to themselves, the other 68 to U+0100 onwards in byte order).
    static let scalarForByte: [Unicode.Scalar] = {
        var table = [Unicode.Scalar](repeating: " ", count: 256)
        var next: UInt32 = 256
        for b in 0..<256 {
            let keepsItself = (33...126).contains(b) || (161...172).contains(b) || (174...255).contains(b)
            if keepsItself {
                table[b] = Unicode.Scalar(UInt32(b))!
            } else {
                table[b] = Unicode.Scalar(next)!
                next += 1
            }
        }
        return table
    }()

    /// `byteForScalar[s]` for s < 324 is the byte that scalar stands for, or -1.
    static let byteForScalar: [Int16] = {
        var table = [Int16](repeating: -1, count: 324)
        for b in 0..<256 { table[Int(scalarForByte[b].value)] = Int16(b) }
        return table
    }()

    /// The byte-level spelling of raw bytes (e.g. " a" → "Ġa").
    static func encode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var s = String.UnicodeScalarView()
        for b in bytes { s.append(scalarForByte[Int(b)]) }
        return String(s)
    }

    /// The raw bytes of a byte-level spelling, or nil when a scalar is outside the alphabet.
    static func decode(_ token: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(token.utf8.count)
        for scalar in token.unicodeScalars {
            let v = Int(scalar.value)
            guard v < byteForScalar.count, byteForScalar[v] >= 0 else { return nil }
            out.append(UInt8(byteForScalar[v]))
        }
        return out
    }

    /// The 256 alphabet scalars as strings, sorted by code point (the order HF's trainer assigns ids in).
    static var sortedAlphabet: [String] {
        scalarForByte.sorted { $0.value < $1.value }.map { String($0) }
    }
}

/// The class of a scalar as the GPT-2 pre-tokenizer regex sees it.
enum ScalarClass: UInt8 {
    case other = 0, letter = 1, number = 2, space = 3
}

enum ScalarClasses {
    /// Classes of every Basic Multilingual Plane scalar, computed once from Unicode general categories.
    static let bmp: [ScalarClass] = {
        var table = [ScalarClass](repeating: .other, count: 0x10000)
        for v in 0..<0x10000 {
            if let s = Unicode.Scalar(UInt32(v)) { table[v] = classify(s) }
        }
        return table
    }()

    /// \s is Unicode White_Space; \p{L} is general category L*; \p{N} is Nd, Nl, No.
    static func classify(_ s: Unicode.Scalar) -> ScalarClass {
        let properties = s.properties
        if properties.isWhitespace { return .space }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return .letter
        case .decimalNumber, .letterNumber, .otherNumber: return .number
        default: return .other
        }
    }

    @inline(__always)
    static func of(_ value: UInt32) -> ScalarClass {
        if value < 0x10000 { return bmp[Int(value)] }
        guard let s = Unicode.Scalar(value) else { return .other }
        return classify(s)
    }
}

/// Decodes one UTF-8 scalar at `i` (input is valid UTF-8: it comes from a Swift String); returns value and length.
@inline(__always)
func decodeScalar(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
    let b0 = UInt32(p[i])
    if b0 < 0x80 { return (b0, 1) }
    if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F), 2) }
    if b0 < 0xF0 { return ((b0 & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F), 3) }
    return ((b0 & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6 | UInt32(p[i + 3] & 0x3F), 4)
}
