/// How values print: `description` is the REPL's echo (strings quoted), `displayText` what `print`
/// writes (a top-level string raw, everything else as its description).
extension Value: CustomStringConvertible {
    /// The value as source-like text: `8`, `0.001`, `"text"`, `[1, 2]`, `[lr: 0.001, batch: 8]`, `[:]`.
    /// Text longer than `Limits().maxStringLength` scalars is cut there and ends in "…" (a value that
    /// shares its parts can be far larger written out than in memory).
    public var description: String {
        Value.truncated(self, quoteStrings: true)
    }

    /// What `print` shows: strings without quotes, other values as `description`.
    public var displayText: String {
        if case .string(let s) = self { return s }
        return description
    }

    /// The text of `description` (or of `displayText` when `quoteStrings` is false), or nil as soon as it
    /// would pass `limit` Unicode scalars. Walks the value with an explicit stack, so neither deep
    /// nesting nor sharing can crash or hang it.
    public static func write(_ value: Value, quoteStrings: Bool, limit: Int) -> String? {
        var writer = TextWriter(limit: limit)
        return writer.write(value, quoteStrings: quoteStrings) ? writer.out : nil
    }

    static let defaultTextLimit = Limits().maxStringLength

    /// The text, written once: whole when it fits `defaultTextLimit`, else cut there with "…".
    private static func truncated(_ value: Value, quoteStrings: Bool) -> String {
        var writer = TextWriter(limit: defaultTextLimit)
        return writer.write(value, quoteStrings: quoteStrings) ? writer.out : writer.out + "…"
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
/// order), handles and functions by identity. Collections that share storage are equal without a walk
/// (as Swift arrays are), and each pair of collections is compared once, so shared parts cost nothing.
extension Value: Equatable {
    public static func == (lhs: Value, rhs: Value) -> Bool {
        var budget = Int.max
        return equal(lhs, rhs, budget: &budget) ?? false
    }

    /// Whether two values are equal, or nil when comparing them would visit more than `budget`
    /// collections (each visit spends one).
    static func equal(_ lhs: Value, _ rhs: Value, budget: inout Int) -> Bool? {
        var pending: [(Value, Value)] = [(lhs, rhs)]
        var compared = Set<Pair>()
        while let (a, b) = pending.popLast() {
            switch (a, b) {
            case (.number(let x), .number(let y)): if x != y { return false }
            case (.string(let x), .string(let y)): if x != y { return false }
            case (.bool(let x), .bool(let y)): if x != y { return false }
            case (.null, .null): continue
            case (.function(let x), .function(let y)): if x !== y { return false }
            case (.handle(let x), .handle(let y)): if x !== y { return false }
            case (.list(let xs), .list(let ys)):
                guard xs.count == ys.count else { return false }
                guard let pair = Pair(a, b), compared.insert(pair).inserted else { continue }
                budget -= 1
                if budget < 0 { return nil }
                for (x, y) in zip(xs, ys).reversed() { pending.append((x, y)) }
            case (.record(let r), .record(let s)):
                guard r.fields.count == s.fields.count else { return false }
                guard let pair = Pair(a, b), compared.insert(pair).inserted else { continue }
                budget -= 1
                if budget < 0 { return nil }
                for field in r.fields.reversed() {
                    guard let other = s[field.name] else { return false }
                    pending.append((field.value, other))
                }
            default:
                return false
            }
        }
        return true
    }

    /// Two collections' storage identities; nil when both share storage (they are equal) or are empty.
    private struct Pair: Hashable {
        let left: UInt, right: UInt
        init?(_ a: Value, _ b: Value) {
            guard let l = a.storageIdentity, let r = b.storageIdentity, l != r else { return nil }
            (left, right) = (l, r)
        }
    }
}

extension Record: Equatable {
    /// Records are equal when they hold the same fields with equal values, in any order.
    public static func == (lhs: Record, rhs: Record) -> Bool { Value.record(lhs) == Value.record(rhs) }
}

/// Writes values as text with an explicit stack of open collections, stopping at a length limit.
private struct TextWriter {
    private enum Open {
        case list([Value], next: Int)
        case record([(name: String, value: Value)], next: Int)
    }

    let limit: Int
    var out = ""
    private var count = 0
    private var open: [Open] = []

    init(limit: Int) { self.limit = limit }

    /// Appends `text`, or as much of it as fits and returns false when it does not all fit.
    private mutating func emit(_ text: String) -> Bool {
        let n = text.unicodeScalars.count
        if count + n > limit {
            out.unicodeScalars.append(contentsOf: text.unicodeScalars.prefix(max(0, limit - count)))
            count = limit
            return false
        }
        count += n
        out += text
        return true
    }

    /// Writes a scalar, or opens a collection; false when the limit is reached.
    private mutating func start(_ value: Value) -> Bool {
        switch value {
        case .list(let xs):
            if xs.isEmpty { return emit("[]") }
            open.append(.list(xs, next: 0))
            return emit("[")
        case .record(let r):
            if r.fields.isEmpty { return emit("[:]") }
            open.append(.record(r.fields, next: 0))
            return emit("[")
        case .number(let x): return emit(Value.format(x))
        case .string(let s): return emit(Value.quote(s))
        case .bool(let b): return emit(b ? "true" : "false")
        case .null: return emit("nil")
        case .function(let f): return emit("<func \(f.name)(\(f.parameterNames.joined(separator: ", ")))>")
        case .handle(let h): return emit(h.summary)
        }
    }

    /// Writes the whole value; false when it was cut at the limit.
    mutating func write(_ value: Value, quoteStrings: Bool) -> Bool {
        if !quoteStrings, case .string(let s) = value { return emit(s) }
        guard start(value) else { return false }
        while let top = open.last {
            switch top {
            case .list(let xs, let next):
                if next == xs.count {
                    open.removeLast()
                    guard emit("]") else { return false }
                    continue
                }
                open[open.count - 1] = .list(xs, next: next + 1)
                if next > 0 { guard emit(", ") else { return false } }
                guard start(xs[next]) else { return false }
            case .record(let fields, let next):
                if next == fields.count {
                    open.removeLast()
                    guard emit("]") else { return false }
                    continue
                }
                open[open.count - 1] = .record(fields, next: next + 1)
                guard emit((next > 0 ? ", " : "") + Value.fieldName(fields[next].name) + ": ") else { return false }
                guard start(fields[next].value) else { return false }
            }
        }
        return true
    }
}
