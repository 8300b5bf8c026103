import Foundation
import Testing
@testable import SmolFormats

/// The real SmolLM2-135M-Instruct Q4_1 GGUF (downloads/, fetched by scripts/fetch-smollm2.sh).
@Suite("SmolLM2 GGUF", .enabled(if: FileManager.default.fileExists(atPath: TestPaths.smolLM2GGUF),
                                "downloads/smollm2 is absent; run scripts/fetch-smollm2.sh to enable"))
struct SmolLM2GGUFTests {
    @Test func metadataAndTensorInventory() throws {
        let file = try GGUFFile(path: TestPaths.smolLM2GGUF)
        #expect(file.version == 3)
        #expect(file.value("general.architecture")?.string == "llama")
        #expect(file.value("llama.block_count")?.int == 30)
        #expect(file.value("llama.embedding_length")?.int == 576)
        #expect(file.value("llama.feed_forward_length")?.int == 1536)
        #expect(file.value("llama.attention.head_count")?.int == 9)
        #expect(file.value("llama.attention.head_count_kv")?.int == 3)
        #expect(file.value("tokenizer.ggml.model")?.string == "gpt2")
        let tokens = try #require(file.value("tokenizer.ggml.tokens")?.strings)
        #expect(tokens.count == 49152)
        #expect(tokens[0] == "<|endoftext|>" && tokens[1] == "<|im_start|>" && tokens[2] == "<|im_end|>")
        #expect(file.value("tokenizer.ggml.merges")?.strings?.count == 48900)
        #expect(file.value("tokenizer.chat_template")?.string?.contains("<|im_start|>") == true)

        #expect(file.tensors.count == 272)
        var byType: [GGMLType: Int] = [:]
        for t in file.tensors { byType[t.type, default: 0] += 1 }
        #expect(byType == [.q4_1: 210, .f32: 61, .q8_0: 1])
        #expect(file.tensor("token_embd.weight")?.shape == [49152, 576])
        #expect(file.tensor("token_embd.weight")?.type == .q8_0)
        #expect(file.tensor("blk.0.attn_k.weight")?.shape == [192, 576])
        #expect(file.tensor("blk.0.attn_q.weight")?.shape == [576, 576])
        #expect(file.tensor("blk.0.ffn_down.weight")?.shape == [576, 1536])
        #expect(file.tensor("output.weight") == nil)  // tied embeddings
        let last = try #require(file.tensors.max { $0.offset < $1.offset })
        #expect(last.offset + last.byteCount <= 98_362_432)
    }

    @Test func dequantisesQ4_1AndQ8_0AndF32() throws {
        let file = try GGUFFile(path: TestPaths.smolLM2GGUF)
        let k = try file.floats("blk.0.attn_k.weight")  // Q4_1
        #expect(k.count == 192 * 576)
        #expect(k.allSatisfy { $0.isFinite })
        #expect(Set(k.prefix(4096)).count > 16)  // per-block scales give many distinct values
        let norm = try file.floats("blk.0.attn_norm.weight")  // F32
        #expect(norm.count == 576 && norm.allSatisfy { $0.isFinite })
        let unpermuted = unpermuteLlamaQK(k, rows: 192, cols: 576, heads: 3)
        #expect(unpermuted.sorted() == k.sorted())
    }

    /// Values from llama.cpp's Python package (gguf-py 0.19.0, `gguf.quants.dequantize`), an
    /// implementation nobody on this project wrote: first four and last elements, float64 sum.
    @Test(arguments: [
        ("blk.0.attn_k.weight", [-0.1552734375, 0.3402099609375, -0.485595703125, -0.3204345703125], 0.3636474609375, 26.937057495117188),
        ("token_embd.weight", [-0.10654449462890625, 0.032978057861328125, 0.048198699951171875, -0.022830963134765625], -0.0417022705078125, -15353.04449415207),
        ("blk.0.attn_norm.weight", [0.01397705078125, 0.0238037109375, -0.019775390625, -0.0302734375], -0.038330078125, 0.6129436492919922),
        ("blk.29.ffn_down.weight", [-0.2733154296875, 0.186279296875, 0.186279296875, 0.04840087890625], 0.056640625, 49.83570861816406),
    ] as [(String, [Float], Float, Double)])
    func matchesReferenceDequantisation(name: String, head: [Float], last: Float, sum: Double) throws {
        let values = try GGUFFile(path: TestPaths.smolLM2GGUF).floats(name)
        #expect(Array(values.prefix(4)) == head)
        #expect(values.last == last)
        let total = values.reduce(0.0) { $0 + Double($1) }
        #expect(abs(total - sum) <= 1e-9 * max(1, abs(sum)))
    }
}
