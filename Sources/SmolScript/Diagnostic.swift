/// A compile or runtime error at a place in a script, printed as
/// `file:line:col: error: message`, the source line, and a caret under the column.
public struct Diagnostic: Error, CustomStringConvertible, Equatable {
    public var location: SourceLocation
    /// What went wrong and, where it helps, how to fix it (a did-you-mean is part of the message).
    public var message: String
    /// The text of the line the location points into, without its newline.
    public var sourceLine: String
    /// Extra lines printed after the caret, each as `note: …`.
    public var notes: [String]

    /// Makes a diagnostic from its parts.
    public init(location: SourceLocation, message: String, sourceLine: String, notes: [String] = []) {
        self.location = location
        self.message = message
        self.sourceLine = sourceLine
        self.notes = notes
    }

    /// The full report: location line, source line, caret, then notes.
    public var description: String {
        var lines = ["\(location): error: \(message)"]
        if !sourceLine.isEmpty || location.column > 1 {
            lines.append(sourceLine)
            // Keep tabs so the caret lines up under the source however tabs are displayed.
            let prefix = sourceLine.unicodeScalars.prefix(max(0, location.column - 1)).map { $0 == "\t" ? "\t" : " " }
            let padding = String(prefix.joined()) + String(repeating: " ", count: max(0, location.column - 1 - prefix.count))
            lines.append(padding + "^")
        }
        lines += notes.map { "note: \($0)" }
        return lines.joined(separator: "\n")
    }
}

/// Why `Interpreter.run` stopped: compile errors (nothing ran) or one runtime error (what ran before
/// it stays done). Cancellation is a runtime error with the message "cancelled".
public enum ScriptFailure: Error, CustomStringConvertible {
    case compile([Diagnostic])
    case runtime(Diagnostic)

    /// Every diagnostic, one after another.
    public var description: String {
        switch self {
        case .compile(let diagnostics): diagnostics.map(\.description).joined(separator: "\n")
        case .runtime(let diagnostic): diagnostic.description
        }
    }

    /// The diagnostics, in source order for compile errors.
    public var diagnostics: [Diagnostic] {
        switch self {
        case .compile(let diagnostics): diagnostics
        case .runtime(let diagnostic): [diagnostic]
        }
    }
}

/// An error inside the module, located by a `Loc`; becomes a `Diagnostic` through the source table.
struct ScriptError: Error {
    var loc: Loc
    var message: String
    var notes: [String] = []

    init(_ loc: Loc, _ message: String, notes: [String] = []) {
        self.loc = loc
        self.message = message
        self.notes = notes
    }
}

/// One compiled source text: its name and scalars, kept so diagnostics can quote any line later
/// (a REPL function defined in an earlier input can fail in a later one).
final class SourceFile {
    let name: String
    let scalars: [Unicode.Scalar]
    private let lineStarts: [Int]

    init(name: String, text: String) {
        self.name = name
        self.scalars = Array(text.unicodeScalars)
        var starts = [0]
        for (i, c) in scalars.enumerated() where c == "\n" { starts.append(i + 1) }
        self.lineStarts = starts
    }

    /// The text of a 1-based line, without its line break.
    func line(_ number: Int) -> String {
        guard number >= 1, number <= lineStarts.count else { return "" }
        let start = lineStarts[number - 1]
        var end = number < lineStarts.count ? lineStarts[number] - 1 : scalars.count
        if end > start, scalars[end - 1] == "\r" { end -= 1 }
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars[start..<max(start, end)])
        return String(s)
    }
}

extension ScriptError {
    /// The public diagnostic, quoting the source line from `files`.
    func diagnostic(_ files: [SourceFile]) -> Diagnostic {
        let file = loc.file >= 0 && loc.file < files.count ? files[loc.file] : nil
        return Diagnostic(location: SourceLocation(file: file?.name ?? "?", line: loc.line, column: loc.column),
                          message: message, sourceLine: file?.line(loc.line) ?? "", notes: notes)
    }
}
