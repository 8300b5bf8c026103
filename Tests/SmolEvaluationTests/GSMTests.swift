import SmolCore
import SmolEvaluation
import Testing

/// lm-evaluation-harness gsm8k's two filters and exact match, on hand-written outputs.
@Suite struct GSMTests {
    @Test func strictMatchTakesTheFirstHashAnswer() {
        #expect(GSMTask.strictMatch("She has 9 - 2 = 7 left.\n#### 72") == "72")
        #expect(GSMTask.strictMatch("#### 1,234 and then #### 5") == "1,234")
        #expect(GSMTask.strictMatch("#### -3.5") == "-3.5")
        #expect(GSMTask.strictMatch("#### $5") == GSMTask.invalid)          // the strict regex has no $
        #expect(GSMTask.strictMatch("The answer is 5") == GSMTask.invalid)
        #expect(GSMTask.strictMatch("####72") == GSMTask.invalid)            // one space is required
    }

    @Test func flexibleExtractTakesTheLastNumber() {
        #expect(GSMTask.flexibleExtract("I have 3 apples and 12 pears") == "12")
        #expect(GSMTask.flexibleExtract("so she paid $18.") == "$18.")
        #expect(GSMTask.flexibleExtract("x = 5") == "5")                    // a single digit matches the second group
        #expect(GSMTask.flexibleExtract("about 1,000 people, -4 left") == "-4")
        #expect(GSMTask.flexibleExtract("no numbers here") == GSMTask.invalid)
        #expect(GSMTask.flexibleExtract("#### 72\n\nQuestion") == "72")
    }

    @Test func exactMatchIgnoresCommasDollarsAndAFinalDot() {
        let reference = "Natalia sold 48/2 = <<48/2=24>>24 clips in May.\nNatalia sold 48+24 = <<48+24=72>>72 clips.\n#### 1,072"
        #expect(GSMTask.normalize(reference) == "1072")
        #expect(GSMTask.isCorrect("1,072", reference: reference))
        #expect(GSMTask.isCorrect("$1072.", reference: reference))
        #expect(!GSMTask.isCorrect("1072.5", reference: reference))
        #expect(!GSMTask.isCorrect(GSMTask.invalid, reference: reference))
        #expect(GSMTask.isCorrect("18", reference: "18"))
    }

    @Test func promptsFollowTheHarness() {
        let p = GSMTask.prompt(question: "What is 2+2?", shots: [("What is 1+1?", "1+1=2\n#### 2")])
        #expect(p == "Question: What is 1+1?\nAnswer: 1+1=2\n#### 2\n\nQuestion: What is 2+2?\nAnswer:")
    }

    @Test func scoringARecordKeepsBothFilters() throws {
        let record: JSONValue = ["id": "g1", "question": "q", "answer": "2+2=4\n#### 4", "final": "4"]
        let settings = GenerationSettings(task: .gsm, taskName: "gsm")
        let good = try GenerationEvaluation.score(record, index: 0, output: " 2+2 is 4.\n#### 4", prompt: "p", model: "m", settings: settings)
        #expect(good.correct == ["strict-match": true, "flexible-extract": true])
        let loose = try GenerationEvaluation.score(record, index: 0, output: " The answer is 4.", prompt: "p", model: "m", settings: settings)
        #expect(loose.correct == ["strict-match": false, "flexible-extract": true])
        #expect(loose.extracted["strict-match"] == GSMTask.invalid)
        let metrics = GenerationEvaluation.metrics([good, loose], task: .gsm)
        #expect(metrics.map(\.value) == [0.5, 1.0])
    }
}
