import Foundation
import SmolCore

/// Renders evaluated tables as Markdown, LaTeX (booktabs) and CSV (RFC 4180), byte-deterministically.
///
/// Numbers in Markdown and LaTeX (`number`): an integer with |v| < 1e15 exactly (`26442528`); else four
/// decimal places with trailing zeros trimmed when 0.001 ≤ |v| < 1e6 (`0.1235`, `-12.5`); otherwise
/// four significant digits in scientific form (`1.235e-05`, `2.500e+06`); `0` for zero, `nan`, `inf`,
/// `-inf`. CSV carries full precision (`fullPrecision`: the shortest text that reads back as the same
/// double). An empty cell is empty in Markdown and CSV and `--` in LaTeX. Labels never break a row:
/// Markdown escapes `|` and writes line breaks as `<br>`; LaTeX writes them as spaces.
public enum ReportRenderer {
    /// The fixed text form of a cell value.
    public static func number(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if let integer = exactInteger(value) { return integer }
        if magnitude >= 0.001 && magnitude < 1e6 {
            var text = String(format: "%.4f", value)
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
            return text == "-0" ? "0" : text
        }
        return String(format: "%.3e", value)
    }

    /// The shortest decimal text that reads back as the same double (integers below 1e15 without `.0`).
    public static func fullPrecision(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return exactInteger(value) ?? value.description
    }

    /// An integral value with |v| < 1e15 as integer text, else nil.
    static func exactInteger(_ value: Double) -> String? {
        guard value.rounded(.towardZero) == value, abs(value) < 1e15 else { return nil }
        return String(Int64(value))
    }

    /// A label as one Markdown cell: `|` escaped, line breaks as `<br>`.
    static func markdownCell(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "|": out += "\\|"
            case "\n", "\r", "\r\n", "\u{2028}", "\u{2029}", "\u{85}": out += "<br>"
            default: out.append(ch)
            }
        }
        return out
    }

    /// A GitHub-flavoured Markdown table; numeric columns right-aligned.
    public static func markdown(_ table: ReportTable) -> String {
        func cell(_ s: String) -> String { markdownCell(s) }
        var lines = ["| " + ([table.rowHeader] + table.columnKeys).map(cell).joined(separator: " | ") + " |"]
        lines.append("| --- |" + String(repeating: " ---: |", count: table.columnKeys.count))
        for (row, key) in table.rowKeys.enumerated() {
            let values = table.cells[row].map { $0.map(number) ?? "" }
            lines.append("| " + ([cell(key)] + values).joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A LaTeX `tabular` with booktabs rules; text escaped for LaTeX.
    public static func latex(_ table: ReportTable) -> String {
        var lines = ["\\begin{tabular}{l" + String(repeating: "r", count: table.columnKeys.count) + "}", "\\toprule"]
        lines.append(([table.rowHeader] + table.columnKeys).map(escapeLaTeX).joined(separator: " & ") + " \\\\")
        lines.append("\\midrule")
        for (row, key) in table.rowKeys.enumerated() {
            let values = table.cells[row].map { $0.map(number) ?? "--" }
            lines.append(([escapeLaTeX(key)] + values).joined(separator: " & ") + " \\\\")
        }
        lines += ["\\bottomrule", "\\end{tabular}"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// CSV per RFC 4180: CRLF line ends, fields with `,` `"` CR or LF quoted, quotes doubled; values at
    /// full precision (`fullPrecision`).
    public static func csv(_ table: ReportTable) -> String {
        var lines = [([table.rowHeader] + table.columnKeys).map(csvField).joined(separator: ",")]
        for (row, key) in table.rowKeys.enumerated() {
            lines.append(([csvField(key)] + table.cells[row].map { $0.map(fullPrecision) ?? "" }).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Writes `name.md`, `name.tex` and `name.csv` for every table atomically; returns the paths written.
    public static func write(tables: [ReportTable], to directory: String) throws -> [String] {
        var written: [String] = []
        for table in tables {
            try validateFileName(table.name)
            for (ext, text) in [("md", markdown(table)), ("tex", latex(table)), ("csv", csv(table))] {
                let path = directory + "/" + table.name + "." + ext
                do {
                    try AtomicFile.write(Array(text.utf8), to: path)
                } catch {
                    throw LedgerError.io(path: path, reason: "cannot write the table (\(error.localizedDescription)); check the folder")
                }
                written.append(path)
            }
        }
        return written
    }

    /// Escapes LaTeX's special characters.
    public static func escapeLaTeX(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "\\": out += "\\textbackslash{}"
            case "&", "%", "$", "#", "_", "{", "}": out += "\\" + String(ch)
            case "~": out += "\\textasciitilde{}"
            case "^": out += "\\textasciicircum{}"
            case "\n", "\r", "\r\n", "\u{2028}", "\u{2029}", "\u{85}": out += " "   // a blank line would end the tabular
            default: out.append(ch)
            }
        }
        return out
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func validateFileName(_ name: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
        guard let first = name.first, first != ".", first != "-", name.allSatisfy({ allowed.contains($0) }) else {
            throw LedgerError.invalidName(name, reason: "table names may use letters, digits, '_', '.' and '-' and must not start with '.' or '-'")
        }
    }
}
