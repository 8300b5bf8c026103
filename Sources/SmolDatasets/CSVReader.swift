import Foundation
import SmolCore

/// Reads RFC 4180 CSV with a header row: quoted fields, doubled quotes, embedded newlines, CRLF or LF.
///
/// Each row becomes an object of strings keyed by the header. Reported problems: a byte-order mark,
/// NUL bytes, invalid UTF-8, a blank line, an unterminated quoted field (truncated file), a quote
/// inside an unquoted field, text after a closing quote, a lone carriage return, a duplicate or
/// empty header name, and a row whose field count differs from the header's. A last row without a
/// line break is valid CSV (RFC 4180 §2.2) and is accepted.
///
/// A problem inside a data row (including a stray quote, NUL or invalid UTF-8) is reported for that
/// row, which is then skipped up to the next line break outside quotes, so `skipInvalid` keeps going;
/// a BOM, a broken header or a quote never closed stops the load.
enum CSVReader {
    struct Field { var text: String; var line: Int; var column: Int }

    static func read(path: String, _ body: (RawOutcome) throws -> Void) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DatasetError.io(path: path, message: "cannot read the file; check the path and permissions")
        }
        let bytes = [UInt8](data)
        try bytes.withUnsafeBufferPointer { buffer in try read(buffer, body) }
    }

    static func read(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (RawOutcome) throws -> Void) throws {
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            try body(.fatal(line: 1, column: 1, reason: "byte-order mark (EF BB BF) at the start of the file",
                              hint: "save the file as UTF-8 without a BOM (spreadsheet programs add one on \"CSV UTF-8\" export)"))
            return
        }
        var scanner = Scanner(bytes: bytes)
        var header: [Field] = []
        while scanner.i < bytes.count {
            let rowLine = scanner.line, rowStart = scanner.i, rowLineStart = scanner.lineStart
            let row: [Field]
            do {
                row = try scanner.row()
            } catch let problem as Problem {
                // A broken header, or a quote that is never closed, leaves nothing to resynchronise on.
                guard !problem.fatal && !header.isEmpty else {
                    try body(.fatal(line: problem.line, column: problem.column, reason: problem.reason, hint: problem.hint))
                    return
                }
                scanner.resynchronise(from: problem.resumeAt)
                try body(.problem(line: problem.line, column: problem.column, reason: problem.reason, hint: problem.hint))
                continue
            }
            if let bad = byteProblem(in: bytes, rowStart..<scanner.i, line: rowLine, lineStart: rowLineStart) {
                if header.isEmpty {
                    try body(.fatal(line: bad.line, column: bad.column, reason: bad.reason, hint: bad.hint))
                    return
                }
                try body(.problem(line: bad.line, column: bad.column, reason: bad.reason, hint: bad.hint))
                continue
            }
            if row.count == 1 && row[0].text.isEmpty && !scanner.lastFieldQuoted {
                try body(.problem(line: rowLine, column: 1, reason: "blank line", hint: "delete the empty line"))
                continue
            }
            if header.isEmpty {
                var firstByName: [String: Field] = [:]  // a dictionary: a linear search per column was quadratic
                for field in row {
                    if field.text.isEmpty {
                        try body(.fatal(line: field.line, column: field.column, reason: "empty column name in the header", hint: "name every column"))
                        return
                    }
                    if let first = firstByName[field.text] {
                        try body(.fatal(line: field.line, column: field.column, reason: "duplicate key \"\(field.text)\" in the header (first at column \(first.column))",
                                          hint: "give each column a distinct name"))
                        return
                    }
                    firstByName[field.text] = field
                }
                header = row
                continue
            }
            guard row.count == header.count else {
                try body(.problem(line: rowLine, column: 1, reason: "row has \(row.count) fields, the header has \(header.count)",
                                  hint: "quote fields that contain commas, or add the missing fields"))
                continue
            }
            let value = JSONValue.object(zip(header, row).map { (key: $0.text, value: .string($1.text)) })
            let names = header.map(\.text)
            try body(.record(RawRecord(value: value, line: rowLine, locate: { pointer, _ in
                let name = pointer.split(separator: "/").first.map(String.init) ?? ""
                if let k = names.firstIndex(of: name) { return (row[k].line, row[k].column) }
                return (rowLine, 1)
            }, fromCSV: true)))
        }
    }

    /// A problem in one row: where it is, and where reading can resume (the row is skipped up to the next
    /// line end outside quotes); `fatal` when there is nothing left to resume on.
    struct Problem: Error { var line: Int; var column: Int; var reason: String; var hint: String; var resumeAt = 0; var fatal = false }

    /// The first NUL byte or invalid UTF-8 sequence in one row's bytes, located by line and column.
    static func byteProblem(in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, line: Int, lineStart: Int) -> Problem? {
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        let nul = slice.firstIndex(of: 0)
        let invalid = UTF8Check.firstInvalid(in: slice)
        guard let offset = [nul, invalid].compactMap({ $0 }).min() else { return nil }
        var at = (line: line, lineStart: lineStart)
        for k in range.lowerBound..<(range.lowerBound + offset) where bytes[k] == 0x0A { at = (at.line + 1, k + 1) }
        let column = JSONParser.column(of: range.lowerBound + offset, lineStart: at.lineStart, in: bytes)
        if offset == nul {
            return Problem(line: at.line, column: column, reason: "NUL byte (0x00)", hint: "remove it; NUL bytes usually mean a binary or corrupted file")
        }
        return Problem(line: at.line, column: column, reason: "invalid UTF-8 (byte 0x\(String(slice[offset], radix: 16, uppercase: true)))",
                       hint: "re-encode the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)")
    }

    struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0
        var line = 1
        var lineStart = 0
        var lastFieldQuoted = false

        /// Columns counted on along the current line (`ColumnCounter`).
        var columns = ColumnCounter()

        /// 1-based column (in Unicode scalars) of byte `offset`, on the current line.
        mutating func column(_ offset: Int) -> Int { columns.column(at: offset, lineStart: lineStart, in: bytes) }

        /// Skips the rest of a broken row: from `offset` to the next line break outside quotes.
        mutating func resynchronise(from offset: Int) {
            i = offset
            var quoted = false
            while i < bytes.count {
                let b = bytes[i]
                i += 1
                if b == UInt8(ascii: "\"") { quoted.toggle() }
                if b == 0x0A {
                    line += 1; lineStart = i
                    if !quoted { return }
                }
            }
        }

        /// Reads one row up to and including its line break (or the end of the file).
        mutating func row() throws -> [Field] {
            var fields: [Field] = []
            while true {
                fields.append(try field())
                if i >= bytes.count { return fields }
                switch bytes[i] {
                case UInt8(ascii: ","): i += 1
                case 0x0A: i += 1; line += 1; lineStart = i; return fields
                case 0x0D:
                    guard i + 1 < bytes.count, bytes[i + 1] == 0x0A else {
                        throw Problem(line: line, column: column(i), reason: "carriage return without a line feed", hint: "use CRLF or LF line endings",
                                      resumeAt: i + 1)
                    }
                    i += 2; line += 1; lineStart = i; return fields
                default:
                    throw Problem(line: line, column: column(i), reason: "unexpected character after a closing quote",
                                  hint: "a quoted field must be followed by a comma or a line break", resumeAt: i)
                }
            }
        }

        mutating func field() throws -> Field {
            let startLine = line, startColumn = column(i)
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
                lastFieldQuoted = false
                let start = i
                while i < bytes.count, bytes[i] != UInt8(ascii: ","), bytes[i] != 0x0A, bytes[i] != 0x0D {
                    if bytes[i] == UInt8(ascii: "\"") {
                        throw Problem(line: line, column: column(i), reason: "quote inside an unquoted field",
                                      hint: "enclose the field in quotes and double the inner quotes (\"\")", resumeAt: i + 1)
                    }
                    i += 1
                }
                return Field(text: String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self), line: startLine, column: startColumn)
            }
            lastFieldQuoted = true
            let open = i
            i += 1
            var text: [UInt8] = []
            while true {
                guard i < bytes.count else {
                    throw Problem(line: startLine, column: startColumn, reason: "truncated input: the quoted field opened here is never closed",
                                  hint: "close the quote; the file may be cut off (opened at byte \(open))", fatal: true)
                }
                let b = bytes[i]
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") { text.append(b); i += 2; continue }
                    i += 1
                    return Field(text: String(decoding: text, as: UTF8.self), line: startLine, column: startColumn)
                }
                text.append(b)
                i += 1
                if b == 0x0A { line += 1; lineStart = i }
            }
        }
    }
}
