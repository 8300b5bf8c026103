import Foundation
import SmolTestSupport
import SmolModels
import Testing

@Suite struct ModelConfigTests {
    @Test func readsRopeThetaFromEitherPlace() throws {
        let nested = try ModelConfig.load(configAt: try GoldenFixtures.path("tiny-qwen2/config.json"))
        #expect(nested.ropeTheta == 1_000_000 && nested.modelType == "qwen2" && nested.hasQKVBias && !nested.hasOutputBias)
        #expect(nested.rmsNormEps == 1e-6 && nested.vocabSize == 400 && nested.numKeyValueHeads == 2 && nested.headDim == 16)
        let flat = #"{"model_type":"llama","vocab_size":10,"hidden_size":8,"intermediate_size":16,"num_hidden_layers":1,"#
            + #""num_attention_heads":2,"rope_theta":100000.0,"tie_word_embeddings":false,"eos_token_id":[2,3]}"#
        let config = try JSONDecoder().decode(ModelConfig.self, from: Data(flat.utf8))
        #expect(config.ropeTheta == 100_000 && !config.tieWordEmbeddings && config.eosTokenIds == [2, 3] && config.headDim == 4)
    }

    @Test func roundTripsThroughJSONWithStableBytes() throws {
        for name in ModelConfig.presetNames {
            let config = try #require(ModelConfig.preset(name))
            let data = try config.jsonData()
            #expect(try JSONDecoder().decode(ModelConfig.self, from: data) == config)
            #expect(try config.jsonData() == data)
        }
        #expect(ModelConfig.preset("nope") == nil)
    }

    @Test func presetsHaveTheAdvertisedShapes() throws {
        let smol = try #require(ModelConfig.preset("smollm2-135m"))
        #expect(LanguageModel.parameterLayout(smol).reduce(0) { $0 + $1.shape.reduce(1, *) } == 134_515_008)
        let tiny = try #require(ModelConfig.preset("tiny"))
        #expect(tiny.vocabSize == 4096 && tiny.hiddenSize == 256 && tiny.numHiddenLayers == 4 && tiny.intermediateSize == 688)
        let micro = try #require(ModelConfig.preset("micro"))
        #expect(micro.vocabSize == 4096 && micro.hiddenSize == 128 && micro.headDim == 32 && micro.tieWordEmbeddings)
        #expect(LanguageModel.parameterLayout(micro).reduce(0) { $0 + $1.shape.reduce(1, *) } == 1_315_968)
    }

    @Test func rejectsBadConfigsWithThePath() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("smol-config-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/config.json"
        try Data(#"{"model_type":"llama","vocab_size":10,"hidden_size":12,"intermediate_size":16,"num_hidden_layers":1,"num_attention_heads":3,"num_key_value_heads":2}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect { try ModelConfig.load(configAt: path) } throws: { "\($0)".hasPrefix(path) && "\($0)".contains("multiple") }
        try Data(#"{"model_type":"llama","vocab_size":10,"hidden_size":8,"intermediate_size":16,"num_hidden_layers":1,"num_attention_heads":2,"rope_scaling":{"rope_type":"llama3","factor":8.0}}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect { try ModelConfig.load(configAt: path) } throws: { "\($0)".contains("rope_scaling") }
        try Data(#"{"model_type":"gpt2"}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect { try ModelConfig.load(configAt: path) } throws: { "\($0)".contains("'gpt2' is not supported") }
    }
}

@Suite struct ModelConfigValidationTests {
    static let base = #""vocab_size":10,"hidden_size":8,"intermediate_size":16,"num_hidden_layers":1,"num_attention_heads":2"#

    static func decode(_ extra: String, type: String = "llama") throws -> ModelConfig {
        try JSONDecoder().decode(ModelConfig.self, from: Data("{\"model_type\":\"\(type)\",\(base)\(extra)}".utf8))
    }

    /// The message of loading a config.json with `extra` members, or nil when it loads.
    static func loadError(_ json: String) throws -> String? {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("smol-validate-\(getpid())-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(json.utf8).write(to: URL(fileURLWithPath: dir + "/config.json"))
        do { _ = try ModelConfig.load(configAt: dir + "/config.json") } catch { return "\(error)" }
        return nil
    }

    @Test(arguments: ["llama", "qwen2"])
    func aMissingTieKeyMeansUntiedAsInTransformers(type: String) throws {
        #expect(try Self.decode("", type: type).tieWordEmbeddings == false)
        #expect(try Self.decode(#","tie_word_embeddings":true"#, type: type).tieWordEmbeddings)
    }

    @Test(arguments: [
        (#","num_attention_heads":0"#, "num_attention_heads"),
        (#","num_attention_heads":3"#, "does not divide hidden_size 8"),
        (#","num_key_value_heads":0"#, "num_key_value_heads is 0"),
        (#","num_hidden_layers":-2"#, "num_hidden_layers is -2"),
        (#","rope_theta":-1"#, "rope_theta is -1.0"),
        (#","rms_norm_eps":-1"#, "rms_norm_eps is -1.0"),
        (#","rms_norm_eps":0"#, "rms_norm_eps is 0.0"),
        (#","hidden_act":"gelu""#, "'hidden_act': 'gelu' is not supported"),
        (#","use_sliding_window":true"#, "'use_sliding_window': is true"),
        (#","eos_token_id":"two""#, "eos_token_id"),
        (#","max_position_embeddings":0"#, "max_position_embeddings is 0"),
        (#","vocab_size":4611686018427387904"#, "overflows"),
    ])
    func everyFieldIsCheckedAndNamed(extra: String, message: String) throws {
        // Later duplicate keys win in JSONDecoder? Not guaranteed: build the object without the duplicate.
        var members = Self.base.split(separator: ",").map(String.init)
        let key = String(extra.dropFirst().prefix { $0 != ":" })
        members.removeAll { $0.hasPrefix(key + ":") }
        let json = "{\"model_type\":\"llama\"," + members.joined(separator: ",") + extra + "}"
        let error = try #require(try Self.loadError(json), "\(json) loaded")
        #expect(error.contains(message), "\(error)")
        #expect(!error.contains("error:"), "\(error)")
    }

    @Test func eosIdsAndTheDtypeAreWrittenBack() throws {
        let config = try Self.decode(#","eos_token_id":[2,3],"bos_token_id":1,"hidden_act":"silu""#)
        let json = try #require(try JSONSerialization.jsonObject(with: try config.jsonData(torchDtype: "bfloat16")) as? [String: Any])
        #expect(json["eos_token_id"] as? [Int] == [2, 3] && json["bos_token_id"] as? Int == 1)
        #expect(json["torch_dtype"] as? String == "bfloat16" && json["tie_word_embeddings"] as? Bool == false)
        #expect(try JSONDecoder().decode(ModelConfig.self, from: try config.jsonData()).eosTokenIds == [2, 3])
    }
}
