import SmolCore
import SmolEvaluation
import Testing

/// Every IFEval checker on hand-written outputs (strict), then the loose variants.
@Suite struct IFEvalTests {
    static func follows(_ id: String, _ kwargs: JSONValue, _ response: String) throws -> Bool {
        try IFEvalChecker.check(response: response, instructionIDs: [id], kwargs: [kwargs]).strict[0]
    }

    /// (id, kwargs, a response that follows, a response that does not)
    static let cases: [(String, JSONValue, String, String)] = [
        ("keywords:existence", ["keywords": ["Paris", "river"]], "PARIS has a River.", "Paris has a bridge."),
        ("keywords:frequency", ["keyword": "cat", "frequency": 2, "relation": "at least"], "A cat and a Cat.", "One cat."),
        ("keywords:frequency", ["keyword": "cat", "frequency": 2, "relation": "less than"], "One cat.", "cat cat"),
        ("keywords:forbidden_words", ["forbidden_words": ["bad"]], "Badminton is fun.", "That is BAD."),
        ("keywords:letter_frequency", ["letter": "z", "let_frequency": 3, "let_relation": "at least"], "Zig zag zoo", "Zig zag"),
        ("language:response_language", ["language": "en"], "The cat is on the table and it is happy.", "Le chat est sur la table et il est content."),
        ("length_constraints:number_sentences", ["num_sentences": 3, "relation": "less than"], "One. Two.", "One. Two! Three?"),
        ("length_constraints:number_sentences", ["num_sentences": 2, "relation": "at least"], "Dr. Smith came. He left.", "Dr. Smith came at 3.5 p.m."),
        ("length_constraints:number_paragraphs", ["num_paragraphs": 2], "First part.\n***\nSecond part.", "One.\n***\n\n***\nTwo."),
        ("length_constraints:number_words", ["num_words": 5, "relation": "at least"], "one two three four five", "one two, three"),
        ("length_constraints:nth_paragraph_first_word", ["num_paragraphs": 2, "nth_paragraph": 2, "first_word": "then"],
         "Start here.\n\n\"Then, we go.", "Start here.\n\nNext we go."),
        ("detectable_content:number_placeholders", ["num_placeholders": 2], "Dear [name], at [address].", "Dear [name]."),
        ("detectable_content:postscript", ["postscript_marker": "P.S."], "Bye.\n\nP.S. see you", "Bye. PS see you"),
        ("detectable_content:postscript", ["postscript_marker": "P.P.S"], "Bye.\np.p.s more", "Bye. P.S. more"),
        ("detectable_format:number_bullet_lists", ["num_bullets": 2], "* one\n- two", "* one\n** bold\n- two\n- three"),
        ("detectable_format:constrained_response", [:], "Well... My answer is maybe.", "Maybe."),
        ("detectable_format:number_highlighted_sections", ["num_highlights": 2], "*one* and **two**", "*one* and ** **"),
        ("detectable_format:multiple_sections", ["section_spliter": "Section", "num_sections": 2],
         "Section 1\nintro\nSection 2\nbody", "Section 1\nonly"),
        ("detectable_format:json_format", [:], "```json\n{\"a\": [1, 2]}\n```", "{a: 1}"),
        ("detectable_format:title", [:], "<<My Poem>>\nRoses.", "<< >> no title"),
        ("combination:two_responses", [:], "First answer.\n******\nSecond answer.", "Same.\n******\nSame."),
        ("combination:repeat_prompt", ["prompt_to_repeat": "Write a poem."], "write a poem. Here it is.", "Here: Write a poem."),
        ("startend:end_checker", ["end_phrase": "Any other questions?"], "Done. Any other questions?\"", "Any other questions? Yes."),
        ("change_case:capital_word_frequency", ["capital_frequency": 2, "capital_relation": "at least"], "I LOVE NYC-style PIZZA", "i love pizza"),
        ("change_case:capital_word_frequency", ["capital_frequency": 2, "capital_relation": "less than"], "I love pizza", "I LOVE pizza"),
        ("change_case:english_capital", [:], "THIS IS ALL CAPS AND IT IS IN ENGLISH.", "This is not all caps."),
        ("change_case:english_lowercase", [:], "this is all lowercase and it is english.", "this is Not all lowercase."),
        ("punctuation:no_comma", [:], "No commas here.", "Yes, one."),
        ("startend:quotation", [:], "  \"Quoted text.\" ", "\"Unbalanced"),
    ]

    @Test func everyInstructionIsChecked() throws {
        #expect(IFEvalInstruction.ids.count == 25)
        #expect(Set(Self.cases.map(\.0)) == Set(IFEvalInstruction.ids))
        for (id, kwargs, good, bad) in Self.cases {
            #expect(try Self.follows(id, kwargs, good), "\(id) should accept: \(good)")
            #expect(try !Self.follows(id, kwargs, bad), "\(id) should reject: \(bad)")
        }
    }

    @Test func emptyResponsesFollowNothingAndUnknownIDsThrow() throws {
        #expect(try !Self.follows("punctuation:no_comma", [:], "   \n"))
        #expect(throws: EvaluationError.self) { try Self.follows("keywords:nonsense", [:], "x") }
        // Null kwargs (the Hugging Face copy of IFEval writes every key) count as absent.
        #expect(try Self.follows("punctuation:no_comma", ["num_words": nil], "fine"))
    }

    @Test func looseTriesTheEightVariants() throws {
        // A preamble line breaks strict but not loose (the first line is dropped).
        let ids = ["startend:quotation", "detectable_format:title", "punctuation:no_comma"]
        let kwargs: [JSONValue] = [[:], [:], [:]]
        let verdict = try IFEvalChecker.check(response: "Sure, here it is:\n\"<<Title>> text\"", instructionIDs: ids, kwargs: kwargs)
        #expect(verdict.strict == [false, true, false])
        #expect(verdict.loose == [true, true, true])
        #expect(!verdict.promptStrict && verdict.promptLoose)
        // Markdown stars removed: "**My answer is yes.**" keeps the option either way; a bold end phrase needs loose.
        let end = try IFEvalChecker.check(response: "Text.\n**Any other questions?**", instructionIDs: ["startend:end_checker"],
                                          kwargs: [["end_phrase": "Any other questions?"]])
        #expect(end.strict == [false] && end.loose == [true])
        #expect(IFEvalChecker.looseVariants("a\nb\nc") == ["a\nb\nc", "a\nb\nc", "b\nc", "a\nb", "b", "b\nc", "a\nb", "b"])
    }

    @Test func accuraciesArePromptAndInstructionLevel() {
        let verdicts = [IFEvalChecker.Verdict(strict: [true, false], loose: [true, true]),
                        IFEvalChecker.Verdict(strict: [true], loose: [true])]
        let values = Dictionary(uniqueKeysWithValues: IFEvalChecker.accuracies(verdicts).map { ($0.name, $0.value) })
        #expect(values["prompt_level_strict_acc"] == 0.5)
        #expect(values["inst_level_strict_acc"] == 2.0 / 3.0)
        #expect(values["prompt_level_loose_acc"] == 1)
        #expect(values["inst_level_loose_acc"] == 1)
    }

    @Test func sentencesAndCapitalWordsUseTheDocumentedTokenisation() {
        #expect(IFEvalText.splitIntoSentences("Mr. Smith met Dr. Who at 3.5 p.m. in the U.S. It rained. Really?!") ==
                ["Mr. Smith met Dr. Who at 3.5 p.m. in the U.S.", "It rained.", "Really?", "!"])
        #expect(IFEvalText.countSentences("Wait... what") == 2)
        #expect(IFEvalText.wordTokens("DON'T stop-the-MUSIC, OK?") == ["DON'T", "stop-the-MUSIC", ",", "OK", "?"])
        #expect(IFEvalText.countWords("it's a well-known fact") == 6)
    }
}
