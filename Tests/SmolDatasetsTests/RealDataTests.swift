import Testing
import SmolCore
@testable import SmolDatasets

// These read the files scripts/fetch-datasets.sh puts in downloads/datasets/ (pinned versions and
// hashes); each test is skipped with a message when the file is absent.

@Test(.enabled(if: downloaded("mmlu.jsonl") != nil, "downloads/datasets/mmlu.jsonl absent: run scripts/fetch-datasets.sh"))
func mmluLoadsWithItsTwoStrayHeaderRowsReportedAndSkipped() throws {
    let path = downloaded("mmlu.jsonl")!
    // The two stray header rows are reported and skipped even without skip_invalid.
    let (dataset, skipped) = try DatasetReader.load(path: path)
    #expect(dataset.schema == .multipleChoice)
    #expect(dataset.count == 14_042)
    #expect(skipped.map(\.line) == [11777, 12794])
    #expect(skipped.allSatisfy { $0.reason.contains("stray header row") })
    #expect(Set(dataset.records.map { $0["id"]!.stringValue! }).count == 14_042, "repeated questions get numbered ids")
    var subjects: [String: Int] = [:]
    var answers = [0, 0, 0, 0]
    for record in dataset.records {
        subjects[record["subject"]!.stringValue!, default: 0] += 1
        answers[record["answer"]!.intValue!] += 1
    }
    #expect(subjects.count == 57)
    #expect(subjects["professional law"] == 1534 && subjects["moral scenarios"] == 895)
    #expect(answers == [3222, 3462, 3582, 3776])
}

@Test(.enabled(if: downloaded("ifeval_input_data.jsonl") != nil, "downloads/datasets/ifeval_input_data.jsonl absent: run scripts/fetch-datasets.sh"))
func ifevalLoads541Prompts() throws {
    let (dataset, skipped) = try DatasetReader.load(path: downloaded("ifeval_input_data.jsonl")!)
    #expect(dataset.schema == .instruction && dataset.count == 541 && skipped.isEmpty)
    let ids = dataset.records.flatMap { $0["instruction_id_list"]!.arrayValue!.map { $0.stringValue! } }
    #expect(Set(ids).count == 25)
    #expect(ids.filter { $0 == "punctuation:no_comma" }.count == 66)
    #expect(dataset.records[0]["meta"] == ["key": 1000])
}

@Test(.enabled(if: downloaded("dpo_en_demo.json") != nil, "downloads/datasets/dpo_en_demo.json absent: run scripts/fetch-datasets.sh"))
func llamaFactoryPreferencePairsLoad() throws {
    let (dataset, skipped) = try DatasetReader.load(path: downloaded("dpo_en_demo.json")!)
    #expect(dataset.schema == .preference && dataset.count == 300 && skipped.isEmpty)
    #expect(dataset.records.filter { $0["prompt"]!.arrayValue!.count == 1 }.count == 114)
    #expect(dataset.records.filter { Messages.role($0["prompt"]!.arrayValue![0]) == "system" }.count == 80)
}

@Test(.enabled(if: downloaded("alpaca_en_demo.json") != nil, "downloads/datasets/alpaca_en_demo.json absent: run scripts/fetch-datasets.sh"))
func llamaFactoryAlpacaLoads() throws {
    let (dataset, skipped) = try DatasetReader.load(path: downloaded("alpaca_en_demo.json")!)
    #expect(dataset.schema == .sft && dataset.count == 999 && skipped.isEmpty)
}

@Test(.enabled(if: downloaded("handbook-en-ar.jsonl") != nil, "downloads/datasets/handbook-en-ar.jsonl absent: run scripts/fetch-datasets.sh"))
func handbookPairsLoadAsTranslations() throws {
    let (dataset, skipped) = try DatasetReader.load(path: downloaded("handbook-en-ar.jsonl")!)
    #expect(dataset.schema == .translation && dataset.count == 1764 && skipped.isEmpty)
    let targets = Dataset(schema: .text, records: dataset.records.map { ["id": $0["id"]!, "text": $0["target"]!] }, name: "ar")
    let shares = LanguageID.shares(targets)
    #expect(shares.first?.language == "ar")
    #expect((shares.first?.share ?? 0) > 0.9)
    // Counted per side, the pairs are English on one side and Arabic on the other.
    let sides = Dictionary(uniqueKeysWithValues: LanguageID.shares(dataset).map { ($0.language, $0.share) })
    #expect((sides["source.en"] ?? 0) > 0.9 && (sides["target.ar"] ?? 0) > 0.9, "\(sides)")
}
