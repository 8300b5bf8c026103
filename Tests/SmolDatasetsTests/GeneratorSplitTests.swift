import Testing
import SmolCore
@testable import SmolDatasets

// Train, dev and test of every built-in task hold different questions, and no held-out question of a
// task reaches the training side of the SFT mixture or the preference pairs built from the tasks.

/// The normalised text an item shows the model: the question (without choices), the prompt, the user
/// turn of a conversation, or the text itself.
private func shownText(_ record: JSONValue) -> String {
    if let q = record["question"]?.stringValue { return Dedup.normalise(q) }
    if let p = record["prompt"]?.stringValue { return Dedup.normalise(p) }
    if let turns = record["prompt"]?.arrayValue ?? record["messages"]?.arrayValue {
        let user = turns.filter { Messages.role($0) == "user" }.compactMap { $0["content"]?.stringValue }
        return Dedup.normalise(user.joined(separator: "\n"))
    }
    return Dedup.normalise(RecordText.of(record))
}

/// Which of `needles` (normalised word sequences) occur as a contiguous run of words inside `haystack`.
private func contained(_ needles: Set<String>, in haystack: String) -> [String] {
    var byHead: [String: [[Substring]]] = [:]
    for needle in needles {
        let words = needle.split(separator: " ")
        guard let head = words.first else { continue }
        byHead[String(head), default: []].append(words)
    }
    let words = haystack.split(separator: " ")
    var found: [String] = []
    for (i, word) in words.enumerated() {
        for needle in byHead[String(word)] ?? [] where i + needle.count <= words.count && Array(words[i..<i + needle.count]) == needle {
            found.append(needle.joined(separator: " "))
        }
    }
    return found
}

@Test(arguments: TaskGenerator.names)
func splitsShareNoQuestionText(task: String) throws {
    let train = try TaskGenerator.generate(task, n: 800, seed: 1, split: "train")
    let dev = try TaskGenerator.generate(task, n: 150, seed: 2, split: "dev")
    let test = try TaskGenerator.generate(task, n: 150, seed: 3, split: "test")
    let trainText = Set(train.records.map(shownText)), devText = Set(dev.records.map(shownText)), testText = Set(test.records.map(shownText))
    let trainTest = trainText.intersection(testText), trainDev = trainText.intersection(devText), devTest = devText.intersection(testText)
    #expect(trainTest.isEmpty, "\(task): \(trainTest.count) test questions in train, e.g. \(trainTest.prefix(2))")
    #expect(trainDev.isEmpty, "\(task): \(trainDev.count) dev questions in train, e.g. \(trainDev.prefix(2))")
    #expect(devTest.isEmpty, "\(task): \(devTest.count) dev questions in test, e.g. \(devTest.prefix(2))")
}

@Test(arguments: ["sft-mixture", "preference-pairs"])
func heldOutQuestionsNeverReachATrainingMixture(mixture: String) throws {
    var heldOut = Set<String>()
    for task in ["arc-like", "gsm-like", "hellaswag-like", "ifeval-like", "mmlu-like"] {
        for split in ["dev", "test"] {
            heldOut.formUnion(try TaskGenerator.generate(task, n: 100, seed: 4, split: split).records.map(shownText))
        }
    }
    let train = try TaskGenerator.generate(mixture, n: 1000, seed: 5, split: "train")
    var leaks: [String] = []
    for record in train.records { leaks += contained(heldOut, in: Dedup.normalise(RecordText.of(record))) }
    let count = leaks.count
    #expect(count == 0, "\(leaks.count) held-out questions inside \(mixture) train items, e.g. \(leaks.prefix(2))")
}
