/// How values print: `description` is the REPL's echo (strings quoted), `displayText` what `print`
/// writes (a top-level string raw, everything else as its description).
extension Value: CustomStringConvertible {
    /// The value as source-like text: `8`, `0.001`, `"text"`, `[1, 2]`, `[lr: 0.001, batch: 8]`, `[:]`.
    public var description: String {
        switch self {
        case .number(let x): Value.format(x)
        case .string(let s): Value.quote(s)
        case .bool(let b): b ? "true" : "false"
        case .null: "nil"
        case .list(let xs): "[" + xs.map(\.description).joined(separator: ", ") + "]"
        case .record(let r):
            r.fields.isEmpty ? "[:]" : "[" + r.fields.map { "\(Value.fieldName($0.name)): \($0.value.description)" }.joined(separator: ", ") + "]"
        case .function(let f): "<func \(f.name)(\(f.parameterNames.joined(separator: ", ")))>"
        case .handle(let h): h.summary
        }
    }

    /// What `print` shows: strings without quotes, other values as `description`.
    public var displayText: String {
        if case .string(let s) = self { return s }
        return description
    }

    /// The name of the value's type in messages: Number, String, Bool, Nil, List, Record, Function,
    /// or the capitalised kind of a handle ("Dataset").
    public var typeName: String {
        switch self {
        case .number: "Number"
        case .string: "String"
        case .bool: "Bool"
        case .null: "Nil"
        case .list: "List"
        case .record: "Record"
        case .function: "Function"
        case .handle(let h): h.kind.isEmpty ? "Handle" : h.kind.prefix(1).uppercased() + h.kind.dropFirst()
        }
    }

    /// Integral numbers print without a fraction (`8`, `-3`); others in the shortest form that reads
    /// back exactly (`0.001`, `6.25e-07`).
    static func format(_ x: Double) -> String {
        if x == x.rounded(), Swift.abs(x) < 1e16 { return String(Int64(x)) }
        return String(x)
    }

    /// A string literal that reads back as `s`.
    /// A record field name as source: bare when it is an identifier, quoted otherwise (`"Unnamed: 0"`).
    static func fieldName(_ name: String) -> String {
        let scalars = Array(name.unicodeScalars)
        let isIdentifier = !scalars.isEmpty && Scanner.isIdentifierStart(scalars[0])
            && scalars.dropFirst().allSatisfy(Scanner.isIdentifierPart) && Token.keywords[name] == nil
        return isIdentifier ? name : quote(name)
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\0": out += "\\0"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }
}

/// Deep equality: numbers by value, lists element-wise, records by field names and values (in any
/// order), handles and functions by identity.
extension Value: Equatable {
    public static func == (lhs: Value, rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.null, .null): return true
        case (.list(let a), .list(let b)): return a == b
        case (.record(let a), .record(let b)):
            guard a.fields.count == b.fields.count else { return false }
            return a.fields.allSatisfy { field in b[field.name].map { $0 == field.value } ?? false }
        case (.function(let a), .function(let b)): return a === b
        case (.handle(let a), .handle(let b)): return a === b
        default: return false
        }
    }
}

extension Record: Equatable {
    /// Records are equal when they hold the same fields with equal values, in any order.
    public static func == (lhs: Record, rhs: Record) -> Bool { Value.record(lhs) == Value.record(rhs) }
}
