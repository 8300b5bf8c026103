// llama.cpp's tokenizer test vectors (expected ids produced by Hugging Face tokenizers) for the
// gpt-2 and starcoder GGUF vocabularies. Needs scripts/fetch-llama-vocab.sh.

import Foundation
import SmolFormats
import Testing
@testable import SmolTokenizers

@Suite(.enabled(if: Fixtures.hasLlamaVocab, "downloads/llama-vocab is absent; run scripts/fetch-llama-vocab.sh to enable the llama.cpp vocab tests"))
struct TokenizerGGUFTests {
    /// The .inp strings (split on llama.cpp's separator) paired with the .out id lines.
    static func cases(_ name: String) throws -> [(String, [Int])] {
        let base = Fixtures.llamaVocab + "/ggml-vocab-\(name).gguf"
        let input = try String(contentsOfFile: base + ".inp", encoding: .utf8)
        let output = try String(contentsOfFile: base + ".out", encoding: .utf8)
        let texts = input.components(separatedBy: "\n__ggml_vocab_test__\n")
        let ids = output.components(separatedBy: "\n").map { $0.split(separator: " ").map { Int($0)! } }
        #expect(texts.count == ids.count)
        return Array(zip(texts, ids))
    }

    @Test("all llama.cpp test vectors", arguments: ["gpt-2", "starcoder"])
    func vocabularyMatchesReference(_ name: String) throws {
        let tokenizer = try Tokenizer.load(path: Fixtures.llamaVocab + "/ggml-vocab-\(name).gguf")
        let cases = try TokenizerGGUFTests.cases(name)
        #expect(cases.count == 47)
        for (text, expected) in cases {
            let ids = tokenizer.encode(text)
            #expect(ids == expected, "\(name): \(text.debugDescription)")
            #expect(tokenizer.decode(ids) == text)
        }
    }

    @Test func metadataIsRead() throws {
        let gguf = try GGUFFile(path: Fixtures.llamaVocab + "/ggml-vocab-starcoder.gguf")
        let tokenizer = try Tokenizer(gguf: gguf)
        #expect(tokenizer.vocabularySize == gguf.value("tokenizer.ggml.tokens")?.array?.count)
        #expect(tokenizer.eosTokenID == gguf.value("tokenizer.ggml.eos_token_id")?.int)
        #expect(tokenizer.specialTokens["<|endoftext|>"] == 0)
    }

    @Test func ggufTokenizerConvertsToAnEquivalentTokenizerJSON() throws {
        let tokenizer = try Tokenizer.load(path: Fixtures.llamaVocab + "/ggml-vocab-starcoder.gguf")
        let converted = try Tokenizer(json: Tokenizer.parseJSON(Array(try tokenizer.jsonData()), path: "memory"), config: nil, path: "memory")
        for (text, expected) in try TokenizerGGUFTests.cases("starcoder") { #expect(converted.encode(text) == expected) }
    }
}

/// The real SmolLM2-135M-Instruct vocabulary (pre-tokenizer "smollm"), against the ids in DATA.md §1.
@Suite(.enabled(if: Fixtures.hasSmolLM2, "downloads/smollm2 is absent; run scripts/fetch-smollm2.sh to enable the SmolLM2 tokenizer tests"))
struct SmolLM2GGUFTests {
    @Test func encodesLikeTheReference() throws {
        let tokenizer = try Tokenizer.load(path: Fixtures.smolLM2)
        #expect(tokenizer.vocabularySize == 49152)
        #expect(tokenizer.model.mergePairs.count == 48900)
        #expect(tokenizer.specialTokens.count == 17)
        #expect(tokenizer.encode("The capital of France is") == [504, 3575, 282, 4649, 314])
        #expect(tokenizer.encode("<|im_start|>system\n") == [1, 9690, 198])
        #expect(tokenizer.encode("The year 2024 has 366 days.") == [504, 713, 216, 34, 32, 34, 36, 553, 216, 35, 38, 38, 2009, 30])
        #expect(tokenizer.decode([7042, 30, 198, 198, 504, 2988, 314, 42]) == " Paris.\n\nThe answer is:")
        #expect(tokenizer.tokenStrings([7042]) == ["ĠParis"])
    }

    @Test func chatTemplateIsRecognisedAndRendersChatML() throws {
        let tokenizer = try Tokenizer.load(path: Fixtures.smolLM2)
        let text = try #require(tokenizer.chatTemplateText)
        let template = try ChatTemplate.recognize(text)
        #expect(template == .smollm2)
        let prompt = template.render([ChatMessage(role: "user", content: "What is the capital of France?")], addGenerationPrompt: true, eosToken: "")
        #expect(prompt.hasSuffix("<|im_start|>user\nWhat is the capital of France?<|im_end|>\n<|im_start|>assistant\n"))
        #expect(tokenizer.eosTokenID.map { tokenizer.tokenStrings([$0]) } == ["<|im_end|>"])
    }

    @Test func aSavedFolderKeepsEOSBOSAndTheChatTemplate() throws {
        let tokenizer = try Tokenizer.load(path: Fixtures.smolLM2)
        let folder = NSTemporaryDirectory() + "smol-smollm2-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try tokenizer.save(toFolder: folder)
        let reloaded = try Tokenizer.load(path: folder)
        #expect(reloaded.eosTokenID == 2 && tokenizer.eosTokenID == 2)
        #expect(reloaded.bosTokenID == tokenizer.bosTokenID)
        #expect(reloaded.chatTemplateText == tokenizer.chatTemplateText)
        #expect(reloaded.encode("<|im_start|>system\n") == [1, 9690, 198])
    }
}

/// BOS handling of GGUF vocabularies, on small GGUF files written by the test itself.
@Suite struct GGUFSpecialTokenTests {
    /// A GGUF v3 file with no tensors and the given metadata (string, bool, u32 and string-array values).
    static func writeGGUF(_ metadata: [(String, Any)], to path: String) throws {
        var bytes: [UInt8] = Array("GGUF".utf8)
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
        func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
        func string(_ s: String) { u64(UInt64(s.utf8.count)); bytes += Array(s.utf8) }
        u32(3); u64(0); u64(UInt64(metadata.count))
        for (key, value) in metadata {
            string(key)
            switch value {
            case let s as String: u32(8); string(s)
            case let b as Bool: u32(7); bytes.append(b ? 1 : 0)
            case let n as Int: u32(4); u32(UInt32(n))
            case let list as [String]: u32(9); u32(8); u64(UInt64(list.count)); list.forEach(string)
            case let list as [Int]: u32(9); u32(5); u64(UInt64(list.count)); list.forEach { u32(UInt32(bitPattern: Int32($0))) }
            default: Issue.record("unsupported GGUF test value for \(key)")
            }
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// A four-token vocabulary (<|begin_of_text|>, a, b, ab) with pre-tokenizer `pre` and an optional add_bos_token.
    static func tokenizer(pre: String, addBOS: Bool?) throws -> Tokenizer {
        var metadata: [(String, Any)] = [
            ("tokenizer.ggml.model", "gpt2"), ("tokenizer.ggml.pre", pre),
            ("tokenizer.ggml.tokens", ["<|begin_of_text|>", "a", "b", "ab"]), ("tokenizer.ggml.merges", ["a b"]),
            ("tokenizer.ggml.token_type", [3, 1, 1, 1]), ("tokenizer.ggml.bos_token_id", 0), ("tokenizer.ggml.eos_token_id", 0),
        ]
        if let addBOS { metadata.append(("tokenizer.ggml.add_bos_token", addBOS)) }
        let path = NSTemporaryDirectory() + "smol-bos-\(pre)-\(String(describing: addBOS))-\(getpid()).gguf"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try writeGGUF(metadata, to: path)
        return try Tokenizer.load(path: path)
    }

    @Test func llama3VocabulariesAddBOSUnlessTheMetadataSaysNot() throws {
        // llama.cpp (llama-vocab.cpp) sets add_bos for the llama-bpe family when the key is absent.
        #expect(try GGUFSpecialTokenTests.tokenizer(pre: "llama-bpe", addBOS: nil).encode("ab", addSpecialTokens: true) == [0, 3])
        #expect(try GGUFSpecialTokenTests.tokenizer(pre: "llama-bpe", addBOS: false).encode("ab", addSpecialTokens: true) == [3])
        #expect(try GGUFSpecialTokenTests.tokenizer(pre: "gpt-2", addBOS: nil).encode("ab", addSpecialTokens: true) == [3])
        #expect(try GGUFSpecialTokenTests.tokenizer(pre: "gpt-2", addBOS: true).encode("ab", addSpecialTokens: true) == [0, 3])
        #expect(try GGUFSpecialTokenTests.tokenizer(pre: "llama-bpe", addBOS: nil).encode("ab") == [3])
    }
}
