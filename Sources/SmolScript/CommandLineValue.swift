/// Values and names given on the command line (`smol run --set NAME=VALUE`), read with SmolScript's
/// own literal syntax so that a value means the same on the command line as in a script.
extension Value {
    /// Why a `--set` value or name was refused.
    public struct CommandLineError: Error, CustomStringConvertible {
        /// What is wrong and how to write it instead.
        public var description: String
    }

    /// Reads a `--set` value: a SmolScript literal (`3e-4`, `-2`, `"text"`, `true`, `false`, `nil`, or a
    /// list or record of literals such as `[1, 2]` or `[lr: 0.1]`). Other text is taken as a string when
    /// it cannot be mistaken for a literal (`name=tiny`, `path=data/train.jsonl`); text that starts like
    /// a number, a string or a list but is not one (`0x10`, `1e400`, `[1,`) is an error.
    public static func commandLine(_ text: String) throws(CommandLineError) -> Value {
        if let value = literal(text) { return value }
        guard let first = text.unicodeScalars.first else { return .string("") }
        if Scanner.isDigit(first) || "-+.[\"'(".unicodeScalars.contains(first) {
            throw CommandLineError(description: "'\(text)' is not a SmolScript value; write a number (16, 3e-4), a quoted string (\"text\"), true, false, nil, or a list or record of them ([1, 2], [lr: 0.1])")
        }
        return .string(text)
    }

    /// Why `name` cannot be given on the command line, or nil when it can: it must be an identifier
    /// that is not a keyword, a built-in function, a command or a command namespace.
    public static func commandLineNameError(_ name: String, commandNames: [String]) -> String? {
        let scalars = Array(name.unicodeScalars)
        guard let first = scalars.first, Scanner.isIdentifierStart(first), scalars.allSatisfy(Scanner.isIdentifierPart) else {
            return "'\(name)' is not a name; use letters, digits and '_', not starting with a digit (e.g. --set learning_rate=3e-4)"
        }
        if Token.keywords[name] != nil { return "'\(name)' is a keyword; choose another name" }
        if Builtin(rawValue: name) != nil { return "'\(name)' is a built-in function; choose another name" }
        if commandNames.contains(name) { return "'\(name)' is a command; choose another name" }
        if commandNames.contains(where: { $0.hasPrefix(name + ".") }) {
            return "'\(name)' is a command namespace (\(name).…); choose another name"
        }
        return nil
    }

    /// The value of `text` when it is exactly one literal, else nil.
    private static func literal(_ text: String) -> Value? {
        let scalars = Array(text.unicodeScalars)
        var scanner = Scanner(scalars, file: 0)
        let tokens = scanner.scanTokens()
        guard !tokens.contains(where: { $0.kind == .error || $0.kind == .newline }) else { return nil }
        let parser = Parser(tokens: tokens, source: scalars, file: 0, maxNesting: Limits().maxNesting)
        guard let expr = try? parser.expression(), parser.check(.eof) else { return nil }
        return literalValue(expr)
    }

    private static func literalValue(_ expr: Expr) -> Value? {
        switch expr {
        case .literal(let value, _):
            if case .number(let x) = value, !x.isFinite { return nil }
            return value
        case .list(let elements, _):
            var values: [Value] = []
            for element in elements {
                guard let value = literalValue(element) else { return nil }
                values.append(value)
            }
            return .list(values)
        case .record(let fields, _):
            var record = Record()
            for field in fields {
                guard let value = literalValue(field.value) else { return nil }
                record.fields.append((field.name, value))
            }
            return .record(record)
        default:
            return nil
        }
    }
}
