import SmolCore
import SmolDatasets
import SmolTokenizers
@testable import SmolTraining
import Testing

/// Translation pairs train a tagged conditional model: the prompt `<en> source <ar>` is masked, the target and
/// its EOS are supervised, and prompt and target are tokenised apart, as `translate.run(format: "tagged")` sees them.
@Suite struct TaggedTranslationExamplesTests {
    static func pairs(_ texts: [(String, String)]) -> Dataset {
        var records = texts.map { RecordID.assign(.object([("source", .string($0.0)), ("target", .string($0.1)),
                                                           ("source_lang", .string("en")), ("target_lang", .string("ar"))])) }
        RecordID.makeUnique(&records)
        return Dataset(schema: .translation, records: records, name: "pairs")
    }

    @Test func onlyTheTargetAndItsEndAreSupervised() throws {
        let data = Self.pairs([("Open the file.", "افتح الملف."), ("Germany", "ألمانيا")])
        let tokenizer = try Tokenizer.train(corpus: ["Open the file. Germany <en> <ar>", "افتح الملف. ألمانيا"], vocabularySize: 300,
                                            specialTokens: ["<|endoftext|>"], minFrequency: 1)
        let eos = try #require(tokenizer.eosTokenID)
        let examples = try SupervisedExamples(dataset: data, tokenizer: tokenizer, template: .chatml, maxLength: 256, threads: 2)
        #expect(examples.count == 2)
        for (i, (source, target)) in [("Open the file.", "افتح الملف."), ("Germany", "ألمانيا")].enumerated() {
            let prompt = tokenizer.encode(TaggedTranslation.prompt(source, from: "en", to: "ar"), addSpecialTokens: true)
            let continuation = tokenizer.encode(" " + target) + [eos]
            #expect(examples.ids[i] == prompt + continuation)
            #expect(examples.labels[i] == Array(repeating: SupervisedExamples.ignoreLabel, count: prompt.count) + continuation)
            #expect(examples.supervisedTokens(i) == continuation.count)
        }
    }

    @Test func aPairCutBeforeItsTargetIsLeftOutAndCounted() throws {
        let long = String(repeating: "word ", count: 40)
        let data = Self.pairs([(long, "كلمة"), ("short", "قصير")])
        let tokenizer = try Tokenizer.train(corpus: [long, "short كلمة قصير"], vocabularySize: 280, specialTokens: ["<|endoftext|>"],
                                            minFrequency: 1)
        let examples = try SupervisedExamples(dataset: data, tokenizer: tokenizer, template: .chatml, maxLength: 12, threads: 1)
        // The long pair loses its whole target at 12 tokens: nothing supervised, so it is dropped (as open-instruct
        // drops such examples); what is kept fits.
        #expect(examples.count == 1)
        #expect(examples.dropped == 1)
        #expect(examples.truncated >= 1)
        #expect(examples.ids.allSatisfy { $0.count <= 12 })
    }
}
