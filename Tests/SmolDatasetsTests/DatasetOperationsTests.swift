import Testing
import SmolCore
@testable import SmolDatasets

@Test func splitPartitionsDeterministically() throws {
    let d = try TaskGenerator.generate("arc-like", n: 100, seed: 1)
    let parts = d.split(fractions: [0.8, 0.1, 0.1], seed: 4)
    #expect(parts.map(\.count) == [80, 10, 10])
    let ids = parts.flatMap { $0.records.map { $0["id"]!.stringValue! } }
    #expect(Set(ids).count == 100)
    #expect(parts[1].canonicalJSONL() == d.split(fractions: [0.8, 0.1, 0.1], seed: 4)[1].canonicalJSONL())
    #expect(parts[1].canonicalJSONL() != d.split(fractions: [0.8, 0.1, 0.1], seed: 5)[1].canonicalJSONL())
}

@Test func sampleIsSeededAndBounded() throws {
    let d = try TaskGenerator.generate("gsm-like", n: 50, seed: 1)
    #expect(d.sample(10, seed: 2).count == 10 && d.sample(500, seed: 2).count == 50)
    #expect(d.sample(10, seed: 2).canonicalJSONL() == d.sample(10, seed: 2).canonicalJSONL())
    #expect(d.sample(10, seed: 2).canonicalJSONL() != d.sample(10, seed: 3).canonicalJSONL())
}

@Test func showPrintsAnAlignedTable() throws {
    let d = try TaskGenerator.generate("mmlu-like", n: 5, seed: 1)
    let lines = d.show(limit: 3).split(separator: "\n")
    #expect(lines.count == 6)
    #expect(lines[0].hasPrefix("id") && lines[0].contains("question"))
    #expect(lines.last == "mmlu-like-train: 5 records (multiple_choice), showing 3")
}

@Test func statsCountAnswersAndCategories() throws {
    let d = try TaskGenerator.generate("mmlu-like", n: 200, seed: 1)
    let s = d.stats()
    #expect(s.count == 200 && s.answerCounts.reduce(0, +) == 200)
    #expect(Set(s.categories.map(\.name)) == Set(FactBase.subjects))
    #expect(s.description.hasPrefix("200 records, schema multiple_choice"))
}

@Test func showAlignsWideCharactersAndShowsTabs() {
    let d = Dataset(schema: .text, records: [RecordID.assign(["text": "孩子们去公园玩球"]), RecordID.assign(["text": "tab\there 👍"]),
                                            RecordID.assign(["text": "plain"])], name: "mixed")
    let lines = d.show().split(separator: "\n").map(String.init)
    // Every row's column separator sits at the same terminal cell.
    let cells = lines.prefix(5).filter { $0.contains("│") }.map { DisplayWidth.of(String($0[..<$0.range(of: "│")!.lowerBound])) }
    #expect(Set(cells).count == 1, "\(lines)")
    let body = lines.dropFirst(2).prefix(3).map { $0.split(separator: "│").last.map(String.init)!.trimmingCharacters(in: .whitespaces) }
    #expect(body.map { DisplayWidth.of($0) } == [16, 11, 5] && !lines.joined().contains("\t"), "\(body)")
}
