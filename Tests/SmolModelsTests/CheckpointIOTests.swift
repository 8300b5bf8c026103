import Foundation
import SmolTestSupport
import SmolCore
import SmolFormats
import SmolKernels
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
            let tape = Tape(engine: EngineOptions(threads: threads))
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
        let m = try LanguageModel.load(path: try GoldenFixtures.path("tiny-qwen2"))
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

@Suite struct CheckpointValidationTests {
    static let config = ModelConfig(vocabSize: 24, hiddenSize: 8, intermediateSize: 12, numHiddenLayers: 2,
                                    numAttentionHeads: 2, tieWordEmbeddings: false)

    /// A saved folder of a seeded model whose config.json is then rewritten by `edit`.
    static func folder(_ tag: String, config: ModelConfig = config, edit: (inout [String: Any]) -> Void = { _ in }) throws -> (String, LanguageModel) {
        let dir = CheckpointIOTests.temporaryDirectory(tag)
        let model = LanguageModel(config: config, seed: 5)
        try model.save(to: dir)
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/config.json"))) as? [String: Any])
        edit(&json)
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: dir + "/config.json"))
        return (dir, model)
    }

    static func rewriteWeights(_ dir: String, _ tensors: [(name: String, shape: [Int], values: [Float])]) throws {
        try SafeTensorsWriter.write(tensors, to: dir + "/model.safetensors")
    }

    @Test func anUntiedCheckpointWithoutTheTieKeyUsesItsHead() throws {
        let (dir, original) = try Self.folder("untied") { $0["tie_word_embeddings"] = nil }
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let back = try LanguageModel.load(path: dir)
        #expect(!back.config.tieWordEmbeddings && back.parameter("lm_head.weight") != nil)
        let ids = [3, 1, 4, 1, 5]
        #expect(back.logits(Tape(recording: false), ids: ids, batch: 1, length: 5).values
                == original.logits(Tape(recording: false), ids: ids, batch: 1, length: 5).values)
    }

    @Test func tensorsTheModelDoesNotUseAreRefusedUnlessAnEqualTiedHead() throws {
        var tied = Self.config
        tied.tieWordEmbeddings = true
        let (dir, model) = try Self.folder("unexpected", config: tied)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let params = model.parameters.map { ($0.name, $0.tensor.shape, $0.tensor.values) }
        let embedding = model.parameter("model.embed_tokens.weight")!
        try Self.rewriteWeights(dir, params + [("model.layers.0.self_attn.extra.weight", [2], [1, 2])])
        #expect { try LanguageModel.load(path: dir) } throws: { "\($0)".contains("does not use: model.layers.0.self_attn.extra.weight") }
        try Self.rewriteWeights(dir, params + [("lm_head.weight", embedding.shape, embedding.values)])
        #expect(try LanguageModel.load(path: dir).weightsDigest() == model.weightsDigest())
        try Self.rewriteWeights(dir, params + [("lm_head.weight", embedding.shape, embedding.values.map { $0 + 1 })])
        #expect { try LanguageModel.load(path: dir) } throws: { "\($0)".contains("set tie_word_embeddings to false") }
        try Self.rewriteWeights(dir, params.filter { $0.0 != "model.layers.1.mlp.up_proj.weight" })
        #expect { try LanguageModel.load(path: dir) } throws: { "\($0)".contains("missing: model.layers.1.mlp.up_proj.weight") }
    }

    @Test func aLayerCountTheWeightsDoNotHoldIsRefusedBeforeAllocating() throws {
        let (dir, _) = try Self.folder("layers") { $0["num_hidden_layers"] = 2_000_000_000 }
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect { try LanguageModel.load(path: dir) } throws: {
            "\($0)".contains("num_hidden_layers is 2000000000 but the weights hold 2 layers") && "\($0)".hasPrefix(dir + "/config.json")
        }
    }

    @Test func integerWeightsAreRefused() throws {
        let (dir, _) = try Self.folder("int")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/model.safetensors")))
        let needle = Array(#""model.norm.weight":{"dtype":"F32""#.utf8)
        let at = try #require((0...(bytes.count - needle.count)).first { Array(bytes[$0..<$0 + needle.count]) == needle })
        bytes[at + needle.count - 4] = UInt8(ascii: "I")
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/model.safetensors"))
        #expect { try LanguageModel.load(path: dir) } throws: { "\($0)".contains("'model.norm.weight' is stored as I32") }
    }

    @Test func bfloat16WeightsSaveAsBfloat16AndLoadBackExactly() throws {
        let m = try LanguageModel.load(path: try GoldenFixtures.path("tiny-llama-a-bf16"))
        #expect(m.sourceDType == "bf16" && m.losslessDType == .bf16)
        let dir = CheckpointIOTests.temporaryDirectory("bf16")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try m.save(to: dir, dtype: .bf16)
        let file = try SafeTensorsFile(path: dir + "/model.safetensors")
        #expect(file.allTensors.values.allSatisfy { $0.dtype == .bf16 })
        let size = try #require(try FileManager.default.attributesOfItem(atPath: dir + "/model.safetensors")[.size] as? Int)
        #expect(size < m.parameterCount * 2 + 8192)
        let back = try LanguageModel.load(path: dir)
        #expect(back.weightsDigest() == m.weightsDigest() && back.sourceDType == "bf16")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/config.json"))) as? [String: Any])
        #expect(json["torch_dtype"] as? String == "bfloat16")
        // Changed weights no longer fit bf16 exactly: the lossless dtype falls back to f32.
        m.parameters[0].tensor[0] += 1e-6
        #expect(m.losslessDType == .f32)
    }

    @Test func savingOverAFileOrAForeignFolderIsRefusedWithAHint() throws {
        let m = LanguageModel(config: Self.config, seed: 1)
        let dir = CheckpointIOTests.temporaryDirectory("dest")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try m.save(to: dir)
        try m.save(to: dir)   // a folder holding only a model's files is replaced
        #expect { try m.save(to: dir + "/config.json") } throws: { "\($0)".contains("exists and is a file; give the path of a new or empty folder") }
        try Data("notes".utf8).write(to: URL(fileURLWithPath: dir + "/notes.txt"))
        #expect { try m.save(to: dir) } throws: { "\($0)".contains("holds other files (notes.txt)") }
    }
}
