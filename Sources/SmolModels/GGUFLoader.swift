import Foundation
import SmolFormats
import SmolKernels
import SmolTensor

extension LanguageModel {
    /// Loads a llama.cpp `.gguf` decoder (architecture `llama` or `qwen2`), dequantising every tensor to
    /// float32, mapping llama.cpp names to HF names and undoing the converter's Q/K row permutation
    /// (llama only). The config comes from the `<arch>.*` metadata.
    ///
    /// Every metadata field and every tensor's name, shape and type is checked before any weight is
    /// converted; GGUF tensors the model would not use are refused, as in `load(path:)`.
    static func loadGGUF(path: String) throws -> LanguageModel {
        let file = try GGUFFile(path: path)
        let config = try ggufConfig(file, path: path)
        try checkLayerCount(config.numHiddenLayers, names: file.tensors.map(\.name), prefix: "blk.", path: path,
                            field: "\(config.modelType).block_count")
        let permuted = config.modelType == "llama"
        let layout = parameterLayout(config)
        var sources: [(name: String, shape: [Int], source: String)] = []
        var missing: [String] = []
        var types: Set<String> = []
        for (name, shape) in layout {
            guard let source = ggufName(forHF: name), let info = file.tensor(source) else {
                missing.append(ggufName(forHF: name) ?? name)
                continue
            }
            guard info.shape == shape else {
                throw ModelError.invalidCheckpoint(path: path, "tensor '\(source)' has shape \(info.shape), the metadata implies \(shape)")
            }
            guard info.type.canDequantize, ![.i8, .i16, .i32, .i64].contains(info.type) else {
                throw ModelError.invalidCheckpoint(path: path, "tensor '\(source)' is stored as \(info.type.name); smol reads F32, F16, BF16, F64, Q8_0, Q4_0 and Q4_1 weights")
            }
            sources.append((name, shape, source))
            if shape.count == 2 { types.insert(info.type.name.lowercased()) }
        }
        let used = Set(sources.map(\.source))
        let unexpected = file.tensors.map(\.name).filter { !used.contains($0) }
        try checkNames(missing: missing, unexpected: unexpected, config: config, path: path, source: "the GGUF metadata")
        var tensors: [String: Tensor] = [:]
        var native: [String: QuantizedMatrix] = [:]
        for (name, shape, source) in sources {
            var values = try file.floats(source)
            let heads = name.hasSuffix("q_proj.weight") ? config.numAttentionHeads
                : name.hasSuffix("k_proj.weight") ? config.numKeyValueHeads : nil
            if permuted, let heads {
                values = unpermuteLlamaQK(values, rows: shape[0], cols: shape[1], heads: heads)
            }
            tensors[name] = Tensor(shape: shape, values: values, requiresGrad: true)
            if shape.count == 2, let info = file.tensor(source), let format = QuantizedMatrix.Format(ggml: info.type) {
                // The file's rows reordered as the f32 values were (the permutation applied to row numbers).
                let order = permuted && heads != nil
                    ? unpermuteLlamaQK((0..<shape[0]).map(Float.init), rows: shape[0], cols: 1, heads: heads!).map { Int($0) } : nil
                native[name] = try file.withRawBytes(of: source) { raw in
                    QuantizedMatrix(ggmlBlocks: raw.baseAddress!, format: format, rows: shape[0], columns: shape[1], rowOrder: order)
                }
            }
        }
        let dtype = types.count == 1 ? types.first! : types.sorted().joined(separator: "+")
        return LanguageModel(config: config, tensors: tensors, sourceDType: dtype, nativeWeights: native)
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

    /// The model config from GGUF metadata (`general.architecture`, then `<arch>.*` keys), every field
    /// checked before it is used; errors name the GGUF key. RoPE scaling and a rotary width other than
    /// the head width are refused (smol implements plain RoPE over the whole head).
    static func ggufConfig(_ file: GGUFFile, path: String) throws -> ModelConfig {
        guard let arch = file.value("general.architecture")?.string else {
            throw ModelError.invalidField(path: path, field: "general.architecture", "is missing; the file is not a llama.cpp model")
        }
        guard arch == "llama" || arch == "qwen2" else { throw ModelError.unsupportedArchitecture(path: path, "'\(arch)'") }
        func optionalInt(_ key: String) throws -> Int? {
            guard let value = file.value("\(arch).\(key)") else { return nil }
            guard let v = value.int, v > 0 else {
                throw ModelError.invalidField(path: path, field: "\(arch).\(key)", "is \(value); it must be a positive integer")
            }
            return v
        }
        func int(_ key: String) throws -> Int {
            guard let v = try optionalInt(key) else {
                throw ModelError.invalidField(path: path, field: "\(arch).\(key)", "is missing; the file does not describe the model")
            }
            return v
        }
        func positiveFloat(_ key: String, default fallback: Double) throws -> Float {
            guard let value = file.value("\(arch).\(key)") else { return Float(fallback) }
            guard let v = value.double, v.isFinite, v > 0, Float(v).isFinite, Float(v) > 0 else {
                throw ModelError.invalidField(path: path, field: "\(arch).\(key)", "is \(value); it must be a finite positive number")
            }
            return Float(v)
        }
        let d = try int("embedding_length"), heads = try int("attention.head_count")
        let kvHeads = try optionalInt("attention.head_count_kv") ?? heads
        let headDim: Int
        if let explicit = try optionalInt("attention.key_length") {
            headDim = explicit
        } else {
            guard d % heads == 0 else {
                throw ModelError.invalidField(path: path, field: "\(arch).attention.head_count", "\(heads) does not divide \(arch).embedding_length \(d); fix the metadata")
            }
            headDim = d / heads
        }
        if let valueLength = try optionalInt("attention.value_length"), valueLength != headDim {
            throw ModelError.invalidField(path: path, field: "\(arch).attention.value_length", "is \(valueLength) but keys are \(headDim) wide; smol needs equal widths")
        }
        if let rotary = try optionalInt("rope.dimension_count"), rotary != headDim {
            throw ModelError.invalidField(path: path, field: "\(arch).rope.dimension_count", "is \(rotary) but heads are \(headDim) wide; smol rotates the whole head (partial RoPE is not supported)")
        }
        if let kind = file.value("\(arch).rope.scaling.type") {
            guard kind.string == "none" else {
                throw ModelError.invalidField(path: path, field: "\(arch).rope.scaling.type", "is \(kind); only unscaled RoPE is supported, use an unscaled model")
            }
        } else {
            for key in ["rope.scaling.factor", "rope.scale_linear"] {
                if let factor = file.value("\(arch).\(key)"), let f = factor.double, f != 0, f != 1 {
                    throw ModelError.invalidField(path: path, field: "\(arch).\(key)", "is \(factor); only unscaled RoPE is supported, use an unscaled model")
                }
            }
        }
        let embeddingRows = file.tensor("token_embd.weight")?.shape.first
        let vocab = try optionalInt("vocab_size") ?? embeddingRows ?? file.value("tokenizer.ggml.tokens")?.array?.count ?? 0
        let config = ModelConfig(
            modelType: arch, vocabSize: vocab, hiddenSize: d, intermediateSize: try int("feed_forward_length"),
            numHiddenLayers: try int("block_count"), numAttentionHeads: heads, numKeyValueHeads: kvHeads, headDim: headDim,
            rmsNormEps: try positiveFloat("attention.layer_norm_rms_epsilon", default: 1e-5),
            ropeTheta: try positiveFloat("rope.freq_base", default: 10_000),
            tieWordEmbeddings: file.tensor("output.weight") == nil,
            attentionBias: arch == "llama" && file.tensor("blk.0.attn_q.bias") != nil,
            maxPositionEmbeddings: try optionalInt("context_length") ?? 2048,
            bosTokenId: try tokenID(file, "tokenizer.ggml.bos_token_id", path: path),
            eosTokenIds: try tokenID(file, "tokenizer.ggml.eos_token_id", path: path).map { [$0] } ?? [])
        try config.validate(path: path)
        return config
    }

    /// A special-token id from GGUF metadata (nil when absent).
    private static func tokenID(_ file: GGUFFile, _ key: String, path: String) throws -> Int? {
        guard let value = file.value(key) else { return nil }
        guard let id = value.int, id >= 0 else {
            throw ModelError.invalidField(path: path, field: key, "is \(value); it must be a token id (a non-negative integer)")
        }
        return id
    }
}

extension QuantizedMatrix.Format {
    /// The block format the kernels read for a ggml tensor type (Q8_0, Q4_1), nil for others.
    init?(ggml type: GGMLType) {
        switch type {
        case .q8_0: self = .q8_0
        case .q4_1: self = .q4_1
        default: return nil
        }
    }
}
