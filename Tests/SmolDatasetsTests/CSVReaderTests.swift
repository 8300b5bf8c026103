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
