import Foundation

/// A `.smol` script cut into notebook cells: a cell is a run of lines that ends at a blank line outside
/// any bracket or string; the comment lines that open a cell become its Markdown, the rest its code.
struct NotebookCell {
    /// The text of the cell's leading comment lines, without their `#` (nil when it has none).
    var markdown: String?
    /// The cell's code (empty for a comment-only cell).
    var code: String
    /// The 1-based line of the cell's first code line in the script.
    var firstCodeLine: Int

    /// The cells of `source`, in order; a `#!` first line is dropped.
    static func split(_ source: String) -> [NotebookCell] {
        var lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var lineNumber = 1
        if lines.first?.hasPrefix("#!") == true { lines.removeFirst(); lineNumber = 2 }
        var cells: [NotebookCell] = []
        var comments: [String] = [], code: [String] = [], codeStart = 0
        var depth = 0, inString = false
        func flush() {
            if comments.isEmpty && code.isEmpty { return }
            let markdown = comments.isEmpty ? nil : comments.joined(separator: "\n")
            cells.append(NotebookCell(markdown: markdown, code: code.joined(separator: "\n"), firstCodeLine: codeStart))
            comments = []; code = []
        }
        for line in lines {
            defer { lineNumber += 1 }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty && depth == 0 && !inString {
                flush()
                continue
            }
            if code.isEmpty && depth == 0 && trimmed.hasPrefix("#") {
                comments.append(String(trimmed.dropFirst()).trimmingCharacters(in: .whitespaces))
                continue
            }
            if code.isEmpty { codeStart = lineNumber }
            code.append(line)
            scan(line, depth: &depth, inString: &inString)
        }
        flush()
        return cells
    }

    /// Tracks bracket depth and open strings across a line (a `#` outside strings starts a comment).
    private static func scan(_ line: String, depth: inout Int, inString: inout Bool) {
        var escaped = false
        for character in line {
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
                continue
            }
            switch character {
            case "\"": inString = true
            case "#": return
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth = max(0, depth - 1)
            default: break
            }
        }
    }
}
