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
            let (excerpt, padding) = Diagnostic.excerpt(of: sourceLine, caretAt: location.column)
            lines.append(excerpt)
            lines.append(padding + "^")
        }
        lines += notes.map { "note: \($0)" }
        return lines.joined(separator: "\n")
    }
}

extension Diagnostic {
    /// How many terminal columns a quoted source line may take; longer lines are cut around the caret.
    static let excerptWidth = 120

    /// The part of `line` to quote (all of it when it fits in `excerptWidth` columns, else a window
    /// around the caret with "…" where text was cut) and the padding that puts a caret under scalar
    /// `column` (1-based): tabs are kept, wide characters (CJK, emoji) count two columns, combining
    /// marks none.
    static func excerpt(of line: String, caretAt column: Int) -> (text: String, padding: String) {
        let scalars = Array(line.unicodeScalars)
        let caret = max(0, column - 1)
        var start = 0
        var end = scalars.count
        let total = scalars.reduce(0) { $0 + displayWidth($1) }
        if total > excerptWidth {
            // Take about half the width before the caret, then fill the rest after it.
            var width = 0
            start = min(caret, scalars.count)
            while start > 0, width + displayWidth(scalars[start - 1]) <= excerptWidth / 2 {
                start -= 1
                width += displayWidth(scalars[start])
            }
            end = start
            width = 0
            while end < scalars.count, width + displayWidth(scalars[end]) <= excerptWidth {
                width += displayWidth(scalars[end])
                end += 1
            }
        }
        var text = String.UnicodeScalarView()
        var padding = ""
        if start > 0 {
            text.append("…")
            padding += " "
        }
        text.append(contentsOf: scalars[start..<end])
        if end < scalars.count { text.append("…") }
        for scalar in scalars[start..<min(caret, scalars.count)] {
            padding += scalar == "\t" ? "\t" : String(repeating: " ", count: displayWidth(scalar))
        }
        padding += String(repeating: " ", count: max(0, caret - scalars.count))
        return (String(text), padding)
    }

    /// Terminal columns of one scalar: 2 for East Asian wide and fullwidth characters and emoji shown
    /// as pictures, 0 for combining marks, format and control characters, else 1. A copy of
    /// `SmolCore.DisplayWidth.of(_:)` (this module depends on nothing of ours); a SmolKit test holds
    /// the two equal for every scalar.
    public static func displayWidth(_ scalar: Unicode.Scalar) -> Int {
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: break
        }
        if properties.isEmojiPresentation { return 2 }
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
             0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
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
