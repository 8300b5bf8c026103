import SmolCore
import SmolEvaluation
import Testing

@Suite struct PerturbationTests {
    static let item = MCQItem(id: "q1", question: "  Which is largest? ", choices: ["one", "two", "three", "four"], answer: 2, subject: "numbers")

    static func presented(_ condition: String, seed: UInt64 = 7, format: PromptFormat = .mmlu) throws -> PresentedItem {
        try PresentedItem(item, style: PromptStyle(format: format)).applying(try Condition(condition), seed: seed)
    }

    @Test func theStandardPromptsReadAsDocumented() throws {
        let mmlu = try Self.presented("original")
        #expect(MCQPrompt.context(.symbol, mmlu, shots: []) == """
            The following are multiple choice questions (with answers) about numbers.

            Which is largest?
            A. one
            B. two
            C. three
            D. four
            Answer:
            """)
        #expect(MCQPrompt.continuation(.symbol, mmlu, slot: 2) == " C")
        #expect(MCQPrompt.continuation(.hybrid, mmlu, slot: 2) == " three")
        let study = try Self.presented("original", format: .study)
        #expect(MCQPrompt.context(.symbol, study, shots: []).hasSuffix("Question: Which is largest?\nChoices:\nA. one\nB. two\nC. three\nD. four\nAnswer:"))
        #expect(MCQPrompt.context(.cloze, study, shots: []).hasSuffix("numbers.\n\nQuestion: Which is largest?\nAnswer:"))
        #expect(MCQPrompt.context(.unconditional, study, shots: []) == "")
        let edited = try Self.presented("no_description+header+extra_space")
        #expect(MCQPrompt.context(.symbol, edited, shots: []) == "Which is largest?\nChoices:\nA. one\nB. two\nC. three\nD. four\n Answer:")
        #expect(MCQPrompt.context(.symbol, try Self.presented("no_header", format: .study), shots: []).contains("?\nA. one"))
    }

    @Test func shotsAreAnsweredAndSeparatedByBlankLines() throws {
        let shot = PresentedItem(MCQItem(id: "s", question: "Pick two.", choices: ["1", "2"], answer: 1, subject: "numbers"),
                                 style: PromptStyle(format: .mmlu))
        let p = try Self.presented("original")
        let context = MCQPrompt.context(.symbol, p, shots: [shot])
        #expect(context == "The following are multiple choice questions (with answers) about numbers.\n\nPick two.\nA. 1\nB. 2\nAnswer: B\n\nWhich is largest?\nA. one\nB. two\nC. three\nD. four\nAnswer:")
        #expect(MCQPrompt.context(.hybrid, p, shots: [shot]).contains("Answer: 2\n\n"))
        #expect(MCQPrompt.context(.cloze, p, shots: [shot]).contains("Pick two.\nAnswer: 2\n\nWhich is largest?\nAnswer:"))
    }

    @Test func fixMovesTheGoldToTheSlot() throws {
        for (slot, name) in ["fix_A", "fix_B", "fix_C", "fix_D"].enumerated() {
            let p = try Self.presented(name)
            #expect(p.gold == slot && p.text(slot) == "three")
            #expect(Set(p.order) == [0, 1, 2, 3])
        }
        // The study's option fixing swaps the two slots and leaves the rest.
        #expect(try Self.presented("fix_A").order == [2, 1, 0, 3])
    }

    @Test func swapAndDerangementMoveEveryChoice() throws {
        #expect(try Self.presented("swap_AC_BD").order == [2, 3, 0, 1])
        for seed in 0..<50 as Range<UInt64> {
            let p = try Self.presented("derange", seed: seed)
            #expect(p.order.enumerated().allSatisfy { $0 != $1 } && Set(p.order) == [0, 1, 2, 3])
        }
    }

    @Test func shuffledLinesKeepTheirLabels() throws {
        let p = try Self.presented("shuffle_lines", seed: 3)
        #expect(p.order == [0, 1, 2, 3] && p.gold == 2)
        let lines = MCQPrompt.listedQuestion(p).split(separator: "\n").filter { $0.contains(". ") }
        #expect(Set(lines) == ["A. one", "B. two", "C. three", "D. four"])
        #expect(lines.map { String($0.prefix(1)) } == p.lineOrder.map { p.labels[$0] })
    }

    @Test func otherSymbolsRelabelPromptAndTargets() throws {
        #expect(try Self.presented("symbols_numeric").labels == ["1", "2", "3", "4"])
        #expect(try Self.presented("symbols_lower").labels == ["a", "b", "c", "d"])
        let rare = try Self.presented("symbols_rare")
        #expect(rare.labels == ["$", "&", "#", "@"])
        #expect(MCQPrompt.listedQuestion(rare).contains("#. three") && MCQPrompt.continuation(.symbol, rare, slot: 2) == " #")
        #expect(try Self.presented("symbols:α|β|γ|δ").labels == ["α", "β", "γ", "δ"])
        #expect(throws: EvaluationError.self) { try Self.presented("symbols:x|y") }
        #expect(throws: EvaluationError.self) { try Condition("fix_Q") }
    }

    @Test func injectionShowsTheItemWithItsOrAWrongAnswer() throws {
        let right = try Self.presented("inject_correct")
        #expect(right.injectedSlot == 2)
        let context = MCQPrompt.context(.symbol, right, shots: [])
        #expect(context.components(separatedBy: "Which is largest?").count == 3)
        #expect(context.contains("D. four\nAnswer: C\n\nWhich is largest?"))
        for seed in 0..<20 as Range<UInt64> {
            let wrong = try Self.presented("inject_wrong", seed: seed)
            #expect(wrong.injectedSlot != nil && wrong.injectedSlot != wrong.gold)
        }
    }

    /// Invariant: an item's text under a perturbation depends on (seed, item id, name) only: evaluating
    /// it among more items (before and after it) changes none of its contexts or choice orders.
    @Test func perturbedTextsAreStableWhenItemsAreAdded() throws {
        let few = Fixtures.items(4), more = Fixtures.items(6, offset: 20) + Fixtures.items(4) + Fixtures.items(3, offset: 40)
        let dev = Fixtures.items(6, offset: 60)
        let conditions = try ["derange", "shuffle_lines", "inject_wrong", "fix_B+derange+symbols_rare"].map(Condition.init)
        let settings = MCQSettings(task: "t", format: .study, conditions: conditions, scorings: [.symbol], shots: 1, sampler: .seeded, seed: 11)
        let a = try MCQEvaluation.run(try Fixtures.scorer(), model: "m", items: few, pool: dev, settings: settings)
        let b = try MCQEvaluation.run(try Fixtures.scorer(), model: "m", items: more, pool: dev, settings: settings)
        for record in a {
            let same = try #require(b.first { $0.itemID == record.itemID && $0.condition == record.condition })
            #expect(same.contexts == record.contexts && same.gold == record.gold && same.injected == record.injected)
            #expect(same.choices.map { [$0.label, $0.text, "\($0.original)"] } == record.choices.map { [$0.label, $0.text, "\($0.original)"] })
        }
        // The same derangement whether the condition is alone or combined after a label change.
        let x = try Self.presented("derange", seed: 5), y = try Self.presented("symbols_rare+derange", seed: 5)
        #expect(x.order == y.order)
    }

    /// Permuting the choices permutes the per-choice records and leaves cloze accuracy unchanged.
    @Test func permutingChoicesPermutesRecordsAndKeepsClozeAccuracy() throws {
        let items = Fixtures.items(6)
        let settings = MCQSettings(task: "t", format: .mmlu, conditions: [try Condition("original"), try Condition("derange"), try Condition("swap_AC_BD")],
                                   scorings: [.cloze, .clozeNorm, .pmi], seed: 3)
        let records = try MCQEvaluation.run(try Fixtures.scorer(), model: "m", items: items, pool: [], settings: settings)
        let original = records.filter { $0.condition == "original" }
        for condition in ["derange", "swap_AC_BD"] {
            let permuted = records.filter { $0.condition == condition }
            for (a, b) in zip(original, permuted) {
                #expect(a.itemID == b.itemID)
                for choice in b.choices {
                    let same = a.choices[choice.original]
                    #expect(choice.text == same.text)
                    #expect(choice.scores[.cloze] == same.scores[.cloze])
                    #expect(choice.scores[.unconditional] == same.scores[.unconditional])
                }
                for method in [ScoringMethod.cloze, .clozeNorm, .pmi] { #expect(a.correct(method) == b.correct(method)) }
                #expect(b.choices[b.gold].original == items[a.index].answer)
            }
        }
    }

    @Test func fewShotSamplers() {
        let pool = Fixtures.items(10)
        // Item 3 has no subject: the first others of the pool. Item 4 is "arithmetic": the first of its subject.
        #expect(FewShotSampler.firstN.shots(for: pool[3], k: 3, pool: pool, seed: 0).map(\.id) == ["item-0", "item-1", "item-2"])
        #expect(FewShotSampler.firstN.shots(for: pool[4], k: 3, pool: pool, seed: 0).map(\.id) == ["item-0", "item-2", "item-6"])
        let seeded = FewShotSampler.seeded.shots(for: pool[3], k: 3, pool: pool, seed: 4)
        #expect(seeded.count == 3 && Set(seeded.map(\.id)).count == 3 && !seeded.contains { $0.id == "item-3" })
        #expect(seeded == FewShotSampler.seeded.shots(for: pool[3], k: 3, pool: pool, seed: 4))
    }
}
