import Foundation
import SmolCore
import SmolEvaluation
import SmolTestSupport
import Testing

/// `LMEvalHarness.records` on real lm-evaluation-harness 0.4.13 output (the CPU cross-check's, in
/// Tests/Fixtures/bridge/lmeval: an eval.export bundle's results and smol's own eval.mcq records of the
/// same tiny model and items).
@Suite struct LMEvalHarnessTests {
    let folder = Repository.fixture("bridge/lmeval")

    @Test func lmEvalsLogLikelihoodsEqualSmolsPerChoiceRecords() throws {
        let (records, task, conditions) = try LMEvalHarness.records(resultsFolder: folder + "/results", model: "tiny")
        let mine = try EvalResult(manifest: try JSONParser.parse([UInt8](FileManager.default.contents(atPath: folder + "/mcq-smol/eval.json")!)),
                                  samples: [UInt8](FileManager.default.contents(atPath: folder + "/mcq-smol/samples.jsonl")!))
        #expect(task == mine.task && conditions == mine.conditions)
        #expect(records.count == mine.itemRecords.count)
        var compared = 0
        for (theirs, ours) in zip(records, mine.itemRecords) {
            #expect(theirs.condition == ours.condition && theirs.index == ours.index && theirs.gold == ours.gold)
            #expect(theirs.contexts == ours.contexts)
            for (a, b) in zip(theirs.choices, ours.choices) {
                #expect(a.label == b.label && a.original == b.original && a.text == b.text)
                for (kind, score) in b.scores {
                    let other = try #require(a.scores[kind])
                    #expect(abs(other.logLikelihood - score.logLikelihood) <= 1e-4, "\(kind) \(ours.condition) \(ours.index)")
                    #expect(other.tokens == score.tokens && other.continuation == score.continuation)
                    compared += 1
                }
            }
        }
        #expect(compared == 64)
        // Every scoring recomputes from the imported records as from smol's.
        let imported = EvalResult(kind: .mcq, task: task, models: [EvaluatedModel(name: "tiny", hash: "")], settings: [:],
                                  conditions: conditions, scorings: [.symbol, .cloze, .clozeNorm], itemRecords: records)
        #expect(try imported.accuracies().map(\.value) == (try mine.accuracies(scorings: [.symbol, .cloze, .clozeNorm]).map(\.value)))
    }

    @Test func aMalformedSampleLineNamesTheFileAndLine() throws {
        let copy = NSTemporaryDirectory() + "lmeval-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: copy) }
        try FileManager.default.copyItem(atPath: folder + "/results", toPath: copy)
        let model = copy + "/model"
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: model).sorted().first { $0.hasPrefix("samples_") })
        var text = try String(contentsOfFile: model + "/" + name, encoding: .utf8)
        text += "{\"doc\": {}, \"resps\": []}\n"
        try text.write(toFile: model + "/" + name, atomically: true, encoding: .utf8)
        do {
            _ = try LMEvalHarness.records(resultsFolder: copy, model: "tiny")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains(name + ":"), "\(error)")
        }
        #expect(throws: EvaluationError.self) { try LMEvalHarness.records(resultsFolder: NSTemporaryDirectory() + "none-\(UUID())", model: "x") }
    }
}
