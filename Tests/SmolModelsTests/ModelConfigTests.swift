import Foundation
import SmolModels
import Testing

@Suite struct ModelConfigTests {
    @Test func readsRopeThetaFromEitherPlace() throws {
        let nested = try ModelConfig.load(configAt: try Fixtures.path("tiny-qwen2/config.json"))
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
    }

    @Test func rejectsBadConfigsWithThePath() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("smol-config-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/config.json"
        try Data(#"{"model_type":"llama","vocab_size":10,"hidden_size":8,"intermediate_size":16,"num_hidden_layers":1,"num_attention_heads":3,"num_key_value_heads":2}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect { try ModelConfig.load(configAt: path) } throws: { "\($0)".hasPrefix(path) && "\($0)".contains("multiple") }
        try Data(#"{"model_type":"llama","vocab_size":10,"hidden_size":8,"intermediate_size":16,"num_hidden_layers":1,"num_attention_heads":2,"rope_scaling":{"rope_type":"llama3","factor":8.0}}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect { try ModelConfig.load(configAt: path) } throws: { "\($0)".contains("rope_scaling") }
        try Data(#"{"model_type":"gpt2"}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect { try ModelConfig.load(configAt: path) } throws: { "\($0)".contains("'gpt2' is not supported") }
    }
}
