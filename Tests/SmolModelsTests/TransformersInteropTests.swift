import Foundation
import SmolFormats
import SmolKernels
import SmolModels
import SmolTensor
import SmolTestSupport
import Testing

/// Checkpoints that smol saves load in Hugging Face `transformers` (run by the reference Python in a
/// subprocess) with every tensor used and the same logits as smol's, within 1e-4.
@Suite(.enabled(if: ReferencePython.transformers != nil,
                "no Python with torch + transformers: run scripts/test.sh or set SMOL_PYTHON; skipping the transformers load check"))
struct TransformersInteropTests {
    /// A Llama shaped like SmolLM2 (grouped-query attention, tied embeddings).
    static let llama = ModelConfig(vocabSize: 96, hiddenSize: 32, intermediateSize: 56, numHiddenLayers: 2,
                                   numAttentionHeads: 4, numKeyValueHeads: 2, maxPositionEmbeddings: 64)
    /// A Qwen2 with biases on q/k/v, its own RMS eps and RoPE base, and a separate LM head.
    static let qwen2 = ModelConfig(modelType: "qwen2", vocabSize: 80, hiddenSize: 32, intermediateSize: 48,
                                   numHiddenLayers: 2, numAttentionHeads: 4, numKeyValueHeads: 2, rmsNormEps: 1e-6,
                                   ropeTheta: 1_000_000, tieWordEmbeddings: false, attentionBias: true,
                                   maxPositionEmbeddings: 64)

    /// Loads `folder` in transformers (eager attention, float32 compute) and prints, as JSON, the
    /// weights' dtype, the loading report and the logits of `ids` ([batch][length]).
    static let script = """
        import json, sys, torch
        from transformers import AutoModelForCausalLM
        torch.set_num_threads(1)
        model, info = AutoModelForCausalLM.from_pretrained(sys.argv[1], dtype="auto", attn_implementation="eager",
                                                           output_loading_info=True)
        stored = str(model.dtype)
        model = model.float().eval()
        with torch.no_grad():
            logits = model(input_ids=torch.tensor(json.loads(sys.argv[2]))).logits
        print(json.dumps({"dtype": stored, "type": model.config.model_type,
                          "problems": sorted(str(k) for v in info.values() for k in v),
                          "logits": logits.flatten().tolist()}))
        """

    /// What transformers made of a saved folder.
    struct Loaded: Decodable {
        let dtype: String
        let type: String
        let problems: [String]
        let logits: [Float]
    }

    /// A seeded model given two AdamW steps, so norms, biases and an untied head move off their
    /// initial values (all ones, zeros, copies) and a loader that skipped one would show.
    static func trainedModel(_ config: ModelConfig, seed: UInt64) -> LanguageModel {
        let model = LanguageModel(config: config, seed: seed)
        let optimizer = AdamW(parameters: model.parameters, settings: .init(weightDecay: 0.1))
        let ids = (0..<2 * 12).map { ($0 * 17 + 3) % config.vocabSize }
        for _ in 0..<2 {
            let tape = Tape(engine: EngineOptions(threads: 1))
            tape.backward(from: model.loss(tape, ids: ids, batch: 2, length: 12))
            optimizer.step(learningRate: 0.05)
            optimizer.zeroGradients()
        }
        return model
    }

    /// Saves `model` as `dtype`, runs transformers on the folder, and returns its answer beside the
    /// logits smol computes from the same folder.
    static func compare(_ model: LanguageModel, dtype: DType, ids: [[Int]]) throws -> (Loaded, [Float]) {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("smol-transformers-\(getpid())-\(UInt64.random(in: 0..<UInt64.max))").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try model.save(to: folder, dtype: dtype)
        let idsJSON = String(decoding: try JSONSerialization.data(withJSONObject: ids), as: UTF8.self)
        let output = try ReferencePython.run(try #require(ReferencePython.transformers), ["-c", script, folder, idsJSON])
        let loaded = try JSONDecoder().decode(Loaded.self, from: Data(output.utf8))
        let reloaded = try LanguageModel.load(path: folder)
        let logits = reloaded.logits(Tape(recording: false), ids: ids.flatMap { $0 }, batch: ids.count, length: ids[0].count)
        return (loaded, logits.values)
    }

    static let ids = [[1, 5, 9, 33, 2, 40, 7, 11, 60, 3, 3, 21, 8, 50, 19, 4],
                      [70, 2, 2, 14, 9, 31, 45, 6, 1, 0, 17, 29, 38, 12, 5, 63]]

    @Test(arguments: ["llama", "qwen2"])
    func float32CheckpointGivesTheSameLogits(_ type: String) throws {
        let model = Self.trainedModel(type == "qwen2" ? Self.qwen2 : Self.llama, seed: 21)
        let (loaded, logits) = try Self.compare(model, dtype: .f32, ids: Self.ids)
        #expect(loaded.type == type)
        #expect(loaded.dtype == "torch.float32")
        #expect(loaded.problems.isEmpty, "transformers reported missing, unexpected or mismatched tensors: \(loaded.problems.joined(separator: ", "))")
        #expect(loaded.logits.count == Self.ids.count * Self.ids[0].count * model.config.vocabSize)
        #expect(loaded.logits.count == logits.count)
        #expect(maxAbsDifference(logits, loaded.logits) < 1e-4)
        // The saved folder is the model: smol's reload computes what the model in memory does.
        let inMemory = model.logits(Tape(recording: false), ids: Self.ids.flatMap { $0 }, batch: 2, length: Self.ids[0].count)
        #expect(inMemory.values == logits)
    }

    @Test func bfloat16CheckpointLoadsAsBfloat16WithTheSameLogits() throws {
        let model = Self.trainedModel(Self.llama, seed: 22)
        let (loaded, logits) = try Self.compare(model, dtype: .bf16, ids: Self.ids)
        #expect(loaded.dtype == "torch.bfloat16")
        #expect(loaded.problems.isEmpty, "transformers reported missing, unexpected or mismatched tensors: \(loaded.problems.joined(separator: ", "))")
        #expect(loaded.logits.count == logits.count)
        #expect(maxAbsDifference(logits, loaded.logits) < 1e-4)
    }
}
