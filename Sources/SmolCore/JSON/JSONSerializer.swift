/// Compact, canonical and pretty (indented) JSON text.
///
/// Canonical form (the bytes the ledger hashes):
/// 1. no whitespace outside strings;
/// 2. object members sorted by the UTF-8 bytes of their keys;
/// 3. integral numbers below 2^53 in magnitude written as integers (`3`, not `3.0`; `-0` as `0`);
///    other numbers in Swift's shortest round-trip form (`0.1`, `1e-05`, `1.5e+20`);
/// 4. strings escape only `"` `\` and U+0000–U+001F (`\b \f \n \r \t`, otherwise `\u00xx`);
///    everything else is raw UTF-8.
public extension JSONValue {
    /// Canonical text: sorted keys, no whitespace, shortest round-trip numbers.
    func canonicalText() -> String { String(decoding: canonicalBytes(), as: UTF8.self) }

    /// Canonical UTF-8 bytes (see the type's invariants).
    func canonicalBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        JSONWriter.write(self, sorted: true, into: &out)
        return out
    }

    /// Compact text that keeps object members in their stored order.
    func compactText() -> String {
        var out: [UInt8] = []
        JSONWriter.write(self, sorted: false, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Indented text for files people read: members in stored order, two spaces per level,
    /// `"key": value`, and an array holding only scalars on one line (`["a", "b"]`); no final newline.
    /// Strings and numbers are spelt as in the canonical form, so the output is deterministic.
    func prettyText() -> String { String(decoding: prettyBytes(), as: UTF8.self) }

    /// The UTF-8 bytes of `prettyText()`.
    func prettyBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        JSONWriter.writePretty(self, depth: 0, into: &out)
        return out
    }
}

enum JSONWriter {
    static func write(_ value: JSONValue, sorted: Bool, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let x): out.append(contentsOf: numberText(x).utf8)
        case .string(let s): writeString(s, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (k, element) in elements.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                write(element, sorted: sorted, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            let ordered = sorted ? members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) } : members
            out.append(UInt8(ascii: "{"))
            for (k, member) in ordered.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(member.value, sorted: sorted, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Indented, order-kept writing (see `prettyText()`); `depth` is the nesting level of `value`.
    static func writePretty(_ value: JSONValue, depth: Int, into out: inout [UInt8]) {
        switch value {
        case .array(let elements) where !elements.isEmpty:
            if elements.allSatisfy(\.isScalar) {
                out.append(UInt8(ascii: "["))
                for (k, element) in elements.enumerated() {
                    if k > 0 { out.append(contentsOf: [UInt8(ascii: ","), UInt8(ascii: " ")]) }
                    write(element, sorted: false, into: &out)
                }
                out.append(UInt8(ascii: "]"))
                return
            }
            out.append(UInt8(ascii: "["))
            for (k, element) in elements.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                newline(depth + 1, into: &out)
                writePretty(element, depth: depth + 1, into: &out)
            }
            newline(depth, into: &out)
            out.append(UInt8(ascii: "]"))
        case .object(let members) where !members.isEmpty:
            out.append(UInt8(ascii: "{"))
            for (k, member) in members.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                newline(depth + 1, into: &out)
                writeString(member.key, into: &out)
                out.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: " ")])
                writePretty(member.value, depth: depth + 1, into: &out)
            }
            newline(depth, into: &out)
            out.append(UInt8(ascii: "}"))
        default:
            write(value, sorted: false, into: &out)   // scalars, `[]` and `{}`
        }
    }

    /// A line break followed by two spaces per level.
    static func newline(_ depth: Int, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
    }

    /// The canonical spelling of a finite double (non-finite values become `null`: JSON has no NaN).
    static func numberText(_ x: Double) -> String {
        guard x.isFinite else { return "null" }
        if x.rounded() == x && abs(x) < 9_007_199_254_740_992 {
            return x == 0 ? "0" : String(Int64(x))
        }
        return "\(x)"
    }

    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x00..<0x20:
                let digits = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, digits[Int(b >> 4)], digits[Int(b & 15)]])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
