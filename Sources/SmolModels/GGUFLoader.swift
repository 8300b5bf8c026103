import Foundation
import SmolFormats
import SmolTensor

extension LanguageModel {
    /// Loads a llama.cpp `.gguf` decoder (architecture `llama` or `qwen2`), dequantising every tensor to
    /// float32, mapping llama.cpp names to HF names and undoing the converter's Q/K row permutation
    /// (llama only). The config comes from the `<arch>.*` metadata.
    static func loadGGUF(path: String) throws -> LanguageModel {
        let file = try GGUFFile(path: path)
        let config = try ggufConfig(file, path: path)
        let permuted = config.modelType == "llama"
        var tensors: [String: Tensor] = [:]
        var types: Set<String> = []
        for (name, shape) in parameterLayout(config) {
            guard let source = ggufName(forHF: name) else { continue }
            guard let info = file.tensor(source) else {
                throw ModelError.invalidCheckpoint(path: path, "tensor '\(source)' (for \(name)) is missing from the GGUF file")
            }
            guard info.shape == shape else {
                throw ModelError.invalidCheckpoint(path: path, "tensor '\(source)' has shape \(info.shape), the metadata implies \(shape)")
            }
            var values = try file.floats(source)
            if permuted, name.hasSuffix("q_proj.weight") {
                values = unpermuteLlamaQK(values, rows: shape[0], cols: shape[1], heads: config.numAttentionHeads)
            } else if permuted, name.hasSuffix("k_proj.weight") {
                values = unpermuteLlamaQK(values, rows: shape[0], cols: shape[1], heads: config.numKeyValueHeads)
            }
            tensors[name] = Tensor(shape: shape, values: values, requiresGrad: true)
            if shape.count == 2 { types.insert(info.type.name.lowercased()) }
        }
        let dtype = types.count == 1 ? types.first! : types.sorted().joined(separator: "+")
        return LanguageModel(config: config, tensors: tensors, sourceDType: dtype)
    }

    /// The llama.cpp tensor name for an HF parameter name.
    static func ggufName(forHF name: String) -> String? {
        switch name {
        case "model.embed_tokens.weight": return "token_embd.weight"
        case "model.norm.weight": return "output_norm.weight"
        case "lm_head.weight": return "output.weight"
        default: break
        }
        let parts = name.split(separator: ".")
        guard parts.count >= 5, parts[0] == "model", parts[1] == "layers", let layer = Int(parts[2]) else { return nil }
        let rest = parts[3...].joined(separator: ".")
        let map = ["input_layernorm.weight": "attn_norm.weight", "post_attention_layernorm.weight": "ffn_norm.weight",
                   "self_attn.q_proj.weight": "attn_q.weight", "self_attn.k_proj.weight": "attn_k.weight",
                   "self_attn.v_proj.weight": "attn_v.weight", "self_attn.o_proj.weight": "attn_output.weight",
                   "self_attn.q_proj.bias": "attn_q.bias", "self_attn.k_proj.bias": "attn_k.bias",
                   "self_attn.v_proj.bias": "attn_v.bias", "self_attn.o_proj.bias": "attn_output.bias",
                   "mlp.gate_proj.weight": "ffn_gate.weight", "mlp.up_proj.weight": "ffn_up.weight",
                   "mlp.down_proj.weight": "ffn_down.weight"]
        return map[rest].map { "blk.\(layer).\($0)" }
    }

    /// The model config from GGUF metadata (`general.architecture`, then `<arch>.*` keys).
    static func ggufConfig(_ file: GGUFFile, path: String) throws -> ModelConfig {
        guard let arch = file.value("general.architecture")?.string else {
            throw ModelError.invalidConfig(path: path, "metadata key general.architecture is missing")
        }
        guard arch == "llama" || arch == "qwen2" else { throw ModelError.unsupportedArchitecture(path: path, "'\(arch)'") }
        func int(_ key: String) throws -> Int {
            guard let v = file.value("\(arch).\(key)")?.int else {
                throw ModelError.invalidConfig(path: path, "metadata key \(arch).\(key) is missing or not an integer")
            }
            return v
        }
        let d = try int("embedding_length"), heads = try int("attention.head_count")
        let vocab = (try? int("vocab_size")) ?? file.value("tokenizer.ggml.tokens")?.array?.count
            ?? file.tensor("token_embd.weight")?.shape.first ?? 0
        let config = ModelConfig(
            modelType: arch, vocabSize: vocab, hiddenSize: d, intermediateSize: try int("feed_forward_length"),
            numHiddenLayers: try int("block_count"), numAttentionHeads: heads,
            numKeyValueHeads: (try? int("attention.head_count_kv")) ?? heads,
            headDim: (try? int("attention.key_length")) ?? d / heads,
            rmsNormEps: Float(file.value("\(arch).attention.layer_norm_rms_epsilon")?.double ?? 1e-5),
            ropeTheta: Float(file.value("\(arch).rope.freq_base")?.double ?? 10_000),
            tieWordEmbeddings: file.tensor("output.weight") == nil,
            attentionBias: arch == "llama" && file.tensor("blk.0.attn_q.bias") != nil,
            maxPositionEmbeddings: (try? int("context_length")) ?? 2048,
            bosTokenId: file.value("tokenizer.ggml.bos_token_id")?.int,
            eosTokenIds: file.value("tokenizer.ggml.eos_token_id")?.int.map { [$0] } ?? [])
        try config.validate(path: path)
        return config
    }
}
