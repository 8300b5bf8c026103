import SmolCore

/// Everything SmolDatasets can report; messages read `file:line:col: error: what; how to fix`.
public enum DatasetError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A malformed or invalid record at a place in a file.
    case malformed(file: String, line: Int, column: Int, reason: String, hint: String)
    /// The file could not be opened or read.
    case io(path: String, message: String)
    /// The file's schema could not be determined or does not fit.
    case schema(path: String, message: String)
    /// An unknown built-in task name.
    case unknownTask(name: String, known: [String])
    /// An argument outside its allowed range.
    case invalidArgument(String)

    /// `file:line:col: error: reason; hint` (or `path: error: …` without a location); errors without a
    /// place are the bare message, since whoever reports them adds its own `error:` prefix.
    public var description: String {
        switch self {
        case let .malformed(file, line, column, reason, hint): return "\(file):\(line):\(column): error: \(reason); \(hint)"
        case let .io(path, message): return "\(path): error: \(message)"
        case let .schema(path, message): return "\(path): error: \(message)"
        case let .unknownTask(name, known):
            let guess = known.min { editDistance($0, name) < editDistance($1, name) }.map { " (did you mean \"\($0)\"?)" } ?? ""
            return "unknown task \"\(name)\"\(guess); known tasks: \(known.joined(separator: ", "))"
        case let .invalidArgument(message): return message
        }
    }

    /// The 1-based line of a located error.
    public var line: Int? { if case let .malformed(_, line, _, _, _) = self { return line } else { return nil } }
    /// The 1-based column (Unicode scalars) of a located error.
    public var column: Int? { if case let .malformed(_, _, column, _, _) = self { return column } else { return nil } }
    /// The reason of a located error.
    public var reason: String? { if case let .malformed(_, _, _, reason, _) = self { return reason } else { return nil } }
}

/// Levenshtein distance, for did-you-mean suggestions.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...max(b.count, 1) where j <= b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}

/// A problem inside one record, located by JSON Pointer; the reader turns it into a line and column.
struct RecordIssue: Error {
    /// JSON Pointer of the offending value ("" for the whole record).
    var pointer: String
    /// Point at the member's key rather than its value (unknown or duplicate fields).
    var atKey: Bool = false
    var reason: String
    var hint: String
}
