import Foundation
import SmolModels

/// A minimal GGUF v3 writer for tests: llama-architecture metadata and the F32 weights of a model under
/// llama.cpp names, with Q/K rows permuted the way llama.cpp's converter does (the loader undoes it).
struct GGUFWriting {
    enum Value {
        case u32(UInt32), u64(UInt64), f32(Float), string(String), strings([String])
    }

    var metadata: [(String, Value)] = []
    var tensors: [(name: String, shape: [Int], type: UInt32, data: [UInt8])] = []

    /// The metadata and tensors of `model` (llama arch); `vocabKey` writes `llama.vocab_size`.
    init(_ model: LanguageModel, vocabKey: Bool = true) {
        let c = model.config
        metadata = [("general.architecture", .string("llama")), ("llama.block_count", .u32(UInt32(c.numHiddenLayers))),
                    ("llama.embedding_length", .u32(UInt32(c.hiddenSize))),
                    ("llama.feed_forward_length", .u32(UInt32(c.intermediateSize))),
                    ("llama.attention.head_count", .u32(UInt32(c.numAttentionHeads))),
                    ("llama.attention.head_count_kv", .u32(UInt32(c.numKeyValueHeads))),
                    ("llama.rope.freq_base", .f32(c.ropeTheta)),
                    ("llama.attention.layer_norm_rms_epsilon", .f32(c.rmsNormEps)),
                    ("llama.context_length", .u32(UInt32(c.maxPositionEmbeddings)))]
        if vocabKey { metadata.append(("llama.vocab_size", .u32(UInt32(c.vocabSize)))) }
        let names = ["model.embed_tokens.weight": "token_embd.weight", "model.norm.weight": "output_norm.weight",
                     "lm_head.weight": "output.weight"]
        let layer = ["input_layernorm.weight": "attn_norm.weight", "post_attention_layernorm.weight": "ffn_norm.weight",
                     "self_attn.q_proj.weight": "attn_q.weight", "self_attn.k_proj.weight": "attn_k.weight",
                     "self_attn.v_proj.weight": "attn_v.weight", "self_attn.o_proj.weight": "attn_output.weight",
                     "mlp.gate_proj.weight": "ffn_gate.weight", "mlp.up_proj.weight": "ffn_up.weight",
                     "mlp.down_proj.weight": "ffn_down.weight"]
        for (name, tensor) in model.parameters {
            var target = names[name]
            var values = tensor.values
            if target == nil {
                let parts = name.split(separator: ".")
                let rest = parts[3...].joined(separator: ".")
                target = "blk.\(parts[2])." + layer[rest]!
                if rest == "self_attn.q_proj.weight" { values = Self.permute(values, shape: tensor.shape, heads: c.numAttentionHeads) }
                if rest == "self_attn.k_proj.weight" { values = Self.permute(values, shape: tensor.shape, heads: c.numKeyValueHeads) }
            }
            addTensor(target!, shape: tensor.shape, values: values)
        }
    }

    /// HF rotate-half row order -> llama.cpp interleaved order (the inverse of `unpermuteLlamaQK`).
    static func permute(_ w: [Float], shape: [Int], heads: Int) -> [Float] {
        let rows = shape[0], cols = shape[1], d = rows / heads, half = d / 2
        var out = w
        for h in 0..<heads { for s in 0..<2 { for i in 0..<half {
            let hf = h * d + s * half + i, gguf = h * d + 2 * i + s
            for c in 0..<cols { out[gguf * cols + c] = w[hf * cols + c] }
        } } }
        return out
    }

    mutating func set(_ key: String, _ value: Value) {
        metadata.removeAll { $0.0 == key }
        metadata.append((key, value))
    }

    mutating func remove(_ key: String) { metadata.removeAll { $0.0 == key } }

    mutating func addTensor(_ name: String, shape: [Int], values: [Float]) {
        var data: [UInt8] = []
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { data += $0 } }
        tensors.append((name, shape, 0, data))
    }

    /// The file's bytes (alignment 32; GGUF lists dims innermost first).
    func bytes() -> [UInt8] {
        var out: [UInt8] = []
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
        func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
        func string(_ s: String) { u64(UInt64(s.utf8.count)); out += Array(s.utf8) }
        out += Array("GGUF".utf8)
        u32(3); u64(UInt64(tensors.count)); u64(UInt64(metadata.count))
        for (key, value) in metadata {
            string(key)
            switch value {
            case .u32(let v): u32(4); u32(v)
            case .u64(let v): u32(10); u64(v)
            case .f32(let v): u32(6); u32(v.bitPattern)
            case .string(let s): u32(8); string(s)
            case .strings(let list): u32(9); u32(8); u64(UInt64(list.count)); list.forEach(string)
            }
        }
        var offset = 0
        for t in tensors {
            string(t.name)
            u32(UInt32(t.shape.count))
            for d in t.shape.reversed() { u64(UInt64(d)) }
            u32(t.type); u64(UInt64(offset))
            offset += (t.data.count + 31) / 32 * 32
        }
        while out.count % 32 != 0 { out.append(0) }
        for t in tensors {
            out += t.data
            while out.count % 32 != 0 { out.append(0) }
        }
        return out
    }

    /// Writes the file to a fresh temporary path and returns it.
    func write(_ tag: String) throws -> String {
        let path = CheckpointIOTests.temporaryDirectory(tag) + ".gguf"
        try Data(bytes()).write(to: URL(fileURLWithPath: path))
        return path
    }
}
