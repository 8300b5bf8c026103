import Testing
import SmolCore
@testable import SmolDatasets

private func load(_ text: String, ext: String = "jsonl") throws -> Dataset {
    try DatasetReader.load(path: writeTemp(text, ext: ext)).dataset
}

@Test func jsonArrayErrorsPointIntoTheFile() {
    let text = "[\n  {\"text\": \"a\"},\n  {\"text\": 7}\n]\n"
    let error = loadError(writeTemp(text, ext: "json"))
    #expect(error?.line == 3 && error?.column == 12)
}

@Test func jsonArrayElementsMustBeObjects() {
    let error = loadError(writeTemp("[\n  {\"text\": \"a\"},\n  3\n]\n", ext: "json"))
    #expect(error?.line == 3 && error?.column == 3 && error?.reason?.contains("not an object") == true)
}
