import Foundation
import SmolTestSupport
import SmolFormats
import SmolKernels
import SmolModels
import SmolTokenizers
import Testing

/// Text generation with a tokenizer (`ModelBundle`): prompt tokens and their BOS rules, stop strings
/// cut from the text, end-of-sequence ids of the config and of the tokenizer.
@Suite struct TextGenerationTests {
    static func fixture() throws -> ModelBundle { try ModelBundle.load(path: try GoldenFixtures.path("tiny-llama-a")) }

    /// A small trained tokenizer (specials `<|endoftext|>` = EOS, `<|im_start|>`, `<|im_end|>`; no BOS).
    static func trainedTokenizer() throws -> Tokenizer {
        try Tokenizer.train(corpus: ["What is seven times eight? It is fifty six.", "hello world, hello there", "the cat sat"],
                            vocabularySize: 300, specialTokens: ["<|endoftext|>", "<|im_start|>", "<|im_end|>"], minFrequency: 1)
    }

    /// A freshly initialised `tiny`-shaped model over `tokenizer`'s vocabulary with the given special ids.
    static func tinyBundle(_ tokenizer: Tokenizer, bos: Int?, eos: [Int]) throws -> ModelBundle {
        var config = try #require(ModelConfig.preset("tiny"))
        config.vocabSize = tokenizer.vocabularySize
        config.bosTokenId = bos
        config.eosTokenIds = eos
        return ModelBundle(model: LanguageModel(config: config, seed: 1), tokenizer: tokenizer)
    }

    @Test func anEmptyPromptStartsFromTheBOSToken() throws {
        let bundle = try Self.fixture()
        #expect(bundle.tokenizer?.bosTokenID == nil && bundle.model.config.bosTokenId == 0)   // config.json's BOS
        #expect(try bundle.promptTokens(["", "<|endoftext|>"]) == [[0], [0]])
        let options = GenerationOptions(maxNewTokens: 4, temperature: 1, seed: 3)
        // One prompt per call: sampling streams are keyed by the prompt's index.
        #expect(try bundle.generate(prompts: [""], options: options) == bundle.generate(prompts: ["<|endoftext|>"], options: options))
    }

    @Test func anEmptyPromptWithoutABOSTokenIsAnErrorNamingThePrompt() throws {
        let bundle = try Self.tinyBundle(try Self.trainedTokenizer(), bos: nil, eos: [])
        #expect(try bundle.promptTokens(["the"]).first?.isEmpty == false)
        do {
            _ = try bundle.promptTokens(["the", ""])
            Issue.record("an empty prompt without BOS was accepted")
        } catch let ModelError.invalidPrompt(index, what) {
            #expect(index == 1 && what.contains("no BOS token"), "\(what)")
        }
    }

    /// A post-processor that adds a BOS adds it once, also when the prompt already spells it out.
    @Test func promptsGetTheTokenizersSpecialTokensWithoutADoubledBOS() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("smol-bos-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Self.trainedTokenizer().save(toFolder: folder)
        let config: [String: Any] = ["bos_token": "<|im_start|>", "eos_token": "<|im_end|>"]
        try JSONSerialization.data(withJSONObject: config).write(to: URL(fileURLWithPath: folder + "/tokenizer_config.json"))
        let url = URL(fileURLWithPath: folder + "/tokenizer.json")
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        json["post_processor"] = ["type": "TemplateProcessing",
                                  "single": [["SpecialToken": ["id": "<|im_start|>", "type_id": 0]], ["Sequence": ["id": "A", "type_id": 0]]],
                                  "pair": [] as [Any],
                                  "special_tokens": ["<|im_start|>": ["id": "<|im_start|>", "ids": [1], "tokens": ["<|im_start|>"]]]]
        try JSONSerialization.data(withJSONObject: json).write(to: url)
        let tokenizer = try Tokenizer.load(path: folder)
        #expect(tokenizer.bosTokenID == 1)
        let bundle = try Self.tinyBundle(tokenizer, bos: 1, eos: [])
        let plain = tokenizer.encode("hello", addSpecialTokens: false)
        #expect(try bundle.promptTokens(["hello", "<|im_start|>hello", ""]) == [[1] + plain, [1] + plain, [1]])
    }

    /// Stop strings spanning tokens end only their own sequence; the text ends just before the string,
    /// the tokens run up to the one that completed it.
    @Test func stopStringsSpanningTokensCutTheirOwnSequence() throws {
        let bundle = try Self.fixture()
        let tokenizer = try #require(bundle.tokenizer)
        var options = GenerationOptions(maxNewTokens: 16, temperature: 0.7, seed: 3)
        let free = try bundle.continuations(prompts: ["The cat", "hello world"], options: options)
        options.stopStrings = [";^C", "zzz"]
        let stopped = try bundle.continuations(prompts: ["The cat", "hello world"], options: options)
        #expect(stopped[0] == free[0])
        #expect(stopped[1].text == "le\u{FFFD}V\u{645}6\u{FFFD}al\u{FFFD}t\u{0E}")
        #expect(free[1].text.hasPrefix(stopped[1].text + ";^C"))
        #expect(Array(free[1].tokens.prefix(stopped[1].tokens.count)) == stopped[1].tokens)
        #expect(tokenizer.decode(stopped[1].tokens).contains(";^C") && !tokenizer.decode(stopped[1].tokens.dropLast()).contains(";^C"))
        #expect(try bundle.generate(prompts: ["The cat", "hello world"], options: options) == stopped.map(\.text))
    }

    /// The first token of `free` (after the first) that did not occur before it, and its position.
    static func firstNewToken(_ free: [Int]) throws -> (index: Int, token: Int) {
        let k = try #require((1..<free.count).first { !free[..<$0].contains(free[$0]) })
        return (k, free[k])
    }

    /// config.json's eos_token_id ends a sequence even when the tokenizer names no such EOS, and
    /// `stopAtEndOfSequence: false` lets it run on.
    @Test func theConfigEndOfSequenceIdsStopGeneration() throws {
        let fixture = try GoldenFixtures.path("tiny-llama-a")
        let bundle = try Self.fixture()
        let options = GenerationOptions(maxNewTokens: 16, temperature: 0.7, seed: 3, stopAtEndOfSequence: false)
        let free = try bundle.continuations(prompts: ["hello world"], options: options)[0].tokens
        let (k, token) = try Self.firstNewToken(free)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("smol-eos-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for name in ["model.safetensors", "tokenizer.json"] {
            try FileManager.default.copyItem(atPath: fixture + "/" + name, toPath: folder + "/" + name)
        }
        var config = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: fixture + "/config.json"))) as? [String: Any])
        config["eos_token_id"] = [0, token]
        try JSONSerialization.data(withJSONObject: config).write(to: URL(fileURLWithPath: folder + "/config.json"))
        let eosBundle = try ModelBundle.load(path: folder)
        var stopping = options
        stopping.stopAtEndOfSequence = true
        let stopped = try eosBundle.continuations(prompts: ["hello world"], options: stopping)[0]
        #expect(stopped.tokens == Array(free[..<k]))
        #expect(stopped.text == bundle.tokenizer!.decode(Array(free[..<k])))
        #expect(try eosBundle.continuations(prompts: ["hello world"], options: options)[0].tokens == free)
    }

    /// The tokenizer's EOS stops text generation even when config.json lists none.
    @Test func theTokenizersEndOfSequenceTokenStopsGeneration() throws {
        let tokenizer = try Self.trainedTokenizer()
        let eos = try #require(tokenizer.eosTokenID)
        let bundle = try Self.tinyBundle(tokenizer, bos: nil, eos: [])
        // A seeded run of the random model that meets the EOS after its first token.
        var options = GenerationOptions(maxNewTokens: 12, temperature: 3, stopAtEndOfSequence: false)
        let seed = try #require((UInt64(0)..<300).first { seed in
            options.seed = seed
            return (try? bundle.continuations(prompts: ["the cat"], options: options)[0].tokens.dropFirst().contains(eos)) == true
        })
        options.seed = seed
        let free = try bundle.continuations(prompts: ["the cat"], options: options)[0].tokens
        options.stopAtEndOfSequence = true
        #expect(try bundle.continuations(prompts: ["the cat"], options: options)[0].tokens == Array(free[..<free.firstIndex(of: eos)!]))
    }

    @Test func aBundleWithoutTokenizerCannotGenerateText() throws {
        let bundle = ModelBundle(model: try LanguageModel.load(path: try GoldenFixtures.path("tiny-llama-a")), tokenizer: nil)
        #expect(throws: ModelError.self) { try bundle.generate(prompts: ["hi"]) }
        #expect(throws: ModelError.self) { try bundle.promptTokens(["hi"]) }
    }

    /// save writes the tokenizer beside the weights, and load finds it again.
    @Test func saveAndLoadKeepTheTokenizer() throws {
        let bundle = try Self.fixture()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("smol-bundle-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try bundle.save(to: folder, dtype: .f32)
        let back = try ModelBundle.load(path: folder)
        #expect(back.model.weightsDigest() == bundle.model.weightsDigest())
        #expect(try back.tokenizer?.jsonData() == bundle.tokenizer?.jsonData())
        #expect(try ModelBundle.shippedTokenizer(at: FileManager.default.temporaryDirectory.path + "/no-such-model") == nil)
    }
}
