/// A JSON syntax error at a 1-based line and column (columns count Unicode scalars, not bytes).
public struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based line of the offending character.
    public var line: Int
    /// 1-based column, in Unicode scalars from the start of the line.
    public var column: Int
    /// Byte offset of the offending character in the parsed input.
    public var byteOffset: Int
    /// What is wrong.
    public var reason: String
    /// How to fix it.
    public var hint: String

    /// Creates an error; `hint` says how to fix the input.
    public init(line: Int, column: Int, byteOffset: Int, reason: String, hint: String) {
        self.line = line
        self.column = column
        self.byteOffset = byteOffset
        self.reason = reason
        self.hint = hint
    }

    /// `line:col: error: reason, and how to fix`.
    public var description: String { "\(line):\(column): error: \(reason); \(hint)" }
}
