import Foundation
import SmolKernels
import SmolModels
import SmolTensor
import Testing

/// The real SmolLM2-135M-Instruct (Q4_1) from scripts/fetch-smollm2.sh; skipped when not downloaded.
@Suite struct GGUFLoaderTests {
    static let path: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("downloads/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf").path
    }()
    static let present = FileManager.default.fileExists(atPath: path)

    @Test(.enabled(if: present, "downloads/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf is absent; run scripts/fetch-smollm2.sh"))
    func smolLM2KnownAnswer() throws {
        let m = try LanguageModel.load(path: Self.path)
        #expect(m.sourceDType.contains("q4_1"))
        #expect(m.config.numHiddenLayers == 30 && m.config.numKeyValueHeads == 3 && m.config.tieWordEmbeddings)
        let ids = [504, 3575, 282, 4649, 314]   // "The capital of France is"
        let logits = m.logits(Tape(engine: EngineOptions(threads: 2), recording: false), ids: ids, batch: 1, length: ids.count)
        let last = Array(logits.values.suffix(m.config.vocabSize))
        for (token, value) in [(7042, 17.3713), (260, 14.8886), (4528, 13.2450), (2250, 13.0095), (1315, 12.9515)] {
            #expect(abs(Double(last[token]) - value) < 1e-2, "logit of \(token) is \(last[token]), expected \(value)")
        }
        #expect(try m.generate([ids], options: GenerationOptions(maxNewTokens: 8), engine: EngineOptions(threads: 2))[0] == [7042, 30, 198, 198, 504, 2988, 314, 42])
    }
}

/// GGUF files written by the test (`GGUFWriting`): metadata checks, tensor checks, no tokenizer.
@Suite struct GGUFMetadataTests {
    static let config = ModelConfig(vocabSize: 40, hiddenSize: 16, intermediateSize: 24, numHiddenLayers: 2,
                                     numAttentionHeads: 4, numKeyValueHeads: 2, ropeTheta: 5_000)
    static let model = LanguageModel(config: config, seed: 11)

    /// The error text of loading `file`, or nil when it loads.
    static func loadError(_ file: GGUFWriting, _ tag: String) throws -> String? {
        let path = try file.write(tag)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do { _ = try LanguageModel.load(path: path) } catch let error as ModelError { return "\(error)" }
        return nil
    }

    @Test func aFileWithoutTokenizerOrVocabSizeLoadsWithTheEmbeddingRowsAsVocabulary() throws {
        var file = GGUFWriting(Self.model, vocabKey: false)
        file.set("tokenizer.ggml.eos_token_id", .u32(7))
        let path = try file.write("notok")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let m = try LanguageModel.load(path: path)
        #expect(m.config.vocabSize == 40 && m.config.eosTokenIds == [7] && m.config.tieWordEmbeddings)
        #expect(m.weightsDigest() == Self.model.weightsDigest())
        let ids = [1, 4, 9, 39]
        #expect(m.logits(Tape(recording: false), ids: ids, batch: 1, length: 4).values
                == Self.model.logits(Tape(recording: false), ids: ids, batch: 1, length: 4).values)
    }

    @Test(arguments: [
        ("llama.attention.head_count", GGUFWriting.Value.u32(0), "llama.attention.head_count is 0"),
        ("llama.attention.head_count", .u32(3), "does not divide"),
        ("llama.attention.head_count_kv", .u32(3), "not a multiple"),
        ("llama.block_count", .u32(4_000_000_000), "llama.block_count is 4000000000 but the weights hold 2 layers"),
        ("llama.block_count", .u32(3), "llama.block_count is 3"),
        ("llama.rope.freq_base", .f32(.nan), "llama.rope.freq_base is nan"),
        ("llama.attention.layer_norm_rms_epsilon", .f32(-1), "llama.attention.layer_norm_rms_epsilon is -1.0"),
        ("llama.rope.scaling.type", .string("linear"), "llama.rope.scaling.type is 'linear'"),
        ("llama.rope.scaling.factor", .f32(4), "llama.rope.scaling.factor is 4.0"),
        ("llama.rope.dimension_count", .u32(2), "partial RoPE"),
        ("llama.embedding_length", .u64(UInt64.max), "llama.embedding_length is 18446744073709551615"),
        ("tokenizer.ggml.eos_token_id", .string("x"), "tokenizer.ggml.eos_token_id is 'x'"),
    ])
    func badMetadataIsRefusedNamingTheKey(key: String, value: GGUFWriting.Value, message: String) throws {
        var file = GGUFWriting(Self.model)
        file.set(key, value)
        let error = try #require(try Self.loadError(file, "meta"))
        #expect(error.contains(message), "\(error)")
        #expect(!error.contains("error:"))
    }

    @Test func unscaledRopeMetadataIsAccepted() throws {
        var file = GGUFWriting(Self.model)
        file.set("llama.rope.scaling.type", .string("none"))
        file.set("llama.rope.dimension_count", .u32(4))
        #expect(try Self.loadError(file, "none") == nil)
    }

    @Test func tensorsTheModelDoesNotUseOrLacksAreRefused() throws {
        var extra = GGUFWriting(Self.model)
        extra.addTensor("rope_freqs.weight", shape: [2], values: [1, 1])
        #expect(try Self.loadError(extra, "extra")?.contains("does not use: rope_freqs.weight") == true)
        var missing = GGUFWriting(Self.model)
        missing.tensors.removeAll { $0.name == "blk.1.ffn_up.weight" }
        #expect(try Self.loadError(missing, "missing")?.contains("missing: blk.1.ffn_up.weight") == true)
        var integer = GGUFWriting(Self.model)
        let index = try #require(integer.tensors.firstIndex { $0.name == "output_norm.weight" })
        integer.tensors[index].type = 26   // I32: same size as F32
        #expect(try Self.loadError(integer, "int")?.contains("output_norm.weight' is stored as I32") == true)
    }
}
