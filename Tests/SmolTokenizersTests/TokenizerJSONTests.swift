// Golden tests against Hugging Face `tokenizers` on the fixture tokenizer-a.

import Foundation
import SmolCore
import Testing
@testable import SmolTokenizers

struct GoldenCase: Decodable, Sendable, CustomTestStringConvertible {
    let text: String
    let ids: [Int]
    let tokens: [String]
    let decoded: String
    var testDescription: String { text.debugDescription }

    static func all() throws -> [GoldenCase] {
        struct File: Decodable { let cases: [GoldenCase] }
        guard let data = FileManager.default.contents(atPath: Fixtures.tokenizerAGolden) else {
            throw TokenizerError.io(path: Fixtures.tokenizerAGolden, reason: "golden fixture missing")
        }
        return try JSONDecoder().decode(File.self, from: data).cases
    }
}

@Suite struct TokenizerJSONTests {
    @Test("every golden case: ids, tokens and decoded text match HF tokenizers", arguments: (try? GoldenCase.all()) ?? [])
    func goldenCase(_ golden: GoldenCase) throws {
        let tokenizer = try Fixtures.loadTokenizerA()
        let ids = tokenizer.encode(golden.text)
        #expect(ids == golden.ids)
        #expect(tokenizer.tokenStrings(ids) == golden.tokens)
        #expect(tokenizer.decode(golden.ids) == golden.decoded)
    }

    @Test func goldenFileHasAllProbes() throws {
        #expect(try GoldenCase.all().count >= 14)
    }

    @Test func loadsFolderAndFileAlike() throws {
        let fromFile = try Fixtures.loadTokenizerA()
        let fromFolder = try Tokenizer.load(path: (Fixtures.tokenizerA as NSString).deletingLastPathComponent)
        #expect(try fromFile.jsonData() == fromFolder.jsonData())
        #expect(fromFile.vocabularySize == 320)
        #expect(fromFile.specialTokens == ["<|endoftext|>": 0, "<|im_start|>": 1, "<|im_end|>": 2])
        #expect(fromFile.eosTokenID == 0)
    }

    @Test func jsonRoundTripKeepsBehaviourAndBytes() throws {
        let tokenizer = try Fixtures.loadTokenizerA()
        let data = try tokenizer.jsonData()
        let reloaded = try Tokenizer(json: Tokenizer.parseJSON(Array(data), path: "memory"), config: nil, path: "memory")
        #expect(try reloaded.jsonData() == data)
        for golden in try GoldenCase.all() { #expect(reloaded.encode(golden.text) == golden.ids) }
    }

    @Test func mergesAcceptBothSpellings() throws {
        let pairs = #"{"model":{"type":"BPE","vocab":{"a":0,"b":1,"ab":2},"merges":[["a","b"]]},"pre_tokenizer":{"type":"ByteLevel","add_prefix_space":false}}"#
        let strings = #"{"model":{"type":"BPE","vocab":{"a":0,"b":1,"ab":2},"merges":["a b"]},"pre_tokenizer":{"type":"ByteLevel","add_prefix_space":false}}"#
        for text in [pairs, strings] {
            let t = try Tokenizer(json: Tokenizer.parseJSON(Array(text.utf8), path: "inline"), config: nil, path: "inline")
            #expect(t.encode("abab") == [2, 2])
        }
    }

    @Test func unknownComponentsAreClearErrors() throws {
        let json = #"{"normalizer":{"type":"Precompiled"},"model":{"type":"BPE","vocab":{"a":0},"merges":[]}}"#
        #expect {
            try Tokenizer(json: Tokenizer.parseJSON(Array(json.utf8), path: "x.json"), config: nil, path: "x.json")
        } throws: { error in
            "\(error)".contains("x.json") && "\(error)".contains("Precompiled")
        }
        let badMerge = #"{"model":{"type":"BPE","vocab":{"a":0},"merges":["a a"]}}"#
        #expect(throws: TokenizerError.mergeOutOfVocabulary(path: "y.json", merge: "a a")) {
            try Tokenizer(json: Tokenizer.parseJSON(Array(badMerge.utf8), path: "y.json"), config: nil, path: "y.json")
        }
    }

    @Test func malformedJSONNamesThePathLineAndColumn() throws {
        let path = NSTemporaryDirectory() + "smol-bad-\(getpid()).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "{\n  \"model\": {\"type\": \"BPE\",}\n}\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            try Tokenizer.load(path: path)
        } throws: { error in
            guard case .json(let errorPath, let json)? = error as? TokenizerError else { return false }
            return errorPath == path && json.line == 2 && json.column == 26
                && "\(error)".hasPrefix("\(path):2:26: error: invalid JSON: trailing comma")
        }
        let duplicated = #"{"model": {"type": "BPE", "vocab": {"a": 0, "a": 1}, "merges": []}}"#
        #expect {
            try Tokenizer(json: Tokenizer.parseJSON(Array(duplicated.utf8), path: "dup.json"), config: nil, path: "dup.json")
        } throws: { error in
            "\(error)".hasPrefix("dup.json:1:45: error: invalid JSON: duplicate key \"a\"")
        }
    }

    @Test func savedIdsAreIntegers() throws {
        let text = String(decoding: try Fixtures.loadTokenizerA().jsonData(), as: UTF8.self)
        #expect(text.contains(#""id": 0,"#))
        #expect(text.contains(#""<|im_end|>": 2,"#))
        #expect(!text.contains(".0,") && !text.contains(".0\n"), "no integer is written with a fraction")
        #expect(text.hasSuffix("}\n"))
    }

    @Test func skipSpecialTokensDropsThemInDecode() throws {
        let tokenizer = try Fixtures.loadTokenizerA()
        let ids = tokenizer.encode("<|im_start|>user\nhi<|im_end|>")
        #expect(ids.first == 1 && ids.last == 2)
        #expect(tokenizer.decode(ids, skipSpecialTokens: true) == "user\nhi")
    }
}

@Suite struct TokenizerConfigTests {
    @Test func folderWithConfigGivesChatTemplateBOSAndEOS() throws {
        let folder = NSTemporaryDirectory() + "smol-model-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: Fixtures.tokenizerA, toPath: folder + "/tokenizer.json")
        let config = #"{"bos_token": "<|im_start|>", "eos_token": {"content": "<|im_end|>"}, "chat_template": "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}"}"#
        try config.write(toFile: folder + "/tokenizer_config.json", atomically: true, encoding: .utf8)
        let tokenizer = try Tokenizer.load(path: folder)
        #expect(tokenizer.bosTokenID == 1)
        #expect(tokenizer.eosTokenID == 2)
        #expect(try ChatTemplate.recognize(try #require(tokenizer.chatTemplateText)) == .chatml)
    }

    @Test func savedFolderKeepsChatTemplateBOSAndEOS() throws {
        let source = NSTemporaryDirectory() + "smol-config-src-\(getpid())"
        let saved = NSTemporaryDirectory() + "smol-config-out-\(getpid())"
        for folder in [source, saved] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        defer { for folder in [source, saved] { try? FileManager.default.removeItem(atPath: folder) } }
        try FileManager.default.copyItem(atPath: Fixtures.tokenizerA, toPath: source + "/tokenizer.json")
        let template = ChatTemplateTests.checkpointTemplates[0].0
        let config = JSONValue.object([("bos_token", .string("<|im_start|>")), ("eos_token", .string("<|im_end|>")), ("chat_template", .string(template))])
        try Data(config.prettyBytes()).write(to: URL(fileURLWithPath: source + "/tokenizer_config.json"))
        let original = try Tokenizer.load(path: source)
        try original.save(toFolder: saved)
        let reloaded = try Tokenizer.load(path: saved)
        #expect(reloaded.bosTokenID == 1 && reloaded.eosTokenID == 2)
        #expect(reloaded.chatTemplateText == template)
        #expect(try reloaded.configData() == original.configData())
        // A tokenizer that declares no EOS keeps none, instead of falling back to <|endoftext|>.
        let trained = try Tokenizer.train(corpus: ["ab ab ab <|endoftext|>"], vocabularySize: 300, specialTokens: ["<s>", "<|endoftext|>"], minFrequency: 1)
        #expect(trained.eosTokenID == 1)
        try trained.save(toFolder: saved)
        #expect(try Tokenizer.load(path: saved).eosTokenID == 1)
        let noEOS = try Tokenizer(json: Tokenizer.parseJSON(Array(trained.jsonData()), path: "m"), config: .object([]), path: "m")
        try noEOS.save(toFolder: saved)
        #expect(try Tokenizer.load(path: saved).eosTokenID == nil)
        #expect(try Tokenizer.load(tokenizerJSON: saved + "/tokenizer.json", config: saved + "/tokenizer_config.json").eosTokenID == nil)
        #expect(try Tokenizer.load(tokenizerJSON: saved + "/tokenizer.json", config: nil).eosTokenID == 1)
    }

    @Test func missingPathIsAClearError() {
        #expect {
            try Tokenizer.load(path: "/nonexistent/model")
        } throws: { error in
            "\(error)".hasPrefix("/nonexistent/model: error:")
        }
    }
}

/// Inputs found by `scripts/fuzz.sh tokenizer` (libFuzzer + ASan), minimised; each used to crash.
@Suite struct TokenizerJSONFuzzRegressionTests {
    private func load(_ text: String) throws -> Tokenizer {
        try Tokenizer(json: Tokenizer.parseJSON(Array(text.utf8), path: "fuzz.json"), config: nil, path: "fuzz.json")
    }

    @Test func hugeVocabularyIDIsRefusedBeforeAllocating() {
        // Used to allocate a 900-billion-entry token table (ASan: allocation-size-too-big).
        #expect(throws: TokenizerError.invalidField(path: "fuzz.json", field: "model.vocab[a]",
            reason: "is id 900000000000, but 1 vocabulary entries and 0 added tokens spell only ids 0..<1, so ids below it would have no token; the file is corrupt — renumber the vocabulary")) {
            try load(#"{"model":{"type":"BPE","vocab":{"a":900000000000},"merges":[]}}"#)
        }
    }

    @Test func addedTokenIDBeyondInt32IsRefused() {
        // Used to trap converting the id to Int32 while looking up <|endoftext|> as the EOS token.
        #expect {
            try load(#"{"model":{"type":"BPE","vocab":{"a":0},"merges":[]},"added_tokens":[{"id":4294967296,"content":"<|endoftext|>"}]}"#)
        } throws: { error in
            guard case .invalidField(_, let field, let reason) = error as? TokenizerError else { return false }
            return field == "added_tokens[0].id" && reason.hasPrefix("is id 4294967296, above the largest supported id 16777215")
        }
    }

    @Test func negativeAddedTokenIDIsRefused() {
        #expect(throws: TokenizerError.invalidField(path: "fuzz.json", field: "added_tokens[0]", reason: "needs a non-negative integer id and a string content")) {
            try load(#"{"model":{"type":"BPE","vocab":{"a":0},"merges":[]},"added_tokens":[{"id":-5,"content":"x"}]}"#)
        }
    }

    @Test func vocabularyHoleFilledByAnAddedTokenStillLoads() throws {
        // The vocabulary bound is the pigeonhole one: id 2 is free for the added token.
        let tokenizer = try load(#"{"model":{"type":"BPE","vocab":{"a":3,"b":0,"c":1},"merges":[]},"added_tokens":[{"id":2,"content":"<|endoftext|>","special":true}]}"#)
        #expect(tokenizer.vocabularySize == 4)
        #expect(tokenizer.eosTokenID == 2)
        #expect(tokenizer.tokenStrings([1, 3, 0, 2]) == ["c", "a", "b", "<|endoftext|>"])
    }
}
