import Testing
import SmolCore
@testable import SmolDatasets

private func textDataset(_ texts: [String]) -> Dataset {
    Dataset(schema: .text, records: texts.map { RecordID.assign(["text": .string($0)]) }, name: "t")
}

@Test func exactDuplicatesIgnoreCaseAndPunctuation() {
    let (kept, report) = Dedup.run(textDataset(["Hello, world!", "hello world", "something else"]), near: false)
    #expect(kept.count == 2 && report.exactDuplicates == 1 && report.nearDuplicates == 0)
    #expect(report.removed.first?.duplicateOf == kept.records[0]["id"]?.stringValue)
}

@Test func minHashFindsPlantedNearDuplicatesAndKeepsDistinctTexts() throws {
    let corpus = try TaskGenerator.generate("edu-corpus", n: 120, seed: 9)
    var texts = corpus.records.map { $0["text"]!.stringValue! }
    // Plant 10 near-duplicates: one word changed near the end of a long document.
    let long = texts.enumerated().filter { $0.element.split(separator: " ").count > 40 }.prefix(10).map(\.offset)
    #expect(long.count == 10)
    for i in long {
        var words = texts[i].split(separator: " ").map(String.init)
        words[words.count - 2] = "changed"
        texts.append(words.joined(separator: " "))
    }
    let (kept, report) = Dedup.run(textDataset(texts), near: true, threshold: 0.7, numPermutations: 128, bands: 32, seed: 1)
    #expect(report.nearDuplicates >= 10)
    #expect(kept.count == texts.count - report.exactDuplicates - report.nearDuplicates)
    let plantedIDs = Set(textDataset(Array(texts.suffix(10))).records.map { $0["id"]!.stringValue! })
    #expect(plantedIDs.isSubset(of: Set(report.removed.map(\.id))), "every planted copy is removed")
    #expect(report.numPermutations == 128 && report.bands == 32 && report.rowsPerBand == 4)
}

@Test func dedupIsDeterministic() throws {
    let d = try TaskGenerator.generate("edu-corpus", n: 80, seed: 2)
    let a = Dedup.run(d, near: true, threshold: 0.5, numPermutations: 64, bands: 16, seed: 3)
    let b = Dedup.run(d, near: true, threshold: 0.5, numPermutations: 64, bands: 16, seed: 3)
    #expect(a.0.canonicalJSONL() == b.0.canonicalJSONL() && a.1.removed.map(\.id) == b.1.removed.map(\.id))
}
