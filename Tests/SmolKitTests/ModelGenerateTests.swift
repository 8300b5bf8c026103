import Foundation
import SmolModels
import SmolScript
import SmolTokenizers
import Testing
@testable import SmolKit

@Suite struct ModelGenerateTests {
    static func fixture() throws -> String { try fixturesDirectory() + "/tiny-llama-a" }

    /// The message of the error a script stops with ("" when it runs).
    func failure(_ t: TestSession, _ source: String) -> String {
        do { try t.run(source); return "" } catch { return error.description }
    }

    @Test func anEmptyPromptStartsFromTheBOSToken() throws {
        let t = try TestSession()
        try t.run("""
        let m = model.load("\(try Self.fixture())")
        print(model.generate(m, "", max_tokens: 4, temperature: 1, seed: 3) == model.generate(m, "<|endoftext|>", max_tokens: 4, temperature: 1, seed: 3))
        print(len(model.generate(m, ["hello", ""], max_tokens: 4)))
        """)
        #expect(t.lines == ["true", "2"])
    }

    @Test func anEmptyPromptWithoutABOSTokenIsAnArgumentError() throws {
        let t = try TestSession()
        var config = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: try Self.fixture() + "/config.json"))) as? [String: Any])
        config["bos_token_id"] = NSNull()
        try JSONSerialization.data(withJSONObject: config).write(to: URL(fileURLWithPath: t.directory + "/nobos.json"))
        let message = failure(t, """
        let tok = tokenizer.train(data.generate("edu-corpus", n: 30, seed: 1), vocab: 300)
        let m = model.init(config: "nobos.json", seed: 1, tokenizer: tok)
        print(model.generate(m, ["the", ""], max_tokens: 2))
        """)
        #expect(message.contains("prompt 1 is empty and the model has no BOS token"), "\(message)")
    }

    @Test func invalidArgumentsAreErrorsNotCrashes() throws {
        let t = try TestSession()
        try t.run("let m = model.load(\"\(try Self.fixture())\")")
        let cases: [(String, String)] = [
            ("seed: -1", "argument 'seed': is -1; give an integer ≥ 0"),
            ("max_tokens: -1", "argument 'max_tokens': is -1"),
            ("max_tokens: 100000000000", "lower max_tokens to at most 252"),   // 256 positions, 4 prompt tokens
            ("max_tokens: 253", "lower max_tokens to at most 252"),
            ("temperature: -0.1", "argument 'temperature'"),
            ("top_k: -1", "argument 'top_k'"),
            ("top_p: 0", "argument 'top_p'"),
            ("top_p: 1.5", "argument 'top_p'"),
            ("stop: [\"\"]", "argument 'stop': an empty stop string"),
        ]
        for (argument, expected) in cases {
            let message = failure(t, "model.generate(m, \"hello\", \(argument))")
            #expect(message.contains(expected), "\(argument): \(message)")
        }
        #expect(failure(t, "print(model.generate(m, \"hello\", max_tokens: 252, seed: 0))") == "")
        try t.run("print(model.generate(m, [\"hello\", \"\"], max_tokens: 0))")
        #expect(t.lines.last == "[\"\", \"\"]")
    }

    /// Stop strings of several tokens end only their own sequence; the text returned ends before them.
    @Test func stopStringsSpanningTokensCutTheirOwnSequence() throws {
        let t = try TestSession()
        // Without stop strings the second sampled continuation is "le�Vم6�al�t\u{0E};^C�\u{0E}�".
        try t.run("""
        let m = model.load("\(try Self.fixture())")
        let free = model.generate(m, ["The cat", "hello world"], max_tokens: 16, temperature: 0.7, seed: 3)
        let stopped = model.generate(m, ["The cat", "hello world"], max_tokens: 16, temperature: 0.7, seed: 3, stop: [";^C", "zzz"])
        print(stopped[0] == free[0])
        print(stopped[1])
        print(free[1])
        """)
        #expect(t.lines[0] == "true")
        #expect(t.lines[1] == "le\u{FFFD}V\u{645}6\u{FFFD}al\u{FFFD}t\u{0E}")
        #expect(t.lines[2].hasPrefix(t.lines[1] + ";^C"))
    }

    /// config.json's eos_token_id (here a list) ends a sequence even when the tokenizer names no EOS.
    @Test func theConfigEOSTokensStopGeneration() throws {
        let fixture = try Self.fixture()
        let model = try LanguageModel.load(path: fixture)
        let tokenizer = try Tokenizer.load(path: fixture)
        let options = GenerationOptions(maxNewTokens: 16, temperature: 0.7, seed: 3, stopTokens: [0])
        let ids = try model.generate([tokenizer.encode("hello world")], options: options)[0]
        let k = try #require((2..<ids.count).first { !ids[..<$0].contains(ids[$0]) })
        let t = try TestSession()
        let folder = t.directory + "/eos-model"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for name in ["model.safetensors", "tokenizer.json"] {
            try FileManager.default.copyItem(atPath: fixture + "/" + name, toPath: folder + "/" + name)
        }
        var config = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: fixture + "/config.json"))) as? [String: Any])
        config["eos_token_id"] = [0, ids[k]]
        try JSONSerialization.data(withJSONObject: config).write(to: URL(fileURLWithPath: folder + "/config.json"))
        try t.run("""
        print(model.generate(model.load("eos-model"), "hello world", max_tokens: 16, temperature: 0.7, seed: 3))
        """)
        #expect(t.lines == [tokenizer.decode(Array(ids[..<k]))])
    }

    @Test func promptsGetTheTokenizersSpecialTokensWithoutADoubledBOS() throws {
        let t = try TestSession()
        try TokenizerCommandsTests.writeTokenizer(t.directory + "/tok", chatTemplate: nil, bosPostProcessor: true)
        try t.run("""
        let tok = tokenizer.load("tok")
        let m = model.init(preset: "tiny", seed: 1, tokenizer: tok)
        """)
        let plain = TokenizerCommandsTests.numbers(try t.run(#"tokenizer.encode(tok, "hello", add_special_tokens: false)"#))
        // The length check names the prompt's token count: the plain ids plus one BOS, also when the prompt
        // already starts with the BOS text.
        for prompt in ["hello", "<|im_start|>hello"] {
            let message = failure(t, #"model.generate(m, "\#(prompt)", max_tokens: 1000000)"#)
            #expect(message.contains("prompt 0 has \(plain.count + 1) tokens"), "\(prompt): \(message)")
        }
    }
}
