/// The static type a command parameter accepts or a command returns.
public indirect enum ValueType: Equatable, Sendable, CustomStringConvertible {
    case any
    case number
    /// A number with an integral value.
    case integer
    case string
    case bool
    case list(ValueType)
    case record
    /// A handle of the given kind ("dataset", "model", …); "" accepts any handle.
    case handle(String)
    case function
    /// The type, or nil.
    case optional(ValueType)
    case oneOf([ValueType])
    /// Returned by commands that produce nothing.
    case void

    public var description: String {
        switch self {
        case .any: "Any"
        case .number: "Number"
        case .integer: "Int"
        case .string: "String"
        case .bool: "Bool"
        case .list(let element): "[\(element)]"
        case .record: "Record"
        case .handle(let kind): kind.isEmpty ? "Handle" : kind.prefix(1).uppercased() + kind.dropFirst()
        case .function: "Function"
        case .optional(let wrapped): "\(wrapped)?"
        case .oneOf(let types): types.map(\.description).joined(separator: " | ")
        case .void: "Void"
        }
    }
}

/// One declared parameter of a command.
///
/// Following Swift, a parameter is either positional (`data.load("x.jsonl")`) or labeled
/// (`seed: 1`); positional ones come first, in order.
public struct Parameter: Sendable {
    public var name: String
    public var type: ValueType
    /// Written when the argument is left out; `nil` together with a non-optional type means required.
    public var defaultValue: DefaultValue?
    public var isPositional: Bool
    /// One line for `:help`.
    public var doc: String
    /// The strings a String (or [String]) argument may be; empty when any string goes. Checked by the
    /// resolver for literal arguments and before the command runs for computed ones, and listed in the
    /// declaration (`kind: "line" | "bar" = "line"`).
    public var choices: [String]
    /// Whether free text (anything with a space, newline or brace, such as a Jinja template) is accepted
    /// besides `choices`; a single word must still be one of them.
    public var acceptsFreeText: Bool

    public init(_ name: String, _ type: ValueType, default defaultValue: DefaultValue? = nil,
                positional: Bool = false, choices: [String] = [], acceptsFreeText: Bool = false, doc: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.isPositional = positional
        self.choices = choices
        self.acceptsFreeText = acceptsFreeText
        self.doc = doc
    }

    /// Why `value` is not one of `choices` (with a did-you-mean), or nil when it is, when the parameter
    /// has no choices, or when the value is not a string (types are checked separately).
    public func choiceError(_ value: Value, of signature: CommandSignature) -> String? {
        guard !choices.isEmpty else { return nil }
        let strings: [String]
        switch value {
        case .string(let s): strings = [s]
        case .list(let items): strings = items.compactMap { if case .string(let s) = $0 { s } else { nil } }
        default: return nil
        }
        for text in strings where !choices.contains(text) {
            if acceptsFreeText, text.unicodeScalars.contains(where: { " \n\t{}".unicodeScalars.contains($0) }) { continue }
            let allowed = choices.map { "\"\($0)\"" }.joined(separator: ", ")
            let message = "argument '\(name)' of '\(signature.name)' must be one of \(allowed)\(acceptsFreeText ? " or a template text" : ""), got \"\(text)\""
            guard let guess = DidYouMean.suggestion(for: text, among: choices) else { return message }
            return message + "; did you mean \"\(guess)\"?"
        }
        return nil
    }

    /// The type as a declaration shows it: the choices spelled out for a String parameter that has them.
    var declaredType: String {
        guard !choices.isEmpty else { return type.description }
        let listed = choices.map { "\"\($0)\"" } + (acceptsFreeText ? ["text"] : [])
        switch type {
        case .string: return listed.joined(separator: " | ")
        case .optional(.string): return "(" + listed.joined(separator: " | ") + ")?"
        case .list(.string): return "[" + listed.joined(separator: " | ") + "]"
        default: return type.description
        }
    }

    /// Whether a call must supply this argument.
    public var isRequired: Bool {
        if defaultValue != nil { return false }
        if case .optional = type { return false }
        return true
    }
}

/// A literal default for a parameter (a `Value` is not `Sendable`, so defaults are spelled here).
public enum DefaultValue: Sendable, Equatable, CustomStringConvertible {
    case number(Double)
    case string(String)
    case bool(Bool)
    case null
    case emptyList
    case emptyRecord

    /// The runtime value of the default.
    public var value: Value {
        switch self {
        case .number(let x): .number(x)
        case .string(let s): .string(s)
        case .bool(let b): .bool(b)
        case .null: .null
        case .emptyList: .list([])
        case .emptyRecord: .record(Record())
        }
    }

    public var description: String {
        switch self {
        case .number(let x): x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
        case .string(let s): "\"\(s)\""
        case .bool(let b): String(b)
        case .null: "nil"
        case .emptyList: "[]"
        case .emptyRecord: "[:]"
        }
    }
}

/// The declaration of a command a script can call, e.g. `data.load(path, schema:, …) -> Dataset`.
public struct CommandSignature: Sendable {
    /// Dotted name: "print", "data.load", "report.table".
    public var name: String
    /// One line for `:help` and the README's command reference.
    public var summary: String
    public var parameters: [Parameter]
    public var returns: ValueType
    /// Whether an identical call over identical inputs may be answered from the ledger.
    public var isCacheable: Bool

    public init(_ name: String, summary: String, parameters: [Parameter] = [], returns: ValueType = .void,
                cacheable: Bool = true) {
        self.name = name
        self.summary = summary
        self.parameters = parameters
        self.returns = returns
        self.isCacheable = cacheable
    }

    /// The Swift-like declaration: `data.load(_ path: String, schema: String? = nil) -> Dataset`.
    public var declaration: String {
        let params = parameters.map { p -> String in
            var s = (p.isPositional ? "_ " : "") + "\(p.name): \(p.declaredType)"
            if let d = p.defaultValue { s += " = \(d)" } else if case .optional = p.type { s += " = nil" }
            return s
        }
        let arrow = returns == .void ? "" : " -> \(returns)"
        return "\(name)(\(params.joined(separator: ", ")))\(arrow)"
    }
}
