import SmolCore
@testable import SmolDatasets
import Testing

@Suite struct DatasetSelectionTests {
    /// Two translation pairs, one with an extra field kept under meta (as `data.load(extra: "keep")` does).
    let pairs = Dataset(schema: .translation, records: [
        RecordID.assign(["source": "Hello", "target": "مرحبا", "source_lang": "en", "target_lang": "ar"]),
        RecordID.assign(["source": "Book", "target": "كتاب", "source_lang": "en", "target_lang": "ar", "meta": ["file": "b.po"]]),
    ], name: "pairs")

    @Test func filterKeepsMatchingRecordsInOrderAndLooksUnderMeta() throws {
        let mcq = try TaskGenerator.generate("mmlu-like", n: 60, seed: 2)
        let subject = try #require(mcq.records[0]["subject"])
        let kept = try mcq.filter(where: [("subject", subject)])
        #expect(kept.schema == .multipleChoice && kept.count > 0 && kept.count < mcq.count)
        #expect(kept.records == mcq.records.filter { $0["subject"] == subject })
        #expect(try pairs.filter(where: [("file", "b.po")]).records == [pairs.records[1]])
        #expect(try pairs.filter(where: [("target_lang", "ar"), ("source", "Book")]).count == 1)
        #expect(try pairs.filter(where: [("source", "Nothing")]).count == 0)
    }

    @Test func aFieldNoRecordHasIsAnErrorWithASuggestion() {
        #expect(throws: DatasetError.self) { try pairs.filter(where: [("tagret", "x")]) }
        do { _ = try pairs.select(fields: ["tagret"]) } catch {
            #expect(error.description.contains("did you mean 'target'?"), "\(error)")
        }
        #expect(throws: DatasetError.self) { try pairs.select(fields: []) }
    }

    @Test func selectMakesATextDatasetOfTheChosenFields() throws {
        let arabic = try pairs.select(fields: ["target"])
        #expect(arabic.schema == .text)
        #expect(arabic.records.map { $0["text"]?.stringValue } == ["مرحبا", "كتاب"])
        #expect(arabic.records.map { $0["meta"]?["source_id"] } == pairs.records.map { $0["id"] })
        #expect(arabic.records[0]["id"]?.stringValue == RecordID.of(arabic.records[0]))
        let both = try pairs.select(fields: ["source", "target"])
        #expect(both.records[1]["text"]?.stringValue == "Book\nكتاب")
        // The same text twice gets distinct, stable ids.
        let doubled = Dataset(schema: .translation, records: pairs.records + pairs.records.prefix(1), name: "d")
        let ids = try doubled.select(fields: ["target"]).records.compactMap { $0["id"]?.stringValue }
        #expect(Set(ids).count == 3 && ids[2] == ids[0] + "-2")
    }
}
