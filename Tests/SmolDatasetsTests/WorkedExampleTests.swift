import Testing
import SmolCore
@testable import SmolDatasets

// The edu corpus works arc-like and gsm-like problems of the training split only: a held-out problem's
// facts or arithmetic never appear worked out in the training corpus, whatever the level it is asked at.

/// The worked arithmetic of a text: each "a+b = c things" (calculator annotations removed), joined.
private func arithmetic(_ text: String) -> String {
    let words = GSMLike.withoutAnnotations(text).split(separator: " ").map { String($0).trimmingCharacters(in: .punctuationCharacters) }
    var found: [String] = []
    for i in words.indices.dropLast(3) where words[i].contains(where: { "+-*/".contains($0) }) && words[i + 1] == "=" && Int(words[i + 2]) != nil {
        found.append("\(words[i]) = \(words[i + 2]) \(words[i + 3])")
    }
    return found.joined(separator: "; ")
}

@Test func theTrainingCorpusNeverWorksAHeldOutProblem() throws {
    let corpus = try TaskGenerator.generate("edu-corpus", n: 3000, seed: 1).records.map { $0["text"]!.stringValue! }
    let worked = corpus.filter { $0.contains(" = ") && !$0.hasPrefix("To find the area") }
    #expect(worked.count > 300, "worked word problems: \(worked.count)")
    let workedArithmetic = Set(worked.map(arithmetic))
    let orders = corpus.filter { $0.contains(", from the ") || $0.contains("order") }
    #expect(orders.count > 300, "worked comparisons: \(orders.count)")
    for level in [Difficulty.easy, .medium] {
        let test = try TaskGenerator.generate("gsm-like", n: 200, seed: 2, split: "test", level: level)
        let leaked = test.records.map { arithmetic($0["answer"]!.stringValue!) }.filter { workedArithmetic.contains($0) }
        #expect(leaked.isEmpty, "\(level): held-out problems worked in the corpus: \(leaked.prefix(3))")
        // The same check finds training problems: it is live.
        let train = try TaskGenerator.generate("gsm-like", n: 400, seed: 2, split: "train", level: level)
        #expect(train.records.contains { workedArithmetic.contains(arithmetic($0["answer"]!.stringValue!)) })
    }
    for level in Difficulty.allCases {
        let test = try TaskGenerator.generate("arc-like", n: 200, seed: 2, split: "test", level: level)
        for record in test.records {
            let order = arcOrder(record)  // most to least, as a worked comparison would list it
            let listed = "\(order[0]), \(order[1]), \(order[2]) and \(order[3])".lowercased()
            #expect(!orders.contains { $0.lowercased().contains(listed) }, "\(level): a held-out order is worked in the corpus: \(listed)")
        }
    }
}
