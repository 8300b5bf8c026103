import Testing
import SmolCore
@testable import SmolDatasets

private func load(_ text: String, ext: String = "jsonl") throws -> Dataset {
    try DatasetReader.load(path: writeTemp(text, ext: ext)).dataset
}

@Test func csvHandlesQuotesEscapedQuotesAndEmbeddedNewlines() throws {
    let csv = "text\r\n\"a, \"\"quoted\"\"\r\nline\"\r\nplain\r\n"
    let d = try load(csv, ext: "csv")
    #expect(d.records.map { $0["text"]?.stringValue } == ["a, \"quoted\"\r\nline", "plain"])
    let error = loadError(writeTemp("text,other\n\"x\",1\n\"never closed,2\n", ext: "csv"), mapping: ["other": "-"])
    #expect(error?.line == 3 && error?.column == 1 && error?.reason?.contains("truncated") == true, "\(String(describing: error))")
    let fields = loadError(writeTemp("text,other\nx\n", ext: "csv"))
    #expect(fields?.line == 2 && fields?.reason?.contains("1 fields") == true)
    let quote = loadError(writeTemp("text\nab\"c\n", ext: "csv"))
    #expect(quote?.line == 2 && quote?.column == 3)
}

@Test func csvRejectsStructuralProblemsWithTheirPlace() {
    let bom = loadError(writeTemp([0xEF, 0xBB, 0xBF] + Array("text\na\n".utf8), ext: "csv"))
    #expect(bom?.line == 1 && bom?.column == 1)
    let header = loadError(writeTemp("text,text\na,b\n", ext: "csv"))
    #expect(header?.column == 6 && header?.reason?.contains("duplicate key") == true)
    let after = loadError(writeTemp("text\n\"a\"b\n", ext: "csv"))
    #expect(after?.line == 2 && after?.column == 4)
    let blank = loadError(writeTemp("text\na\n\nb\n", ext: "csv"))
    #expect(blank?.line == 3 && blank?.reason == "blank line")
}

@Test func csvAcceptsALastRowWithoutLineBreak() throws {
    #expect(try load("text\na\nb", ext: "csv").count == 2)
}

@Test func skipInvalidSkipsStructurallyBrokenRowsAndKeepsTheRest() throws {
    // Row by row: a stray quote (line 3, col 3), text after a closing quote (line 4, col 4), invalid
    // UTF-8 (line 6, col 2), a NUL byte (line 7, col 3); the quoted field spanning lines 8–9 still reads.
    var bytes = Array("text,n\nfirst,1\nab\"c,2\n\"x\"y,3\nsecond,4\n".utf8)
    bytes += [UInt8(ascii: "z"), 0xFF] + Array(",5\n".utf8)
    bytes += Array("nu".utf8) + [0] + Array("l,6\n\"multi\nline\",7\nlast,8\n".utf8)
    let path = writeTemp(bytes, ext: "csv")
    let (d, skipped) = try DatasetReader.load(path: path, mapping: ["n": "-"], skipInvalid: true)
    #expect(d.records.map { $0["text"]?.stringValue } == ["first", "second", "multi\nline", "last"])
    #expect(skipped.map { "\($0.line):\($0.column)" } == ["3:3", "4:4", "6:2", "7:3"])
    #expect(skipped[0].reason.contains("quote inside an unquoted field") && skipped[2].reason.contains("invalid UTF-8")
            && skipped[3].reason.contains("NUL byte"))
    // Without skip_invalid the first of them stops the load at its place.
    let strict = loadError(path, mapping: ["n": "-"])
    #expect(strict?.line == 3 && strict?.column == 3)
}

@Test func aBrokenHeaderStillStopsTheLoad() {
    #expect(throws: DatasetError.self) {
        try DatasetReader.load(path: writeTemp([UInt8(ascii: "t"), 0xFF] + Array("\na\n".utf8), ext: "csv"), skipInvalid: true)
    }
}

/// Found by probing fuzz-datasets (`scripts/fuzz.sh datasets FILE`) past libFuzzer's 4 KB inputs: a
/// 100,000-column CSV took over 10 s (libFuzzer's hang limit) because every field recounted its column
/// from the line start and every header name was searched for linearly among the ones before it.
@Test func wideCSVHeaderFindsADuplicateAtItsColumn() throws {
    let names = (0..<20_000).map { "c\($0)" }
    let header = (names + ["c7"]).joined(separator: ",")
    let error = loadError(writeTemp(header + "\n", ext: "csv"))
    let expectedColumn = names.joined(separator: ",").unicodeScalars.count + 2
    #expect(error?.line == 1 && error?.column == expectedColumn, "\(String(describing: error))")
    #expect(error?.reason?.contains("duplicate key \"c7\" in the header (first at column 22)") == true, "\(String(describing: error))")

    // The same width loads when the extra columns are mapped away.
    let wide = (["text"] + names.dropFirst()).joined(separator: ",") + "\nhello" + String(repeating: ",", count: names.count - 1) + "\n"
    let ignored = Dictionary(uniqueKeysWithValues: names.dropFirst().map { ($0, "-") })
    let loaded = try DatasetReader.load(path: writeTemp(wide, ext: "csv"), mapping: ignored).dataset
    #expect(loaded.records.map { $0["text"]?.stringValue } == ["hello"])
}

@Test func csvColumnsStayRightAfterMultibyteFieldsAndEmbeddedNewlines() {
    // The column cache must restart on each new line, including lines inside a quoted field.
    let afterMultibyte = loadError(writeTemp("text,b\nééé,x\"y\n", ext: "csv"))
    #expect(afterMultibyte?.line == 2 && afterMultibyte?.column == 6, "\(String(describing: afterMultibyte))")
    let afterEmbeddedNewline = loadError(writeTemp("text,b\n\"é\nab\",c\"d\n", ext: "csv"))
    #expect(afterEmbeddedNewline?.line == 3 && afterEmbeddedNewline?.column == 6, "\(String(describing: afterEmbeddedNewline))")
}
