/// A JSON value with object members kept in their original order (strict RFC 8259 data model).
///
/// Numbers are IEEE doubles: integers beyond ±2^53 lose precision, and `-0` serialises as `0`.
/// Object equality ignores member order (JSON semantics); use `canonicalText()` to compare bytes.
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])
}

extension JSONValue: Equatable {
    /// Structural equality; object members are compared as a set of (key, value) pairs.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.string(a), .string(b)): return sameUTF8(a, b)
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            guard a.count == b.count else { return false }
            for member in a {
                guard let other = b.first(where: { sameUTF8($0.key, member.key) }), other.value == member.value
                else { return false }
            }
            return true
        default: return false
        }
    }
}

/// Byte-wise string equality (no Unicode canonical equivalence: "é" and "e\u{301}" differ), comparing
/// the contiguous UTF-8 storage directly.
@inline(__always)
func sameUTF8(_ a: String, _ b: String) -> Bool {
    guard a.utf8.count == b.utf8.count else { return false }
    var a = a, b = b
    return a.withUTF8 { pa in
        b.withUTF8 { pb in
            for k in 0..<pa.count where pa[k] != pb[k] { return false }
            return true
        }
    }
}

public extension JSONValue {
    /// The member named `key` of an object (the first one), or nil.
    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first(where: { $0.key == key })?.value
    }

    /// The string payload, or nil for other kinds.
    var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    /// The numeric payload, or nil for other kinds.
    var doubleValue: Double? { if case .number(let x) = self { return x } else { return nil } }
    /// The numeric payload when it is integral and within ±`maxExactInteger`, or nil (3.5, 1e300, "3").
    ///
    /// Every integer literal in that range parses to exactly its value; a literal beyond it (such as
    /// 9007199254740993) may have been rounded, so it is refused rather than returned wrong.
    var intValue: Int? {
        guard case .number(let x) = self, x.rounded() == x, abs(x) <= Double(JSONValue.maxExactInteger) else { return nil }
        return Int(x)
    }

    /// The largest integer magnitude a JSON number holds exactly: 2^53 − 1 (I-JSON, RFC 7493 §2.2).
    static var maxExactInteger: Int { 9_007_199_254_740_991 }
    /// The boolean payload, or nil for other kinds.
    var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    /// The elements of an array, or nil for other kinds.
    var arrayValue: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
    /// The ordered members of an object, or nil for other kinds.
    var objectValue: [(key: String, value: JSONValue)]? { if case .object(let o) = self { return o } else { return nil } }
    /// True for null, booleans, numbers and strings (not arrays or objects).
    var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }
    /// True for `.null`.
    var isNull: Bool { if case .null = self { return true } else { return false } }

    /// The JSON type name used in error messages: "null", "boolean", "number", "string", "array", "object".
    var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    /// A copy of an object with `key` set (replacing the first member of that name, or appended).
    func setting(_ key: String, to value: JSONValue) -> JSONValue {
        guard case .object(var members) = self else { return self }
        if let i = members.firstIndex(where: { $0.key == key }) { members[i].value = value } else { members.append((key, value)) }
        return .object(members)
    }

    /// A copy of an object without the members named `key`.
    func removing(_ key: String) -> JSONValue {
        guard case .object(let members) = self, members.contains(where: { $0.key == key }) else { return self }
        return .object(members.filter { $0.key != key })
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    /// `nil` is JSON null.
    public init(nilLiteral: ()) { self = .null }
    /// A boolean literal.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An integer literal (stored as a double).
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    /// A floating-point literal.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// A string literal.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An array literal.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// A dictionary literal; member order is the literal's order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(elements.map { (key: $0.0, value: $0.1) }) }
}
