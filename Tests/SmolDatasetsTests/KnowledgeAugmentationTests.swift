import Testing
import SmolCore
@testable import SmolDatasets

// The MMLU-like suite is answerable only if the corpus states each fact in several phrasings and the
// SFT mixture asks about training-split entities only (knowledge augmentation): these tests pin both.

/// The word index of `needle`'s first word in `sentence` (case-insensitive), or nil.
private func wordIndex(of needle: String, in sentence: String) -> Int? {
    let words = sentence.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    let target = needle.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    guard !target.isEmpty, words.count >= target.count else { return nil }
    return (0...(words.count - target.count)).first { Array(words[$0..<$0 + target.count]) == target }
}

/// The value as the fact's sentences name it ("the Dunka" → "Dunka").
private func bareValue(_ fact: FactBase.Fact) -> String { fact.value.hasPrefix("the ") ? String(fact.value.dropFirst(4)) : fact.value }

@Test func everyFactHasFiveParaphrasesWithTheEntityInDifferentPlaces() {
    #expect(FactBase.facts.count == 3000)
    for fact in FactBase.facts {
        #expect(Set(fact.statements).count >= 5, "\(fact.entity) \(fact.attribute): \(fact.statements)")
        let entityAt = fact.statements.compactMap { wordIndex(of: fact.entity, in: $0) }
        let valueAt = fact.statements.compactMap { wordIndex(of: bareValue(fact), in: $0) }
        #expect(entityAt.count == fact.statements.count && valueAt.count == fact.statements.count,
                "every paraphrase names the entity and the value: \(fact.statements)")
        #expect(Set(entityAt).count >= 3, "the entity stands in at least three places: \(fact.statements)")
        let valueFirst = zip(entityAt, valueAt).filter { $0.1 < $0.0 }.count
        #expect(valueFirst >= 1 && valueFirst < fact.statements.count, "both orders, entity then value and value then entity: \(fact.statements)")
        #expect(!fact.statements.contains { $0.lowercased().contains(fact.question.lowercased().dropLast()) }, "no paraphrase is the question")
    }
}

@Test func theCorpusTeachesEveryEntityInSeveralPhrasingsHeldOutOnesIncluded() throws {
    let corpus = try TaskGenerator.generate("edu-corpus", n: 3000, seed: 1).records.map { $0["text"]!.stringValue! }
    var phrasings: [String: [Int]] = [:]  // "entity|attribute" -> the paraphrase index of each mention
    var sentences: [String: Int] = [:]
    for doc in corpus { for s in doc.split(separator: ".") { sentences[s.trimmingCharacters(in: .whitespaces) + ".", default: 0] += 1 } }
    for fact in FactBase.facts {
        for (k, statement) in fact.statements.enumerated() {
            phrasings["\(fact.entity)|\(fact.attribute)", default: []] += Array(repeating: k, count: sentences[statement] ?? 0)
        }
    }
    phrasings = phrasings.filter { !$0.value.isEmpty }
    let taught = Double(phrasings.count) / Double(FactBase.facts.count)
    #expect(taught > 0.75, "share of facts stated at least once in 3000 documents: \(taught)")
    let often = phrasings.values.filter { $0.count >= 3 }
    let varied = Double(often.filter { Set($0).count >= 2 }.count) / Double(often.count)
    #expect(often.count > 300 && varied > 0.9, "of \(often.count) facts stated three times or more, \(varied) in two phrasings or more")
    // Held-out entities are taught too: the test split's questions are about facts the corpus states.
    let test = try TaskGenerator.generate("mmlu-like", n: 200, seed: 1, split: "test")
    let asked = Set(test.records.map { $0["question"]!.stringValue! })
    let testFacts = FactBase.facts.filter { asked.contains($0.question) }
    #expect(testFacts.count == 200)
    #expect(testFacts.filter { phrasings["\($0.entity)|\($0.attribute)"] != nil }.count >= 150)
}

@Test func mmluLikeSplitsByEntitySoAHeldOutEntityIsNeverAskedInTraining() throws {
    func entities(_ split: String) throws -> Set<String> {
        let d = try TaskGenerator.generate("mmlu-like", n: 200, seed: 2, split: split)
        let byQuestion = Dictionary(FactBase.facts.map { ($0.question, $0.entity) }, uniquingKeysWith: { a, _ in a })
        return Set(d.records.map { byQuestion[$0["question"]!.stringValue!]! })
    }
    let train = try entities("train"), dev = try entities("dev"), test = try entities("test")
    #expect(train.isDisjoint(with: test) && train.isDisjoint(with: dev) && dev.isDisjoint(with: test))
    // The SFT mixture asks MMLU-like questions, with lettered choices and without, about training entities only.
    let sft = try TaskGenerator.generate("sft-mixture", n: 2000, seed: 3)
    let heldOut = FactBase.facts.filter { splitOf(key: FactBase.splitKey(subject: $0.subject, entity: $0.entity)) != "train" }
    let heldOutQuestions = Set(heldOut.map(\.question))
    let trainQuestions = Set(FactBase.facts.map(\.question)).subtracting(heldOutQuestions)
    var open = 0, lettered = 0
    for record in sft.records {
        let turns = record["messages"]!.arrayValue!
        let user = turns[0]["content"]!.stringValue!, assistant = turns[1]["content"]!.stringValue!
        let question = String(user.split(separator: "\n").first ?? "")
        #expect(!heldOutQuestions.contains(question), "a held-out entity is asked in training: \(user)")
        if trainQuestions.contains(question) { if user.contains("\nA. ") { lettered += 1 } else { open += 1; #expect(!assistant.contains(". ")) } }
    }
    #expect(open > 80 && lettered > 80, "knowledge questions in both forms: \(open) open, \(lettered) lettered")
    #expect(Double(heldOut.count) / Double(FactBase.facts.count) > 0.15, "about a fifth of the entities are held out (dev and test)")
}

/// A smaller world (`entities:`) keeps the corpus, the questions and the mixture on its first N entities
/// per subject, and states each of its facts more often than the full world does at the same size.
@Test func aSmallerWorldIsTaughtAndAskedAloneAndMoreOften() throws {
    let world = FactWorld(entitiesPerSubject: 20)
    #expect(world.facts.count == 200 && world.entities.values.allSatisfy { $0.count == 20 })
    let inWorld = Set(world.byEntity.keys)
    let outside = Set(FactWorld.full.byEntity.keys).subtracting(inWorld)
    func named(_ texts: [String]) -> Set<String> {
        Set(texts.flatMap { $0.split { !$0.isLetter }.map(String.init) })
    }
    let corpus = try TaskGenerator.generate("edu-corpus", n: 600, seed: 1, entities: 20).records.map { $0["text"]!.stringValue! }
    let questions = try TaskGenerator.generate("mmlu-like", n: 40, seed: 1, split: "test", entities: 20).records.map { $0["question"]!.stringValue! }
    let mixture = try TaskGenerator.generate("sft-mixture", n: 300, seed: 1, entities: 20).records.map { "\($0["messages"]!)" }
    for texts in [corpus, questions, mixture] { #expect(named(texts).isDisjoint(with: outside)) }
    #expect(!named(questions).isDisjoint(with: inWorld))
    // Mentions per fact: the same 600 documents spread over 200 facts instead of 3000.
    let small = corpus.joined().components(separatedBy: world.facts[0].entity).count
    let full = try TaskGenerator.generate("edu-corpus", n: 600, seed: 1).records.map { $0["text"]!.stringValue! }.joined()
        .components(separatedBy: world.facts[0].entity).count
    #expect(small > 4 * full)
}

@Test func entitiesAppliesToTheFactTasksOnlyAndWithinTheWorld() {
    #expect(throws: DatasetError.self) { try TaskGenerator.generate("arc-like", n: 4, seed: 1, entities: 20) }
    #expect(throws: DatasetError.self) { try TaskGenerator.generate("mmlu-like", n: 4, seed: 1, entities: 5) }
    #expect(throws: DatasetError.self) { try TaskGenerator.generate("mmlu-like", n: 4, seed: 1, entities: 301) }
    #expect((try? TaskGenerator.generate("mmlu-like", n: 4, seed: 1, entities: 300).records) == (try? TaskGenerator.generate("mmlu-like", n: 4, seed: 1).records))
}
