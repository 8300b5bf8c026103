import Testing
@testable import SmolCore

/// The error `JSONParser` throws for `text`, or nil when it parses.
private func parseError(_ bytes: [UInt8]) -> JSONError? {
    do { _ = try JSONParser.parse(bytes); return nil } catch let error as JSONError { return error } catch { return nil }
}
private func parseError(_ text: String) -> JSONError? { parseError(Array(text.utf8)) }

@Test func parsesEveryKindAndKeepsMemberOrder() throws {
    let value = try JSONParser.parse(#"{"b": [1, 2.5, -3e2, true, false, null], "a": "x\n\u00e9\ud83d\ude00", "c": {}}"#)
    #expect(value.objectValue?.map(\.key) == ["b", "a", "c"])
    #expect(value["b"] == [1, 2.5, -300, true, false, nil])
    #expect(value["a"]?.stringValue == "x\né😀")
    #expect(value["c"] == .object([]))
}

@Test func reportsTruncatedObjectAtEndOfInput() {
    let error = parseError(#"{"a": [1, 2"#)
    #expect(error?.line == 1 && error?.column == 12)
    #expect(error?.reason.contains("truncated") == true)
}

@Test func reportsTrailingCommaAtTheComma() {
    let error = parseError("{\"a\": 1,\n }")
    #expect(error?.line == 1 && error?.column == 8)
    #expect(error?.reason == "trailing comma before '}'")
    let arrayError = parseError("[1, 2, ]")
    #expect(arrayError?.column == 6)
}

@Test func reportsInvalidUTF8WithCharacterColumns() {
    // "é" is one column; the stray 0xFF is the 8th character on the line.
    let bytes: [UInt8] = Array(#"{"é": ""#.utf8) + [0xFF] + Array(#""}"#.utf8)
    let error = parseError(bytes)
    #expect(error?.line == 1 && error?.column == 8)
    #expect(error?.reason.contains("invalid UTF-8") == true)
    #expect(parseError([0x22, 0xC0, 0xAF, 0x22]) != nil, "overlong encoding")
    #expect(parseError([0x22, 0xED, 0xA0, 0x80, 0x22]) != nil, "encoded surrogate")
}

@Test func reportsByteOrderMarkWithHint() {
    let error = parseError([0xEF, 0xBB, 0xBF] + Array("{}".utf8))
    #expect(error?.line == 1 && error?.column == 1)
    #expect(error?.reason.contains("byte-order mark") == true)
    #expect(error?.hint.contains("without a BOM") == true)
}

@Test func reportsDuplicateKeyAtSecondKey() {
    let error = parseError(#"{"a": 1, "a": 2}"#)
    #expect(error?.column == 10)
    #expect(error?.reason == "duplicate key \"a\" (first at 1:2)")
}

@Test func findsDuplicatesInLargeObjectsByExactBytes() throws {
    // A vocabulary-sized object: keys past the linear-scan limit go through the hash index.
    let members = (0..<2_000).map { #""t\#($0)": \#($0)"# }
    let large = "{\n" + members.joined(separator: ",\n") + "\n}"
    let parsed = try JSONParser.parse(large)
    #expect(parsed.objectValue?.count == 2_000)
    #expect(parsed["t1999"]?.intValue == 1999)

    let duplicated = "{\n" + (members + [#""t7": 0"#]).joined(separator: ",\n") + "\n}"
    let error = parseError(duplicated)
    #expect(error?.line == 2_002 && error?.column == 1)
    #expect(error?.reason == "duplicate key \"t7\" (first at 9:1)")

    // NFC "é" and NFD "e\u0301" are different keys (different bytes), however large the object.
    let accents = (0..<20).map { #""k\#($0)": 0"# } + [#""\#u{E9}": 1"#, #""e\#u{301}": 2"#]
    let both = try JSONParser.parse("{" + accents.joined(separator: ",") + "}")
    #expect(both.objectValue?.count == 22)
}

@Test func rejectsNaNAndInfinity() {
    #expect(parseError(#"{"x": NaN}"#)?.column == 7)
    #expect(parseError(#"{"x": Infinity}"#)?.column == 7)
    #expect(parseError(#"{"x": -Infinity}"#)?.column == 7)
}

@Test func rejectsControlCharactersAndLoneSurrogates() {
    #expect(parseError("\"a\tb\"")?.column == 3)
    #expect(parseError("[\"a\u{0}\"]")?.reason.contains("NUL") == true)
    let high = parseError(#"["\ud800x"]"#)
    #expect(high?.column == 3 && high?.reason.contains("lone high surrogate") == true)
    #expect(parseError(#""\udc00""#)?.reason.contains("lone low surrogate") == true)
}

@Test func tracksLinesAcrossMultiLineDocuments() {
    let error = parseError("[\n  1,\n  2,\n  tru\n]")
    #expect(error?.line == 4 && error?.column == 3)
}

@Test func rejectsMalformedNumbersAndTrailingText() {
    #expect(parseError("01") != nil)
    #expect(parseError("1.") != nil)
    #expect(parseError("1e400")?.reason.contains("range") == true)
    #expect(parseError("{} {}")?.column == 4)
    #expect(parseError("") != nil)
}

@Test func recordsPositionsByPointer() throws {
    let (_, positions) = try JSONParser.parseWithPositions(Array("{\"a\": [1, {\"b/c\": \"é\"}],\n \"d\": 2}".utf8))
    #expect(positions.values["/a/1/b~1c"] == JSONParser.Position(line: 1, column: 19))
    #expect(positions.keys["/d"] == JSONParser.Position(line: 2, column: 2))
    #expect(positions.values["/d"] == JSONParser.Position(line: 2, column: 7))
}

@Test func rejectsExcessiveNesting() {
    let deep = String(repeating: "[", count: JSONParser.maxDepth + 1) + String(repeating: "]", count: JSONParser.maxDepth + 1)
    #expect(parseError(deep)?.reason.contains("nesting") == true)
}

@Test(arguments: [("{", 2), ("[1,]", 3), ("{\"a\" 1}", 6), ("tru", 4), ("1 2", 3), ("\"open", 6), ("{\"a\":1}x", 8)])
func rejectsStructuralErrorsAtTheirColumn(text: String, column: Int) {
    let error = parseError(text)
    #expect(error?.line == 1 && error?.column == column, "\(text): \(String(describing: error))")
}

@Test func namesTheMissingSeparatorAndTheFixForEachContainer() {
    let array = parseError("[1 2]")
    #expect(array?.reason == "expected ',' or ']' in an array, found character '2'")
    #expect(array?.hint == "separate elements with commas and close with ']'")
    let object = parseError(#"{"a": 1 "b": 2}"#)
    #expect(object?.reason == "expected ',' or '}' in an object, found character '\"'")
    #expect(object?.hint == "separate members with commas and close with '}'")
    #expect(parseError("[1,]")?.hint == "remove the comma after the last element")
    #expect(parseError(#"{"a": 1,}"#)?.hint == "remove the comma after the last member")
    #expect(parseError("[1")?.reason == "truncated input: the text ends inside an array")
}

/// Found by probing fuzz-json (`scripts/fuzz.sh json FILE`) past libFuzzer's 4 KB inputs: recording
/// positions of a minified 200,000-key object (one 2.4 MB line) took over 10 s, because every key and
/// value recounted its column from the line start. Columns are now counted on from the previous one.
@Test func positionsOfAWideOneLineObjectAreRightAtTheFarEnd() throws {
    let count = 50_000
    let members = (0..<count).map { "\"k\($0)\":\"é\"" }  // 2 + digits + 5 scalars, then ","
    let text = "{" + members.joined(separator: ",") + "}"
    let (_, positions) = try JSONParser.parseWithPositions(Array(text.utf8))
    let lastKeyColumn = 2 + members.dropLast().reduce(0) { $0 + $1.unicodeScalars.count + 1 }
    #expect(positions.keys["/k\(count - 1)"] == JSONParser.Position(line: 1, column: lastKeyColumn))
    #expect(positions.values["/k\(count - 1)"] == JSONParser.Position(line: 1, column: lastKeyColumn + "\"k\(count - 1)\":".count))

    // A late duplicate is reported at its own column, with the first one's position.
    var error: JSONError?
    do { _ = try JSONParser.parseWithPositions(Array((text.dropLast() + ",\"k3\":1}").utf8)) } catch let e as JSONError { error = e }
    #expect(error?.line == 1 && error?.column == text.unicodeScalars.count + 1, "\(String(describing: error))")
    #expect(error?.reason.contains("duplicate key \"k3\" (first at 1:29)") == true, "\(String(describing: error))")
}

@Test func positionsStayRightAcrossLinesAfterTheColumnCache() throws {
    // Columns restart on each line and after multibyte text, whatever was cached on the line before.
    let text = "{\"ab\": \"ééé\", \"c\": 1,\n  \"d\": [\"é\", 2]}"
    let (_, positions) = try JSONParser.parseWithPositions(Array(text.utf8))
    #expect(positions.keys["/c"] == JSONParser.Position(line: 1, column: 15))
    #expect(positions.values["/c"] == JSONParser.Position(line: 1, column: 20))
    #expect(positions.keys["/d"] == JSONParser.Position(line: 2, column: 3))
    #expect(positions.values["/d/1"] == JSONParser.Position(line: 2, column: 14))
}
