import Testing
import SmolCore
@testable import SmolDatasets

@Test(arguments: TaskGenerator.names)
func generatorIsByteIdenticalForASeedAndDiffersForAnother(task: String) throws {
    let a = try TaskGenerator.generate(task, n: 40, seed: 7)
    let b = try TaskGenerator.generate(task, n: 40, seed: 7)
    let c = try TaskGenerator.generate(task, n: 40, seed: 8)
    #expect(a.count == 40)
    #expect(a.canonicalJSONL() == b.canonicalJSONL())
    #expect(a.canonicalJSONL() != c.canonicalJSONL())
    // The output is valid canonical data of its schema: it reloads through the strict reader.
    let path = writeTemp(a.canonicalJSONL())
    let (reloaded, skipped) = try DatasetReader.load(path: path, schema: a.schema)
    #expect(skipped.isEmpty && reloaded.canonicalJSONL() == a.canonicalJSONL(), "canonical output reloads losslessly")
}

@Test(arguments: TaskGenerator.names)
func splitsAreDisjoint(task: String) throws {
    let train = try TaskGenerator.generate(task, n: 200, seed: 1, split: "train")
    let dev = try TaskGenerator.generate(task, n: 20, seed: 2, split: "dev")
    let test = try TaskGenerator.generate(task, n: 20, seed: 3, split: "test")
    let trainIDs = Set(train.records.map { $0["id"]!.stringValue! })
    #expect(Set(train.records.map { RecordText.prompt(of: $0) }).isDisjoint(with: test.records.map { RecordText.prompt(of: $0) }))
    #expect(trainIDs.isDisjoint(with: test.records.map { $0["id"]!.stringValue! }))
    #expect(trainIDs.isDisjoint(with: dev.records.map { $0["id"]!.stringValue! }))
    #expect(trainIDs.count == 200, "no duplicates inside a split")
}

@Test func multipleChoiceItemsAreWellFormed() throws {
    for task in ["arc-like", "hellaswag-like", "mmlu-like"] {
        let d = try TaskGenerator.generate(task, n: 300, seed: 3)
        var answers = [0, 0, 0, 0]
        for r in d.records {
            let choices = r["choices"]!.arrayValue!.map { $0.stringValue! }
            #expect(choices.count == 4 && Set(choices).count == 4, "\(task): \(r.compactText())")
            answers[r["answer"]!.intValue!] += 1
        }
        #expect(answers.allSatisfy { $0 > 40 }, "\(task): answers spread over A–D: \(answers)")
    }
}

@Test(arguments: ["arc-like", "hellaswag-like", "mmlu-like"])
func correctAnswerPositionsAreBalanced(task: String) throws {
    let d = try TaskGenerator.generate(task, n: 200, seed: 4, split: "test")
    let answers = d.records.map { $0["answer"]!.intValue! }
    for block in stride(from: 0, to: answers.count, by: 4) {
        #expect(Set(answers[block..<block + 4]) == [0, 1, 2, 3], "\(task): each slot once per block of four")
    }
    #expect((0..<4).map { slot in answers.filter { $0 == slot }.count } == [50, 50, 50, 50])
    #expect(answers.prefix(8) != answers.dropFirst(8).prefix(8) || answers.prefix(4) != answers.dropFirst(4).prefix(4), "block order varies")
}

@Test(arguments: Difficulty.allCases)
func arcLikeAnswerFollowsFromTheFacts(level: Difficulty) throws {
    // Re-derive the order from the three comparison sentences ("[lead-in] X is [modifier] MORE|LESS than Y.")
    // and check the keyed answer; the four choices are exactly the entities compared.
    let d = try TaskGenerator.generate("arc-like", n: 300, seed: 5, level: level)
    for r in d.records {
        let q = r["question"]!.stringValue!
        let choices = r["choices"]!.arrayValue!.map { $0.stringValue!.lowercased() }
        var above: [String: Set<String>] = [:]  // x -> things x has more of the attribute than
        var facts = 0
        for sentence in q.lowercased().split(separator: ".").map(String.init) {
            for (word, flip) in Set(ARCLike.scales.flatMap { [Comparison(word: $0.more, less: false), Comparison(word: $0.less, less: true)] })
                .map({ ($0.word, $0.less) }) {
                do {
                    let parts = sentence.components(separatedBy: " \(word) than ")
                    let head = parts[0] + " "  // "x is " or "x is <modifier> "
                    guard parts.count == 2, let isAt = head.range(of: " is ", options: .backwards) else { continue }
                    let left = String(head[..<isAt.lowerBound]), right = parts[1].trimmingCharacters(in: .whitespaces)
                    guard let x = choices.filter({ left.hasSuffix($0) }).max(by: { $0.count < $1.count }),
                          let y = choices.first(where: { right == $0 }) else { continue }
                    if flip { above[y, default: []].insert(x) } else { above[x, default: []].insert(y) }
                    facts += 1
                }
            }
        }
        #expect(facts == 3, "three comparisons parsed: \(q)")
        func beaten(_ x: String) -> Int {  // how many are below x, transitively
            var seen = Set<String>(), stack = [x]
            while let top = stack.popLast() { for y in above[top] ?? [] where seen.insert(y).inserted { stack.append(y) } }
            return seen.count
        }
        let ranks = choices.map { 3 - beaten($0) }  // 0 = most
        let lower = q.lowercased()
        let least = ARCLike.scales.contains { lower.contains("the \($0.leastQ)") || lower.contains("the second \($0.leastQ)") }
            && !ARCLike.scales.contains { lower.contains("the \($0.mostQ)") || lower.contains("the second \($0.mostQ)") }
        let asked = lower.contains("the second ") ? (least ? 2 : 1) : (least ? 3 : 0)
        #expect(ranks[r["answer"]!.intValue!] == asked, "\(q) \(choices)")
    }
}

@Test(arguments: Difficulty.allCases)
func gsmLikeAnswersEndWithTheirFinalNumberAndAreArithmeticallyRight(level: Difficulty) throws {
    let d = try TaskGenerator.generate("gsm-like", n: 200, seed: 11, level: level)
    for r in d.records {
        let answer = r["answer"]!.stringValue!
        #expect(answer.hasSuffix("#### " + r["final"]!.stringValue!))
        // Every <<expr=value>> annotation evaluates to its value.
        for match in answer.split(separator: "<<").dropFirst() {
            let inner = match.split(separator: ">>")[0]
            let sides = inner.split(separator: "=")
            #expect(evaluate(String(sides[0])) == Int(sides[1]), "\(inner)")
        }
    }
}

@Test(arguments: Difficulty.allCases)
func gsmLikeQuestionsNameWhoTheAnswerIsAboutAndWhoGivesThingsAway(level: Difficulty) throws {
    let d = try TaskGenerator.generate("gsm-like", n: 1000, seed: 12, level: level)
    let names = Set(Vocabulary.names)
    for r in d.records {
        let question = r["question"]!.stringValue!, answer = r["answer"]!.stringValue!
        func people(_ text: String) -> Set<String> { Set(text.split { !$0.isLetter }.map(String.init)).intersection(names) }
        #expect(people(answer).isSubset(of: people(question)), "the answer's people are introduced: \(question) → \(answer)")
        // A sentence where things are given or handed away has the owner (the answer's person) or a
        // pronoun for them as its subject, not a neighbour or a parcel.
        for sentence in question.split(separator: ".") where (sentence.contains(" gives ") || sentence.contains(" hands ")) && !sentence.contains("%") {
            let words = Set(sentence.split { !$0.isLetter }.map { $0.lowercased() })
            #expect(!words.isDisjoint(with: ["he", "she"]) || !people(String(sentence)).isDisjoint(with: people(answer)), "who gives? \(question)")
        }
    }
}

/// A comparative word and whether it means "has less of the attribute" (scales share some, like "shorter").
private struct Comparison: Hashable { var word: String; var less: Bool }

/// Evaluates +, -, *, / over integers left to right with * and / first.
private func evaluate(_ expression: String) -> Int {
    var terms: [Int] = [], signs: [Int] = [1]
    var current = 0, op: Character = "*", value = 1, first = true
    var number = ""
    func flush() {
        let n = Int(number)!; number = ""
        if first { value = n; first = false } else if op == "*" { value *= n } else { value /= n }
    }
    for ch in expression + "+" {
        if ch.isNumber { number.append(ch); continue }
        flush()
        if ch == "*" || ch == "/" { op = ch } else { terms.append(value); signs.append(ch == "-" ? -1 : 1); first = true }
    }
    for (k, t) in terms.enumerated() { current += signs[k] * t }
    return current
}

@Test func ifevalLikeResponsesPassTheirCheckerAndViolationsFailIt() throws {
    let d = try TaskGenerator.generate("ifeval-like", n: 300, seed: 2)
    var ids = Set<String>()
    for r in d.records {
        ids.formUnion(r["instruction_id_list"]!.arrayValue!.map { $0.stringValue! })
        let good = IFEvalLike.respond(to: r)
        #expect(IFEvalLike.check(good, against: r).allSatisfy { $0 }, "\(r.compactText())\n---\n\(good)")
        #expect(IFEvalLike.check(IFEvalLike.violate(r), against: r).first == false, "\(r.compactText())")
    }
    #expect(ids == Set(IFEvalLike.instructionIDs))
}

@Test func preferencePairsDifferAndSFTAnswersAreTheChosenOnes() throws {
    let prefs = try TaskGenerator.generate("preference-pairs", n: 200, seed: 4)
    for r in prefs.records { #expect(r["chosen"] != r["rejected"]) }
    let sft = try TaskGenerator.generate("sft-mixture", n: 200, seed: 4)
    let roles = sft.records.map { $0["messages"]!.arrayValue!.map { Messages.role($0) } }
    #expect(roles.allSatisfy { $0 == ["user", "assistant"] })
    let gsm = sft.records.filter { $0["messages"]!.arrayValue![1]["content"]!.stringValue!.contains("####") }
    #expect(gsm.count > 20, "the mixture contains worked math answers")
}

@Test func eduCorpusTeachesTheMMLULikeFacts() throws {
    let corpus = try TaskGenerator.generate("edu-corpus", n: 400, seed: 1)
    let text = corpus.records.map { $0["text"]!.stringValue! }.joined(separator: "\n")
    let mc = try TaskGenerator.generate("mmlu-like", n: 50, seed: 1, split: "test")
    let taught = mc.records.filter { r in
        let answer = r["choices"]!.arrayValue![r["answer"]!.intValue!].stringValue!
        return text.contains(answer.replacingOccurrences(of: "the ", with: ""))
    }
    #expect(taught.count > 25)
    #expect(LanguageID.shares(corpus).first?.language == "en")
}

@Test func unknownTaskSuggestsTheClosestName() {
    #expect(throws: DatasetError.self) { try TaskGenerator.generate("gsm-lik", n: 1, seed: 0) }
    let message = (try? TaskGenerator.generate("gsm-lik", n: 1, seed: 0)).map { _ in "" } ?? DatasetError.unknownTask(name: "gsm-lik", known: TaskGenerator.names).description
    #expect(message.contains("did you mean \"gsm-like\""))
    #expect(throws: DatasetError.self) { try TaskGenerator.generate("gsm-like", n: 1, seed: 0, split: "validation") }
}

/// Held-out test items of every evaluated task stay far from the SFT mixture by word n-grams, as real
/// benchmarks are from real SFT data: at most 5% of items share half their 13-grams, at most 20% their 8-grams.
@Test(arguments: ["arc-like", "gsm-like", "hellaswag-like", "ifeval-like", "mmlu-like"])
func heldOutItemsAreNotContaminatedByTheSFTMixture(task: String) throws {
    let train = try TaskGenerator.generate("sft-mixture", n: 2000, seed: 1, split: "train")
    let test = try TaskGenerator.generate(task, n: 200, seed: 1, split: "test")
    let at8 = Contamination.measure(eval: test, train: train, n: 8)
    let at13 = Contamination.measure(eval: test, train: train, n: 13)
    #expect(at8.percent <= 20, "\(task) at n=8: \(at8)")
    #expect(at13.percent <= 5, "\(task) at n=13: \(at13)")
    // The measure is live: the mixture does share short phrases with the test items.
    #expect(!Contamination.measure(eval: test, train: train, n: 3).hits.isEmpty)
}

@Test func paraphrasedWordingStillFollowsTheTask() throws {
    // Wording varies, but formats stay fixed: ifeval prompts name their topic, hellaswag contexts end
    // on the subject the answer continues, and gsm questions end with a question or a request.
    let ifeval = try TaskGenerator.generate("ifeval-like", n: 200, seed: 9)
    #expect(ifeval.records.allSatisfy { r in Vocabulary.topics.contains { r["prompt"]!.stringValue!.contains($0) } })
    #expect(Set(ifeval.records.map { $0["prompt"]!.stringValue!.prefix(24) }).count > 60, "openings vary")
    let hella = try TaskGenerator.generate("hellaswag-like", n: 200, seed: 9)
    for r in hella.records where r["subject"]!.stringValue! == "procedure" {
        let q = r["question"]!.stringValue!
        #expect(!q.hasSuffix(".") && !q.hasSuffix(","), "\(q)")
    }
}

@Test func mmluLikeTestHas200DistinctQuestionsAndRepeatsOnlyWhenExhausted() throws {
    let test = try TaskGenerator.generate("mmlu-like", n: 200, seed: 1, split: "test")
    #expect(TaskGenerator.distinctQuestions(test) == 200)
    // Beyond the distinct questions of a split, questions come back (with other distractors), and that is measurable.
    let facts = FactBase.facts.filter { splitOf(key: FactBase.splitKey(subject: $0.subject, entity: $0.entity)) == "test" }.count
    let more = try TaskGenerator.generate("mmlu-like", n: facts + 20, seed: 1, split: "test")
    #expect(more.count == facts + 20 && TaskGenerator.distinctQuestions(more) <= facts && TaskGenerator.distinctQuestions(more) > 200)
}

/// `families:` builds a mixture from the chosen task families only; without it the mixture is the one
/// it always was (its pinned hash is checked elsewhere).
@Test func aMixtureOfChosenFamiliesHoldsOnlyTheirItems() throws {
    let arcOnly = try TaskGenerator.generate("sft-mixture", n: 60, seed: 1, families: ["arc-like"])
    let asked = arcOnly.records.map { $0["messages"]!.arrayValue![0]["content"]!.stringValue! }
    let scales = ARCLike.scales.flatMap { [$0.mostQ, $0.leastQ] }
    #expect(asked.allSatisfy { question in scales.contains { question.contains("the \($0)") } })
    let pairs = try TaskGenerator.generate("preference-pairs", n: 40, seed: 1, families: ["gsm-like", "mmlu-like"])
    #expect(pairs.records.allSatisfy { "\($0["chosen"]!)".contains("####") || "\($0["prompt"]!)".contains("?") })
    #expect(pairs.records.contains { "\($0["chosen"]!)".contains("####") })
    let everything = try TaskGenerator.generate("sft-mixture", n: 30, seed: 1, families: Mixtures.families)
    #expect(everything.count == 30)
}

@Test func familiesAppliesToMixturesOnly() {
    #expect(throws: DatasetError.self) { try TaskGenerator.generate("arc-like", n: 4, seed: 1, families: ["arc-like"]) }
    #expect(throws: DatasetError.self) { try TaskGenerator.generate("sft-mixture", n: 4, seed: 1, families: ["lambada"]) }
    #expect(throws: DatasetError.self) { try TaskGenerator.generate("sft-mixture", n: 4, seed: 1, families: []) }
}
