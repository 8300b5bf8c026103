import Foundation
import SmolCore
import SmolModels
import SmolTensor
import Testing

@Suite struct CheckpointIOTests {
    static func temporaryDirectory(_ tag: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("smol-\(tag)-\(getpid())-\(UInt64.random(in: 0..<UInt64.max))").path
    }

    /// A few AdamW steps on a small random model, then save; returns the SHA-256 of both files.
    static func trainAndSave(threads: Int, seed: UInt64) throws -> (String, String) {
        let config = ModelConfig(vocabSize: 64, hiddenSize: 32, intermediateSize: 48, numHiddenLayers: 2,
                                 numAttentionHeads: 4, numKeyValueHeads: 2)
        let m = LanguageModel(config: config, seed: seed)
        let optimizer = AdamW(parameters: m.parameters, settings: .init(weightDecay: 0.1), decay: AdamW.decayExcludingNormsAndBiases)
        let ids = (0..<3 * 16).map { ($0 * 13 + 5) % 64 }
        let schedule = LearningRateSchedule.linear(warmupSteps: 1, totalSteps: 4)
        for step in 0..<3 {
            let tape = Tape(threads: threads)
            tape.backward(from: m.loss(tape, ids: ids, batch: 3, length: 16))
            Gradients.clip(m.parameters.map(\.tensor), maxNorm: 1)
            optimizer.step(learningRate: Float(schedule.rate(at: step + 1, base: 1e-2)))
            optimizer.zeroGradients()
        }
        let dir = temporaryDirectory("ckpt")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try m.save(to: dir)
        return (try SHA256.hex(ofFileAt: dir + "/model.safetensors"), try SHA256.hex(ofFileAt: dir + "/config.json"))
    }

    @Test func sameRunTwiceAndWithOneOrTwoThreadsGivesIdenticalBytes() throws {
        let first = try Self.trainAndSave(threads: 1, seed: 7)
        #expect(try Self.trainAndSave(threads: 1, seed: 7) == first)
        #expect(try Self.trainAndSave(threads: 2, seed: 7) == first)
        #expect(try Self.trainAndSave(threads: 1, seed: 8).0 != first.0)
    }

    @Test func savedFolderLoadsBackWithTheSameLogits() throws {
        let m = try LanguageModel.load(path: try Fixtures.path("tiny-qwen2"))
        let dir = Self.temporaryDirectory("roundtrip")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try m.save(to: dir)
        let back = try LanguageModel.load(path: dir)
        #expect(back.config == m.config)
        #expect(back.sourceDType == "f32" && back.parameterCount == m.parameterCount)
        #expect(back.weightsDigest() == m.weightsDigest())
        #expect(LanguageModel(config: m.config, seed: 1).weightsDigest() != m.weightsDigest())
        let ids = [1, 5, 9, 200, 33]
        #expect(back.logits(Tape(recording: false), ids: ids, batch: 1, length: 5).values
                == m.logits(Tape(recording: false), ids: ids, batch: 1, length: 5).values)
    }

    @Test func missingTensorsAndWrongShapesAreRefused() throws {
        let dir = Self.temporaryDirectory("broken")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let small = ModelConfig(vocabSize: 16, hiddenSize: 8, intermediateSize: 8, numHiddenLayers: 1, numAttentionHeads: 2)
        try LanguageModel(config: small, seed: 1).save(to: dir)
        var bigger = small
        bigger.vocabSize = 17
        try AtomicFile.write(try bigger.jsonData(), to: dir + "/config.json")
        #expect { try LanguageModel.load(path: dir) } throws: { "\($0)".contains("model.embed_tokens.weight") && "\($0)".contains("[17, 8]") }
        #expect(throws: ModelError.self) { try LanguageModel.load(path: dir + "/nothing-here") }
    }
}
