import Testing
@testable import SmolDatasets

private let good = "{\"text\": \"ok\"}\n"

/// Asserts that loading `body` (after one good line) fails at `line`:`column` with a reason containing `reason`.
private func expectError(_ bytes: [UInt8], line: Int, column: Int, reason: String, schema: Schema? = .text,
                         maxLineBytes: Int = 16 << 20, sourceLocation: SourceLocation = #_sourceLocation) {
    let error = loadError(writeTemp(bytes), schema: schema, maxLineBytes: maxLineBytes)
    #expect(error?.line == line, "line", sourceLocation: sourceLocation)
    #expect(error?.column == column, "column", sourceLocation: sourceLocation)
    #expect(error?.reason?.contains(reason) == true, "reason: \(String(describing: error))", sourceLocation: sourceLocation)
}
private func expectError(_ text: String, line: Int, column: Int, reason: String, schema: Schema? = .text,
                         maxLineBytes: Int = 16 << 20, sourceLocation: SourceLocation = #_sourceLocation) {
    expectError(Array(text.utf8), line: line, column: column, reason: reason, schema: schema, maxLineBytes: maxLineBytes, sourceLocation: sourceLocation)
}

@Test func truncatedObject() { expectError(good + "{\"text\": \"a\n", line: 2, column: 12, reason: "truncated") }
@Test func trailingComma() { expectError(good + "{\"text\": \"a\",}\n", line: 2, column: 13, reason: "trailing comma") }
@Test func invalidUTF8() {
    expectError(Array((good + "{\"text\": \"é").utf8) + [0xFF] + Array("\"}\n".utf8), line: 2, column: 12, reason: "invalid UTF-8")
}
@Test func byteOrderMark() { expectError([0xEF, 0xBB, 0xBF] + Array(good.utf8), line: 1, column: 1, reason: "byte-order mark") }
@Test func crlfLineEnding() { expectError(good + "{\"text\": \"a\"}\r\n", line: 2, column: 14, reason: "CRLF") }
@Test func blankLine() { expectError(good + "\n" + good, line: 2, column: 1, reason: "blank line") }
@Test func missingRequiredField() { expectError(good + "{\"body\": \"x\"}\n", line: 2, column: 1, reason: "missing required field \"text\"") }
@Test func wrongType() { expectError(good + "{\"text\": 5}\n", line: 2, column: 10, reason: "expected a string, found a number") }
@Test func unknownField() { expectError(good + "{\"text\": \"a\", \"extra\": 1}\n", line: 2, column: 15, reason: "unknown field \"extra\"") }
@Test func duplicateKey() { expectError(good + "{\"text\": \"a\", \"text\": \"b\"}\n", line: 2, column: 15, reason: "duplicate key") }
@Test func nanLiteral() { expectError(good + "{\"text\": \"a\", \"meta\": NaN}\n", line: 2, column: 23, reason: "NaN") }
@Test func infinityLiteral() { expectError(good + "{\"x\": -Infinity}\n", line: 2, column: 7, reason: "Infinity") }
@Test func lineOverTheSizeCap() {
    expectError(good + "{\"text\": \"" + String(repeating: "a", count: 100) + "\"}\n" + good, line: 2, column: 1,
                reason: "longer than the cap of 64 bytes", maxLineBytes: 64)
}
@Test func lastLineWithoutNewline() { expectError(good + "{\"text\": \"b\"}", line: 2, column: 14, reason: "no final newline") }
@Test func nulByte() { expectError(good + "{\"text\": \"a\u{0}\"}\n", line: 2, column: 12, reason: "NUL byte") }
@Test func notAnObject() { expectError(good + "  [1, 2]\n", line: 2, column: 3, reason: "expected a JSON object") }

@Test func errorMessageNamesFileLineColumnAndFix() {
    let path = writeTemp(good + "{\"text\": \"a\",}\n")
    let message = loadError(path, schema: .text)?.description ?? ""
    #expect(message == "\(path):2:13: error: trailing comma before '}'; remove the comma after the last member")
}

@Test func skipInvalidKeepsGoingAndReportsEveryLine() throws {
    let text = good + "\n" + "{\"text\": 5}\n" + "{\"text\": \"b\"}\r\n" + String(repeating: "x", count: 80) + "\n" + "{\"text\": \"c\"}\n" + "{\"text\": \"d\""
    let (dataset, skipped) = try DatasetReader.load(path: writeTemp(text), schema: .text, skipInvalid: true, maxLineBytes: 64)
    #expect(dataset.records.compactMap { $0["text"]?.stringValue } == ["ok", "c"])
    #expect(skipped.map(\.line) == [2, 3, 4, 5, 7])
    #expect(skipped.map(\.column) == [1, 10, 14, 1, 13])
    #expect(skipped[0].reason.hasPrefix("blank line"))
}

@Test func streamsLinesAcrossChunkBoundaries() throws {
    // Lines straddle the 1 MiB read chunks; every line must come back intact and in order.
    var text = ""
    for i in 0..<30_000 { text += "{\"text\": \"line \(i) " + String(repeating: "z", count: i % 97) + "\"}\n" }
    let (dataset, skipped) = try DatasetReader.load(path: writeTemp(text))
    #expect(skipped.isEmpty)
    #expect(dataset.count == 30_000)
    #expect(dataset.records[29_999]["text"]?.stringValue?.hasPrefix("line 29999 ") == true)
}

@Test func streamHandsOverRecordsWithoutCollectingThem() throws {
    var seen: [String] = []
    let (schema, skipped) = try DatasetReader.stream(path: writeTemp(good + "{\"text\": 1}\n" + "{\"text\": \"z\"}\n"), skipInvalid: true) {
        seen.append($0["text"]!.stringValue!)
    }
    #expect(schema == .text && seen == ["ok", "z"] && skipped.map(\.line) == [2])
}

@Test func unreadableStructureStopsEvenWithSkipInvalid() {
    #expect(throws: DatasetError.self) { try DatasetReader.load(path: writeTemp("[{\"text\": \"a\"},", ext: "json"), skipInvalid: true) }
    #expect(throws: DatasetError.self) { try DatasetReader.load(path: writeTemp("text\n\"open\n", ext: "csv"), skipInvalid: true) }
}

@Test func overlongLastLineWithoutNewlineIsReportedOnce() throws {
    let text = good + String(repeating: "y", count: 200)
    let (d, skipped) = try DatasetReader.load(path: writeTemp(text), schema: .text, skipInvalid: true, maxLineBytes: 64)
    #expect(d.count == 1 && skipped.map(\.line) == [2])
}
