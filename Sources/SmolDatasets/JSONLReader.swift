import Foundation
import SmolCore

/// Reads JSON Lines in a stream: one object per `\n`-terminated line.
///
/// Each line is checked, in order, for: a byte-order mark (line 1), a NUL byte, a CRLF ending, being
/// blank, exceeding the size cap, JSON syntax (via `JSONParser`), not being an object, and a missing
/// final newline (last line only). Every problem is reported with its line and column.
enum JSONLReader {
    /// Calls `body` with batches of lines (see `LineBatch`), in file order.
    static func readBatches(path: String, maxLineBytes: Int, _ body: (LineBatch) throws -> Void) throws {
        var batch = LineBatch()
        try LineReader(path: path, maxLineBytes: maxLineBytes).forEachLine { number, line in
            batch.append(number, line)
            if batch.isFull {
                try body(batch)
                batch.removeAll()
            }
            return true
        }
        if !batch.isEmpty { try body(batch) }
    }

    /// The outcome of one batch entry (`bytes` is its line).
    static func outcome(_ entry: LineBatch.Entry, _ bytes: UnsafeBufferPointer<UInt8>, maxLineBytes: Int) -> RawOutcome {
        switch entry {
        case let .overlong(number, seen):
            return .problem(line: number, column: 1, reason: "line is longer than the cap of \(maxLineBytes) bytes (\(seen)+ bytes)",
                            hint: "raise the cap with data.load(…, max_line_bytes: \(max(2 * maxLineBytes, seen + 1))), or check the file really is one record per line")
        case let .text(number, _, _, endsWithNewline):
            return outcome(bytes, number: number, endsWithNewline: endsWithNewline)
        }
    }

    static func outcome(_ bytes: UnsafeBufferPointer<UInt8>, number: Int, endsWithNewline: Bool) -> RawOutcome {
        func column(_ offset: Int) -> Int { JSONParser.column(of: offset, lineStart: 0, in: bytes) }
        if number == 1 && bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            return .problem(line: 1, column: 1, reason: "byte-order mark (EF BB BF) at the start of the file",
                            hint: "save the file as UTF-8 without a BOM (e.g. `sed -i '1s/^\\xEF\\xBB\\xBF//' FILE`)")
        }
        if let base = bytes.baseAddress, let hit = memchr(base, 0, bytes.count) {
            let nul = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) - base
            return .problem(line: number, column: column(nul), reason: "NUL byte (0x00)",
                            hint: "remove it; NUL bytes usually mean a binary or corrupted file")
        }
        if bytes.last == 0x0D {
            return .problem(line: number, column: column(bytes.count - 1), reason: "CRLF line ending",
                            hint: "convert the file to LF line endings (e.g. `dos2unix FILE` or `sed -i 's/\\r$//' FILE`)")
        }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
            return .problem(line: number, column: 1, reason: "blank line", hint: "delete the empty line; JSONL has one object per line")
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes, firstLine: number)
        } catch let error as JSONError {
            return .problem(line: error.line, column: error.column, reason: error.reason, hint: error.hint)
        } catch {
            return .problem(line: number, column: 1, reason: "\(error)", hint: "check the line")
        }
        guard case .object = value else {
            let first = bytes.firstIndex { $0 != 0x20 && $0 != 0x09 } ?? 0
            return .problem(line: number, column: column(first), reason: "expected a JSON object, found \(value.typeName == "array" ? "an" : "a") \(value.typeName)",
                            hint: "write one {…} object per line")
        }
        if !endsWithNewline {
            return .problem(line: number, column: column(bytes.count), reason: "the last line has no final newline",
                            hint: "append a newline (`echo >> FILE`); a missing newline often means the file was cut off")
        }
        // Positions are only needed to report a problem, so they are found by parsing the line again then.
        return .record(RawRecord(value: value, jsonLine: bytes, number: number))
    }
}
