import Testing
import SmolCore
@testable import SmolDatasets

@Test func contaminationFindsPlantedOverlaps() throws {
    var train = try TaskGenerator.generate("mmlu-like", n: 600, seed: 1, split: "train")
    let eval = try TaskGenerator.generate("mmlu-like", n: 100, seed: 1, split: "test")
    let clean = Contamination.measure(eval: eval, train: train, n: 8)
    #expect(clean.contaminated == 0, "held-out synthetic items are clean: \(clean)")
    // Plant five eval questions (inside longer training texts) into the training set.
    let planted = eval.records.prefix(5)
    train.records += planted.map { RecordID.assign(["text": .string("Quiz time. " + RecordText.prompt(of: $0) + " Think first.")]) }
    let report = Contamination.measure(eval: eval, train: train, n: 8)
    #expect(report.contaminated == 5 && report.percent == 5.0)
    let flagged = report.hits.filter { $0.overlap >= 0.5 }
    #expect(Set(flagged.map(\.id)) == Set(planted.map { $0["id"]!.stringValue! }))
    #expect(flagged.allSatisfy { $0.overlap == 1.0 })
    #expect(report.description.contains("5.00%"))
}

@Test func contaminationComparesWholeItemsShorterThanN() {
    let train = Dataset(schema: .text, records: [RecordID.assign(["text": "the cat sat"])], name: "train")
    let eval = Dataset(schema: .text, records: [RecordID.assign(["text": "The cat sat!"]), RecordID.assign(["text": "a dog ran"])], name: "eval")
    let report = Contamination.measure(eval: eval, train: train, n: 13)
    #expect(report.contaminated == 1 && report.items == 2)
}

@Test func templatedTasksShareShortNGramsButNotLongOnes() throws {
    // Wording is drawn from many paraphrases, so held-out items share short n-grams with the training
    // split (common phrases) but long ones only rarely: the n parameter matters.
    let train = try TaskGenerator.generate("arc-like", n: 500, seed: 1, split: "train")
    let test = try TaskGenerator.generate("arc-like", n: 50, seed: 1, split: "test")
    let short = Contamination.measure(eval: test, train: train, n: 4)
    let long = Contamination.measure(eval: test, train: train, n: 13)
    #expect(short.contaminated > 0, "\(short)")
    #expect(long.contaminated == 0, "\(long)")
    #expect(long.hits.count < short.hits.count)
}

@Test func aShortItemCopiedInsideALongerTrainingTextIsContaminated() {
    let train = Dataset(schema: .text, records: [RecordID.assign(["text": "Quiz: how many legs does a spider have? Eight, of course."])], name: "train")
    let eval = Dataset(schema: .text, records: [RecordID.assign(["text": "How many legs does a spider have?"]),
                                               RecordID.assign(["text": "How many legs does an ant have?"])], name: "eval")
    let report = Contamination.measure(eval: eval, train: train, n: 8)
    #expect(report.contaminated == 1 && report.hits.map(\.id) == [eval.records[0]["id"]!.stringValue!])
}

@Test func theThresholdDecidesWhatCountsAsContaminated() {
    // 10 words, 3 eight-grams; the training text holds the first 9 words: 2 of 3 eight-grams (67%).
    let train = Dataset(schema: .text, records: [RecordID.assign(["text": "one two three four five six seven eight nine"])], name: "train")
    let eval = Dataset(schema: .text, records: [RecordID.assign(["text": "one two three four five six seven eight nine ten"])], name: "eval")
    #expect(Contamination.measure(eval: eval, train: train, n: 8, threshold: 0.5).contaminated == 1)
    #expect(Contamination.measure(eval: eval, train: train, n: 8, threshold: 0.9).contaminated == 0)
}
