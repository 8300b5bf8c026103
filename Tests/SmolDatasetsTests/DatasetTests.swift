import Testing
import SmolCore
@testable import SmolDatasets

private func load(_ text: String, ext: String = "jsonl") throws -> Dataset {
    try DatasetReader.load(path: writeTemp(text, ext: ext)).dataset
}

@Test func canonicalJSONLRoundTrips() throws {
    let d = try load(#"{"question": "Q?", "choices": ["a", "b"], "answer": "B"}"# + "\n" + #"{"question": "R?", "choices": ["c", "d"], "answer": 0}"# + "\n")
    let bytes = d.canonicalJSONL()
    let again = try Dataset(canonicalJSONL: bytes, name: "x")
    #expect(again.schema == .multipleChoice && again.records == d.records && again.canonicalJSONL() == bytes)
    #expect(String(decoding: bytes, as: UTF8.self).hasPrefix(#"{"answer":1,"choices":["a","b"],"id":""#))
}
