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
        out.reserveCapacity(512)
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
        out.reserveCapacity(512)
        JSONWriter.writePretty(self, depth: 0, into: &out)
        return out
    }
}

enum JSONWriter {
    static func write(_ value: JSONValue, sorted: Bool, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let x): writeNumber(x, into: &out)
        case .string(let s): writeString(s, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (k, element) in elements.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                write(element, sorted: sorted, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            if !sorted || isSortedByKey(members) {
                for k in members.indices { writeMember(members, k, first: k == 0, sorted: sorted, into: &out) }
            } else if members.count > 64 {
                // Large objects (a vocabulary): an O(n log n) sort, ties (equal keys) kept in stored order.
                let order = members.indices.sorted {
                    keyPrecedes(members[$0].key, members[$1].key) || (!keyPrecedes(members[$1].key, members[$0].key) && $0 < $1)
                }
                for (k, index) in order.enumerated() { writeMember(members, index, first: k == 0, sorted: sorted, into: &out) }
            } else {
                // A stable insertion sort of member indices by key bytes (objects are small; no copy of the members).
                withUnsafeTemporaryAllocation(of: Int.self, capacity: members.count) { order in
                    for k in members.indices {
                        var j = k
                        while j > 0 && keyPrecedes(members[k].key, members[order[j - 1]].key) { order[j] = order[j - 1]; j -= 1 }
                        order[j] = k
                    }
                    for k in members.indices { writeMember(members, order[k], first: k == 0, sorted: sorted, into: &out) }
                }
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

    @inline(__always)
    static func writeMember(_ members: [(key: String, value: JSONValue)], _ index: Int, first: Bool, sorted: Bool, into out: inout [UInt8]) {
        if !first { out.append(UInt8(ascii: ",")) }
        writeString(members[index].key, into: &out)
        out.append(UInt8(ascii: ":"))
        write(members[index].value, sorted: sorted, into: &out)
    }

    /// True when `a` sorts before `b` by UTF-8 bytes (canonical key order).
    @inline(__always)
    static func keyPrecedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// True when the keys already appear in canonical (UTF-8 byte) order, so no sorted copy is needed.
    static func isSortedByKey(_ members: [(key: String, value: JSONValue)]) -> Bool {
        guard members.count > 1 else { return true }
        for k in 1..<members.count where !keyPrecedes(members[k - 1].key, members[k].key) { return false }
        return true
    }

    /// Appends `numberText(x)`; integers are written digit by digit without building a String.
    static func writeNumber(_ x: Double, into out: inout [UInt8]) {
        guard x.isFinite, x.rounded() == x, abs(x) < 9_007_199_254_740_992 else {
            out.append(contentsOf: numberText(x).utf8)
            return
        }
        var v = Int64(x)
        if v == 0 { out.append(0x30); return }
        if v < 0 { out.append(UInt8(ascii: "-")); v = -v }
        var digits: (UInt64, UInt64) = (0, 0)  // 16 bytes: 2^53 has 16 decimal digits
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            while v > 0 { d[count] = UInt8(truncatingIfNeeded: v % 10) + 0x30; v /= 10; count += 1 }
            for k in stride(from: count - 1, through: 0, by: -1) { out.append(d[k]) }
        }
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
        var s = s
        s.withUTF8 { writeString(utf8: $0, into: &out) }
    }

    /// Appends a quoted string, copying runs of bytes that need no escape in one go.
    static func writeString(utf8 bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var runStart = 0
        var i = 0
        let n = bytes.count
        let base = bytes.baseAddress
        while i < n {
            if let base, i + 8 <= n {
                // Eight bytes at a time while none is a control character, `"` or `\\` (zero-byte tests).
                let x = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                let ones: UInt64 = 0x0101_0101_0101_0101
                let quote = x ^ (ones &* 0x22), backslash = x ^ (ones &* 0x5C)
                let special = ((x &- ones &* 0x20) & ~x | (quote &- ones) & ~quote | (backslash &- ones) & ~backslash) & (ones &* 0x80)
                if special == 0 { i += 8; continue }
            }
            let b = bytes[i]
            if b >= 0x20 && b != 0x22 && b != 0x5C { i += 1; continue }
            if runStart < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
            switch b {
            case 0x22: out.append(0x5C); out.append(0x22)
            case 0x5C: out.append(0x5C); out.append(0x5C)
            case 0x08: out.append(0x5C); out.append(UInt8(ascii: "b"))
            case 0x0C: out.append(0x5C); out.append(UInt8(ascii: "f"))
            case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(0x5C); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(0x5C); out.append(UInt8(ascii: "t"))
            default:
                let digits: StaticString = "0123456789abcdef"
                out.append(0x5C); out.append(UInt8(ascii: "u")); out.append(0x30); out.append(0x30)
                out.append(digits.utf8Start[Int(b >> 4)]); out.append(digits.utf8Start[Int(b & 15)])
            }
            i += 1
            runStart = i
        }
        if runStart < n { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<n])) }
        out.append(UInt8(ascii: "\""))
    }
}
