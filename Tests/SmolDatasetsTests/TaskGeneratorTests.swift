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

@Test func arcLikeAnswerFollowsFromTheFacts() throws {
    // Re-derive the order from the three comparison sentences and check the keyed answer.
    let d = try TaskGenerator.generate("arc-like", n: 100, seed: 5)
    for r in d.records {
        let q = r["question"]!.stringValue!
        let choices = r["choices"]!.arrayValue!.map { $0.stringValue! }
        var above: [String: Set<String>] = [:]  // x -> things x has more of the attribute than
        for sentence in q.split(separator: ".").dropLast() {
            for scale in ARCLike.scales {
                for (word, flip) in [(scale.more, false), (scale.less, true)] {
                    let parts = sentence.trimmingCharacters(in: .whitespaces).components(separatedBy: " is \(word) than ")
                    guard parts.count == 2 else { continue }
                    let (x, y) = (parts[0].lowercased(), parts[1].lowercased())
                    if flip { above[y, default: []].insert(x) } else { above[x, default: []].insert(y) }
                }
            }
        }
        func beaten(_ x: String) -> Int {  // how many are below x, transitively
            var seen = Set<String>(), stack = [x]
            while let top = stack.popLast() { for y in above[top] ?? [] where seen.insert(y).inserted { stack.append(y) } }
            return seen.count
        }
        let ranks = choices.map { 3 - beaten($0.lowercased()) }  // 0 = most
        let asked = q.contains("second") ? (q.contains("est?") && ARCLike.scales.contains { q.contains("second \($0.leastQ)") } ? 2 : 1)
            : (ARCLike.scales.contains { q.contains($0.leastQ) } ? 3 : 0)
        #expect(ranks[r["answer"]!.intValue!] == asked, "\(q) \(choices)")
    }
}

@Test func gsmLikeAnswersEndWithTheirFinalNumberAndAreArithmeticallyRight() throws {
    let d = try TaskGenerator.generate("gsm-like", n: 200, seed: 11)
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
