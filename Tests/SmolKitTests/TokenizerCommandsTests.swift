// tokenizer.* and chat.* commands: argument validation, special tokens, chat templates taken from a
// tokenizer, SFT encodings, and tokenizer artifacts that keep BOS / EOS / chat template in the store.

import Foundation
import SmolScript
import SmolTokenizers
import Testing
@testable import SmolKit

@Suite struct TokenizerCommandsTests {
    static let smolLM2Template = "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}{{ '<|im_start|>system\\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\\n' }}{% endif %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"

    /// Writes a small trained byte-level tokenizer (specials <|endoftext|> 0, <|im_start|> 1, <|im_end|> 2) into
    /// `folder`, with EOS <|im_end|>, an optional chat template, and optionally a TemplateProcessing BOS (<|im_start|>).
    static func writeTokenizer(_ folder: String, chatTemplate: String?, bosPostProcessor: Bool = false) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let tokenizer = try Tokenizer.train(corpus: ["What is seven times eight? It is fifty six.", "hello world, hello there"],
                                            vocabularySize: 300, specialTokens: ["<|endoftext|>", "<|im_start|>", "<|im_end|>"],
                                            minFrequency: 1)
        try tokenizer.save(toFolder: folder)
        var config: [String: Any] = ["bos_token": "<|im_start|>", "eos_token": "<|im_end|>"]
        if let chatTemplate { config["chat_template"] = chatTemplate }
        try JSONSerialization.data(withJSONObject: config).write(to: URL(fileURLWithPath: folder + "/tokenizer_config.json"))
        if bosPostProcessor {
            let url = URL(fileURLWithPath: folder + "/tokenizer.json")
            var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
            json["post_processor"] = ["type": "TemplateProcessing",
                                      "single": [["SpecialToken": ["id": "<|im_start|>", "type_id": 0]], ["Sequence": ["id": "A", "type_id": 0]]],
                                      "pair": [] as [Any],
                                      "special_tokens": ["<|im_start|>": ["id": "<|im_start|>", "ids": [1], "tokens": ["<|im_start|>"]]]]
            try JSONSerialization.data(withJSONObject: json).write(to: url)
        }
    }

    static func numbers(_ value: Value?) -> [Int] {
        guard case .list(let items)? = value else { return [] }
        return items.compactMap { if case .number(let x) = $0 { return Int(x) } else { return nil } }
    }

    static func failure(_ t: TestSession, _ source: String) -> String {
        do { try t.run(source); return "" } catch { return error.description }
    }

    @Test func decodeRejectsValuesThatAreNotTokenIds() throws {
        let t = try TestSession()
        try TokenizerCommandsTests.writeTokenizer(t.directory + "/tok", chatTemplate: nil)
        try t.run(#"let tok = tokenizer.load("tok")"#)
        for bad in ["[72, 1e30]", "[-1]", "[300]", "[1e300]"] {
            let message = TokenizerCommandsTests.failure(t, "tokenizer.decode(tok, \(bad))")
            #expect(message.contains("not a token id") && message.contains("0..<300"), "\(bad): \(message)")
        }
        #expect(try t.run(#"tokenizer.decode(tok, tokenizer.encode(tok, "hello world"))"#) == .string("hello world"))
        #expect(try t.run("tokenizer.decode(tok, [299])") != nil)
    }

    @Test func countByAMissingFieldNamesItAndTheFieldsThatExist() throws {
        let t = try TestSession()
        try TokenizerCommandsTests.writeTokenizer(t.directory + "/tok", chatTemplate: nil)
        try Data(#"{"source": "hello world", "target": "مرحبا"}"#.utf8 + [10]).write(to: URL(fileURLWithPath: t.directory + "/pairs.jsonl"))
        try t.run(#"let tok = tokenizer.load("tok")"# + "\n" + #"let pairs = data.load("pairs.jsonl")"#)
        let message = TokenizerCommandsTests.failure(t, #"tokenizer.count(tok, pairs, by: ["source", "targte"])"#)
        #expect(message.contains("'targte'") && message.contains("source, target"), "\(message)")
        guard case .record(let counts)? = try t.run(#"tokenizer.count(tok, pairs, by: ["source", "target"])"#),
              case .record(let en)? = counts["source"] else { Issue.record("expected a record"); return }
        #expect(en["words"] == .number(2))
    }

    @Test func encodeAddsThePostProcessorsTokensUnlessAskedNotTo() throws {
        let t = try TestSession()
        try TokenizerCommandsTests.writeTokenizer(t.directory + "/tok", chatTemplate: nil, bosPostProcessor: true)
        try t.run(#"let tok = tokenizer.load("tok")"#)
        let with = TokenizerCommandsTests.numbers(try t.run(#"tokenizer.encode(tok, "hello")"#))
        let without = TokenizerCommandsTests.numbers(try t.run(#"tokenizer.encode(tok, "hello", add_special_tokens: false)"#))
        #expect(with == [1] + without)
        #expect(!without.isEmpty && without.first != 1)
    }

    @Test func chatRenderUsesTheTokenizersOwnTemplate() throws {
        let t = try TestSession()
        try TokenizerCommandsTests.writeTokenizer(t.directory + "/smol", chatTemplate: TokenizerCommandsTests.smolLM2Template)
        try TokenizerCommandsTests.writeTokenizer(t.directory + "/odd", chatTemplate: "{{ bos_token }}{% for m in messages %}### {{ m['content'] }}{% endfor %}")
        try TokenizerCommandsTests.writeTokenizer(t.directory + "/none", chatTemplate: nil)
        try t.run(#"let smol = tokenizer.load("smol")"# + "\n" + #"let odd = tokenizer.load("odd")"# + "\n" + #"let none = tokenizer.load("none")"#)
        #expect(try t.run(#"chat.render([[role: "user", content: "Hi"]], template: "auto", tokenizer: smol, generation_prompt: true)"#) ==
                .string("<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n"))
        let unknown = TokenizerCommandsTests.failure(t, #"chat.render([[role: "user", content: "Hi"]], template: "auto", tokenizer: odd)"#)
        #expect(unknown.contains("unknown template '{{ bos_token }}{% for m in messages %}###"), "\(unknown)")
        #expect(TokenizerCommandsTests.failure(t, #"chat.render([], template: "auto", tokenizer: none)"#).contains("has no chat template"))
        #expect(TokenizerCommandsTests.failure(t, #"chat.render([], template: "auto")"#).contains("tokenizer:"))
        // A single word must be a known name: refused before anything runs, with a suggestion.
        let misspelt = TokenizerCommandsTests.failure(t, #"chat.render([], template: "chatlm")"#)
        #expect(misspelt.contains(#"must be one of "chatml""#) && misspelt.contains(#"did you mean "chatml"?"#), "\(misspelt)")
        // tulu ends assistant turns with the tokenizer's EOS unless eos: says otherwise.
        #expect(try t.run(#"chat.render([[role: "assistant", content: "Yo"]], template: "tulu", tokenizer: smol)"#) == .string("<|assistant|>\nYo<|im_end|>"))
        #expect(try t.run(#"chat.render([[role: "assistant", content: "Yo"]], template: "tulu")"#) == .string("<|assistant|>\nYo<|endoftext|>"))
        let render = try #require(CommandRegistry.standard["chat.render"])
        #expect(render.signature.summary.contains("smollm2"))
    }

    @Test func chatEncodeReturnsIdsAndOpenInstructLabels() throws {
        let t = try TestSession()
        try TokenizerCommandsTests.writeTokenizer(t.directory + "/tok", chatTemplate: TokenizerCommandsTests.smolLM2Template)
        try t.run(#"let tok = tokenizer.load("tok")"#)
        let conversation = #"[[role: "system", content: "Be terse."], [role: "user", content: "What is seven times eight?"], [role: "assistant", content: "fifty six"], [role: "user", content: "hello"], [role: "assistant", content: "hello there"]]"#
        guard case .record(let r)? = try t.run("chat.encode(\(conversation), tok)") else { Issue.record("expected a record"); return }
        let ids = TokenizerCommandsTests.numbers(r["ids"]), labels = TokenizerCommandsTests.numbers(r["labels"])
        #expect(ids.count == labels.count)
        let tokenizer = try Tokenizer.load(path: t.directory + "/tok")
        // Trained: each assistant turn's content and its <|im_end|>\n; everything else is -100.
        let trained = zip(ids, labels).filter { $0.1 != -100 }.map(\.0)
        #expect(tokenizer.decode(trained) == "fifty six<|im_end|>\nhello there<|im_end|>\n")
        #expect(zip(ids, labels).allSatisfy { $0.1 == -100 || $0.1 == $0.0 })
        #expect(r["trained_tokens"] == .number(Double(trained.count)))
        #expect(tokenizer.decode(ids) == ChatTemplate.smollm2.render(
            [ChatMessage(role: "system", content: "Be terse."), ChatMessage(role: "user", content: "What is seven times eight?"),
             ChatMessage(role: "assistant", content: "fifty six"), ChatMessage(role: "user", content: "hello"),
             ChatMessage(role: "assistant", content: "hello there")], addGenerationPrompt: false, eosToken: ""))
        guard case .record(let short)? = try t.run("chat.encode(\(conversation), tok, template: \"chatml\", max_length: 5)") else { return }
        #expect(TokenizerCommandsTests.numbers(short["ids"]) == Array(ids.prefix(5)))
        #expect(TokenizerCommandsTests.numbers(short["labels"]) == [-100, -100, -100, -100, -100])
        #expect(TokenizerCommandsTests.failure(t, "chat.encode(\(conversation), tok, max_length: 0)").contains("max_length"))
    }

    @Test func aStoredTokenizerKeepsItsEOSAndChatTemplate() throws {
        let directory = temporaryDirectory()
        try TokenizerCommandsTests.writeTokenizer(directory + "/tok", chatTemplate: TokenizerCommandsTests.smolLM2Template)
        let script = #"let tok = tokenizer.load("tok")"#
        let render = #"chat.render([[role: "assistant", content: "Yo"]], template: "auto", tokenizer: tok)"#
        let first = try TestSession(directory: directory)
        try first.run(script)
        let fresh = try #require(try first.run(render))
        // A second session answers tokenizer.load from the cache, so the tokenizer comes back from the store.
        let second = try TestSession(directory: directory)
        try second.run(script)
        #expect(try second.run(render) == fresh)
        #expect(try second.run(#"chat.render([[role: "assistant", content: "Yo"]], template: "tulu", tokenizer: tok)"#) == .string("<|assistant|>\nYo<|im_end|>"))
        // model.save writes tokenizer_config.json beside tokenizer.json.
        try second.run(#"model.save(model.init(preset: "tiny", tokenizer: tok), "saved")"#)
        let saved = try Tokenizer.load(path: directory + "/saved")
        #expect(saved.chatTemplateText == TokenizerCommandsTests.smolLM2Template)
        #expect(saved.eosTokenID == 2)
    }
}
