import Testing
import SmolCore
@testable import SmolDatasets

// Pins the canonical bytes a load produces (their SHA-256), so a faster reader cannot silently change
// what the ledger hashes: escapes, surrogate pairs, non-ASCII text, number spellings and every input
// shape below must normalise to exactly the same bytes as before.

private let sftLines = [
    #"{"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "caf\u00e9 \ud83d\ude00 \"q\" \\ \/ \b\f\n\r\t é 😀"}, {"role": "assistant", "content": "ok\u0001"}], "id": "x1", "source": "s"}"#,
    #"{"conversations": [{"from": "human", "value": "日本語のテキスト"}, {"from": "gpt", "value": "answer\twith tab"}], "system": "sys"}"#,
    #"{"instruction": "Add", "input": "2 and 3", "output": "5", "history": [["hi", "hello"]], "dataset": {"n": [1, -0, 0.1, 1e-5, 1.5e20, 9007199254740991, -3.25E+2]}}"#,
    #"{ "messages" : [ { "role" : "user" , "content" : "" } , { "role" : "assistant" , "content" : "\u0000x" } ] }"#,
]
private let mcqLines = [
    #"{"question": "Which?", "choices": ["a", "b", "c", "d"], "answer": 2, "subject": "s"}"#,
    #"{"question": "Q\u00e9", "A": "x", "B": "y", "C": "z", "D": "w", "answer": "B"}"#,
]

private func loadedHash(_ lines: [String], schema: Schema? = nil) throws -> String {
    let path = writeTemp(lines.joined(separator: "\n") + "\n")
    let (dataset, skipped) = try DatasetReader.load(path: path, schema: schema)
    #expect(skipped.isEmpty && dataset.count == lines.count)
    return dataset.contentHash()
}

@Test func loadedSFTCanonicalBytesArePinned() throws {
    let hash = try loadedHash(sftLines)
    #expect(hash == "06e7c6d507d150df31b9ee5f2d6c782563b6ea3c242a9038d47a67da59f27e48")
}

@Test func loadedMultipleChoiceCanonicalBytesArePinned() throws {
    let hash = try loadedHash(mcqLines)
    #expect(hash == "0f5673ae582f3162ca550e168b1681ec47f9c08c7dc08d07d06a6e2309241d17")
}

@Test func reloadedGeneratorOutputIsPinned() throws {
    let generated = try TaskGenerator.generate("sft-mixture", n: 200, seed: 11)
    let path = writeTemp(generated.canonicalJSONL())
    let (dataset, skipped) = try DatasetReader.load(path: path)
    #expect(skipped.isEmpty)
    #expect(dataset.contentHash() == generated.contentHash())
    #expect(dataset.contentHash() == "f1d2c311ef0030437e03477d990591c64a624a081c570eceb47063a246104bf2")
}

@Test func aStrayHeaderRowIsSkippedAndReportedEvenWithoutSkipInvalid() throws {
    let jsonl = "{\"question\": \"Q1?\", \"A\": \"x\", \"B\": \"y\", \"answer\": \"A\"}\n"
        + "{\"question\": \"question\", \"A\": \"A\", \"B\": \"B\", \"answer\": \"answer\"}\n"
        + "{\"question\": \"Q2?\", \"A\": \"a\", \"B\": \"b\", \"answer\": \"B\"}\n"
    let (d, skipped) = try DatasetReader.load(path: writeTemp(jsonl))
    #expect(d.count == 2 && skipped.map(\.line) == [2] && skipped[0].reason.contains("stray header row"))
    let csv = "question,A,B,answer\nQ1?,a,b,A\nquestion,A,B,answer\nQ2?,a,b,B\n"
    let (c, csvSkipped) = try DatasetReader.load(path: writeTemp(csv, ext: "csv"))
    #expect(c.count == 2 && csvSkipped.map(\.line) == [3])
    // A record that merely mentions one field name is data.
    let text = try DatasetReader.load(path: writeTemp("{\"text\": \"text\"}\n")).dataset
    #expect(text.count == 1)
}

@Test func identicalRecordsGetDistinctStableIds() throws {
    let path = writeTemp("{\"text\": \"same\"}\n{\"text\": \"other\"}\n{\"text\": \"same\"}\n{\"text\": \"same\"}\n")
    let d = try DatasetReader.load(path: path).dataset
    let ids = d.records.map { $0["id"]!.stringValue! }
    #expect(Set(ids).count == 4)
    #expect(ids[2] == ids[0] + "-2" && ids[3] == ids[0] + "-3")
    #expect(try DatasetReader.load(path: path).dataset.contentHash() == d.contentHash(), "stable across runs")
    // Canonical output reloads losslessly, numbered ids included.
    let again = try DatasetReader.load(path: writeTemp(d.canonicalJSONL())).dataset
    #expect(again.canonicalJSONL() == d.canonicalJSONL())
}

@Test func unknownFieldsAreKeptAsMetadataWhenAsked() throws {
    let row = "{\"text\": \"Photosynthesis turns light into sugar.\", \"id\": \"<urn:uuid:1>\", \"dump\": \"CC-MAIN-2024-10\", "
        + "\"url\": \"https://example.org/a\", \"date\": \"2024-02-20\", \"file_path\": \"s3://x\", \"language\": \"en\", "
        + "\"language_score\": 0.97, \"token_count\": 9, \"score\": 3.1, \"int_score\": 3}\n"
    let path = writeTemp(row)
    #expect(loadError(path)?.reason?.contains("unknown field \"dump\"") == true)
    #expect(loadError(path)?.description.contains("extra: \"keep\"") == true)
    let d = try DatasetReader.load(path: path, extra: .keep).dataset
    let meta = try #require(d.records.first?["meta"])
    #expect(meta["url"] == "https://example.org/a" && meta["int_score"] == 3 && meta["id"] == "<urn:uuid:1>")
    #expect(d.records.first?["text"] == "Photosynthesis turns light into sugar.")
}

@Test func theOverlongLineHintNamesAParameterThatExists() {
    let error = loadError(writeTemp("{\"text\": \"0123456789012345678901234567890123456789\"}\n"), maxLineBytes: 16)
    #expect(error?.description.contains("max_line_bytes: ") == true, "\(String(describing: error))")
}
