/// A script parameter: `param quick = false` at the top level of a script, overridable with
/// `smol run --set quick=true`. `smol check` and `smol help FILE.smol` list them.
public struct ScriptParameter: Equatable, CustomStringConvertible {
    /// The global's name.
    public var name: String
    /// The literal default.
    public var defaultValue: Value
    /// The 1-based line of the declaration.
    public var line: Int

    public init(name: String, defaultValue: Value, line: Int) {
        self.name = name
        self.defaultValue = defaultValue
        self.line = line
    }

    /// `quick = false  (line 3)`.
    public var description: String { "\(name) = \(defaultValue.description)  (line \(line))" }

    /// The parameters `source` declares, in order; empty when it does not parse (`check` reports why).
    public static func declared(in source: String) -> [ScriptParameter] {
        let scalars = Array(source.unicodeScalars)
        var scanner = Scanner(scalars, file: 0)
        let tokens = scanner.scanTokens()
        guard let program = try? Parser(tokens: tokens, source: scalars, file: 0, maxNesting: Limits().maxNesting).program() else {
            return []
        }
        return program.compactMap { statement in
            guard case .declaration(let d) = statement, d.isParameter,
                  let value = CommandBinding.literalValue(d.initializer) else { return nil }
            return ScriptParameter(name: d.name, defaultValue: value, line: d.loc.line)
        }
    }
}
