import Testing
import SmolCore
@testable import SmolDatasets

// The reasoning-like suites take a difficulty level: it changes what is chained and how big the
// numbers are, never the split discipline.

/// The number of `<<…>>` calculator steps in a worked answer.
private func steps(_ answer: String) -> Int { answer.components(separatedBy: "<<").count - 1 }

/// Every integer written in a text.
private func numbers(_ text: String) -> [Int] { text.split { !$0.isNumber }.compactMap { Int($0) } }

@Test func theDefaultLevelIsEasyAndLevelsChangeTheItems() throws {
    for task in Difficulty.tasks {
        let implicit = try TaskGenerator.generate(task, n: 30, seed: 1)
        let easy = try TaskGenerator.generate(task, n: 30, seed: 1, level: .easy)
        #expect(implicit.canonicalJSONL() == easy.canonicalJSONL(), "\(task): no level means \(Difficulty.standard)")
        let texts = try Difficulty.allCases.map { try TaskGenerator.generate(task, n: 30, seed: 1, level: $0).canonicalJSONL() }
        #expect(Set(texts).count == 3, "\(task): each level gives other items")
        #expect(try TaskGenerator.generate(task, n: 30, seed: 1, level: .medium).canonicalJSONL() == texts[1], "deterministic per level")
    }
}

@Test func aLevelForATaskWithoutLevelsIsAnError() {
    for task in ["hellaswag-like", "mmlu-like", "ifeval-like", "edu-corpus"] {
        #expect(throws: DatasetError.self) { try TaskGenerator.generate(task, n: 1, seed: 0, level: .hard) }
        #expect(throws: Never.self) { try TaskGenerator.generate(task, n: 1, seed: 0) }
    }
}

@Test func arcLikeLevelsChainInOrderShuffleThenMixWordingAndRanks() throws {
    let comparatives = Set(ARCLike.scales.map(\.more)), lesser = Set(ARCLike.scales.map(\.less))
    for level in Difficulty.allCases {
        let d = try TaskGenerator.generate("arc-like", n: 200, seed: 5, level: level)
        var inOrder = 0, lessWording = 0, secondRanks = 0
        for r in d.records {
            let q = r["question"]!.stringValue!
            let choices = r["choices"]!.arrayValue!.map { $0.stringValue! }
            let facts = q.split(separator: ".").filter { s in (comparatives.union(lesser)).contains { s.contains(" \($0) than ") } }
            #expect(facts.count == 3, "\(q)")
            // In chain order, the object of each comparison is the subject of the next.
            let pairs = facts.map { s -> (String, String) in
                let right = s.components(separatedBy: " than ").last!.trimmingCharacters(in: .whitespaces)
                let left = choices.filter { s.lowercased().contains($0.lowercased() + " is") }.max { $0.count < $1.count } ?? ""
                return (left.lowercased(), right.lowercased())
            }
            if zip(pairs, pairs.dropFirst()).allSatisfy({ $0.0.1 == $0.1.0 }) { inOrder += 1 }
            if facts.contains(where: { s in lesser.subtracting(comparatives).contains { s.contains(" \($0) than ") } }) { lessWording += 1 }
            if q.contains(" second ") { secondRanks += 1 }
        }
        switch level {
        case .easy: #expect(inOrder == 200 && lessWording == 0 && secondRanks == 0, "\(inOrder) \(lessWording) \(secondRanks)")
        case .medium: #expect(inOrder < 80 && lessWording == 0 && secondRanks == 0, "\(inOrder) \(lessWording) \(secondRanks)")
        case .hard: #expect(lessWording > 100 && secondRanks > 60, "\(lessWording) \(secondRanks)")
        }
    }
}

@Test func gsmLikeLevelsTakeOneTwoOrMoreStepsOverGrowingNumbers() throws {
    for level in Difficulty.allCases {
        let d = try TaskGenerator.generate("gsm-like", n: 300, seed: 6, level: level)
        let counts = d.records.map { steps($0["answer"]!.stringValue!) }
        let largest = d.records.flatMap { numbers($0["question"]!.stringValue!) + [Int($0["final"]!.stringValue!)!] }.max()!
        switch level {
        case .easy: #expect(Set(counts) == [1] && largest <= 25, "\(Set(counts)) \(largest)")
        case .medium: #expect(Set(counts) == [2] && largest <= 35, "\(Set(counts)) \(largest)")
        case .hard: #expect(counts.allSatisfy { $0 >= 2 } && counts.contains(3) && largest > 100, "\(Set(counts)) \(largest)")
        }
        #expect(d.records.allSatisfy { Int($0["final"]!.stringValue!)! >= 0 })
    }
    // The mixtures follow their level: an easy SFT mixture's worked answers are one step.
    let sft = try TaskGenerator.generate("sft-mixture", n: 300, seed: 6, level: .easy)
    let worked = sft.records.map { $0["messages"]!.arrayValue![1]["content"]!.stringValue! }.filter { $0.contains("####") }
    #expect(worked.count > 30 && worked.allSatisfy { steps($0) == 1 })
}

@Test(arguments: ["arc-like", "gsm-like"])
func levelsKeepHeldOutQuestionsOutOfTrainingAtEveryOtherLevel(task: String) throws {
    // Arc-like items of one level and another share their split when they compare the same four, so a
    // held-out set of facts never reaches training at any level; gsm-like levels share no problem at all.
    func facts(_ record: JSONValue) -> String {
        task == "arc-like" ? arcOrder(record).joined(separator: ",") : record["question"]!.stringValue!
    }
    for trainLevel in Difficulty.allCases {
        let train = Set(try TaskGenerator.generate(task, n: 600, seed: 1, level: trainLevel).records.map(facts))
        for testLevel in Difficulty.allCases {
            let test = Set(try TaskGenerator.generate(task, n: 100, seed: 2, split: "test", level: testLevel).records.map(facts))
            #expect(train.isDisjoint(with: test), "\(task): \(trainLevel) train and \(testLevel) test share \(train.intersection(test).prefix(2))")
        }
    }
}
