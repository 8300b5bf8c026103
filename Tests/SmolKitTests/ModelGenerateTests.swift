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

    /// The logic lives in `ModelBundle` (SmolModelsTests/TextGenerationTests); the command passes its
    /// arguments through, returns the bundle's text and records the number of new tokens.
    @Test func theCommandReturnsTheBundlesTextAndRecordsTheNewTokens() throws {
        let fixture = try Self.fixture()
        let options = GenerationOptions(maxNewTokens: 16, temperature: 0.7, seed: 3, stopStrings: [";^C", "zzz"])
        let expected = try ModelBundle.load(path: fixture).continuations(prompts: ["The cat", "hello world", ""], options: options)
        let t = try TestSession()
        try t.run("""
        let m = model.load("\(fixture)")
        let out = model.generate(m, ["The cat", "hello world", ""], max_tokens: 16, temperature: 0.7, seed: 3, stop: [";^C", "zzz"])
        for s in out { print(s) }
        print(model.generate(m, "The cat", max_tokens: 16, temperature: 0.7, seed: 3, stop: [";^C", "zzz"]))
        """)
        #expect(t.lines == expected.map(\.text) + [expected[0].text])   // a single prompt is prompt 0
        let ledger = t.session.workspace.ledger
        let command = try #require(try ledger.commands(session: t.session.sessionID).first { $0.name == "model.generate" })
        let metrics = try ledger.metrics(command: try #require(command.id))
        #expect(metrics.map(\.name) == ["generate.tokens"])
        #expect(metrics.first?.value == Double(expected.map(\.tokens.count).reduce(0, +)))
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
