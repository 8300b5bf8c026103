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
        let converted = try Tokenizer(json: JSONValue.parse(Array(try tokenizer.jsonData()), path: "memory"), config: nil, path: "memory")
        for (text, expected) in try TokenizerGGUFTests.cases("starcoder") { #expect(converted.encode(text) == expected) }
    }
}
