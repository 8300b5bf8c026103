import Foundation

/// The shape of a Llama-family decoder (Llama, SmolLM2, Qwen2), read from and written as a Hugging Face
/// `config.json`.
///
/// Invariants:
/// 1. `hiddenSize` need not equal heads × headDim (headDim is explicit, as in HF's `head_dim`).
/// 2. `numAttentionHeads` is a multiple of `numKeyValueHeads` (grouped-query attention).
/// 3. Encoding writes the HF keys (sorted, so the bytes are deterministic) with the rope theta both at
///    the top level and inside `rope_parameters`, so old and new `transformers` read it.
public struct ModelConfig: Codable, Sendable, Equatable {
    /// HF `model_type`: "llama" or "qwen2".
    public var modelType: String
    /// Vocabulary size (rows of the embedding).
    public var vocabSize: Int
    /// Residual width d.
    public var hiddenSize: Int
    /// SwiGLU inner width.
    public var intermediateSize: Int
    /// Number of decoder layers.
    public var numHiddenLayers: Int
    /// Query heads.
    public var numAttentionHeads: Int
    /// Key/value heads (grouped-query attention when fewer than query heads).
    public var numKeyValueHeads: Int
    /// Width of one head.
    public var headDim: Int
    /// RMSNorm epsilon.
    public var rmsNormEps: Float
    /// RoPE base θ.
    public var ropeTheta: Float
    /// Whether the LM head reuses the embedding matrix (`tie_word_embeddings`; false when config.json
    /// lacks the key, as in HF's LlamaConfig and Qwen2Config).
    public var tieWordEmbeddings: Bool
    /// Bias on q, k, v (and o for Llama's `attention_bias`); always on q, k, v for Qwen2.
    public var attentionBias: Bool
    /// Bias on the MLP projections (Llama `mlp_bias`).
    public var mlpBias: Bool
    /// Longest position the model was trained for.
    public var maxPositionEmbeddings: Int
    /// Beginning-of-sequence token, if any.
    public var bosTokenId: Int?
    /// End-of-sequence tokens (HF allows one or a list).
    public var eosTokenIds: [Int]
    /// Standard deviation of the normal weight initialisation.
    public var initializerRange: Float

    /// A config from explicit values (Llama defaults for the rest).
    public init(modelType: String = "llama", vocabSize: Int, hiddenSize: Int, intermediateSize: Int,
                numHiddenLayers: Int, numAttentionHeads: Int, numKeyValueHeads: Int? = nil, headDim: Int? = nil,
                rmsNormEps: Float = 1e-5, ropeTheta: Float = 10_000, tieWordEmbeddings: Bool = true,
                attentionBias: Bool = false, mlpBias: Bool = false, maxPositionEmbeddings: Int = 2048,
                bosTokenId: Int? = nil, eosTokenIds: [Int] = [], initializerRange: Float = 0.02) {
        self.modelType = modelType
        self.vocabSize = vocabSize
        self.hiddenSize = hiddenSize
        self.intermediateSize = intermediateSize
        self.numHiddenLayers = numHiddenLayers
        self.numAttentionHeads = numAttentionHeads
        self.numKeyValueHeads = numKeyValueHeads ?? numAttentionHeads
        self.headDim = headDim ?? (numAttentionHeads > 0 ? hiddenSize / numAttentionHeads : 0)
        self.rmsNormEps = rmsNormEps
        self.ropeTheta = ropeTheta
        self.tieWordEmbeddings = tieWordEmbeddings
        self.attentionBias = attentionBias
        self.mlpBias = mlpBias
        self.maxPositionEmbeddings = maxPositionEmbeddings
        self.bosTokenId = bosTokenId
        self.eosTokenIds = eosTokenIds
        self.initializerRange = initializerRange
    }

    /// The `model_type` values this engine runs.
    public static let supportedTypes = ["llama", "qwen2"]

    /// Whether q, k, v projections carry a bias.
    public var hasQKVBias: Bool { attentionBias || modelType == "qwen2" }
    /// Whether the attention output projection carries a bias (Llama `attention_bias` only).
    public var hasOutputBias: Bool { attentionBias && modelType == "llama" }

    /// Checks every field before anything is allocated: positive sizes, query heads a multiple of
    /// key/value heads, an even head width, finite positive RoPE θ and RMSNorm ε, and a parameter count
    /// that fits in memory arithmetic. `path` names the file in the message; field names are HF keys.
    public func validate(path: String = "config") throws {
        guard Self.supportedTypes.contains(modelType) else {
            throw ModelError.unsupportedArchitecture(path: path, "'\(modelType)'")
        }
        let positive = [("vocab_size", vocabSize), ("hidden_size", hiddenSize), ("intermediate_size", intermediateSize),
                        ("num_hidden_layers", numHiddenLayers), ("num_attention_heads", numAttentionHeads),
                        ("num_key_value_heads", numKeyValueHeads), ("head_dim", headDim),
                        ("max_position_embeddings", maxPositionEmbeddings)]
        for (name, value) in positive where value <= 0 {
            throw ModelError.invalidField(path: path, field: name, "is \(value); it must be positive")
        }
        guard numAttentionHeads % numKeyValueHeads == 0 else {
            throw ModelError.invalidField(path: path, field: "num_attention_heads",
                                          "\(numAttentionHeads) is not a multiple of num_key_value_heads \(numKeyValueHeads)")
        }
        guard headDim % 2 == 0 else {
            throw ModelError.invalidField(path: path, field: "head_dim", "\(headDim) must be even for RoPE")
        }
        for (name, value) in [("rms_norm_eps", rmsNormEps), ("rope_theta", ropeTheta)] where !(value.isFinite && value > 0) {
            throw ModelError.invalidField(path: path, field: name, "is \(value); it must be a finite positive number")
        }
        guard initializerRange.isFinite, initializerRange >= 0 else {
            throw ModelError.invalidField(path: path, field: "initializer_range", "is \(initializerRange); it must be finite and not negative")
        }
        for id in eosTokenIds + (bosTokenId.map { [$0] } ?? []) where id < 0 {
            throw ModelError.invalidField(path: path, field: "bos_token_id/eos_token_id", "holds \(id); token ids are not negative")
        }
        guard checkedParameterCount() != nil else {
            throw ModelError.invalidConfig(path: path, "the shape is too large: its parameter count overflows a 64-bit integer; check the sizes")
        }
    }

    /// Number of scalars the model has (tied head counted once), or nil when the arithmetic overflows.
    public func checkedParameterCount() -> Int? {
        func mul(_ values: Int...) -> Int? {
            var p = 1
            for v in values {
                let (r, o) = p.multipliedReportingOverflow(by: v)
                if o { return nil }
                p = r
            }
            return p
        }
        func add(_ values: Int?...) -> Int? {
            var s = 0
            for v in values {
                guard let v else { return nil }
                let (r, o) = s.addingReportingOverflow(v)
                if o { return nil }
                s = r
            }
            return s
        }
        let d = hiddenSize, f = intermediateSize
        guard let q = mul(numAttentionHeads, headDim), let kv = mul(numKeyValueHeads, headDim) else { return nil }
        let qkvBiases = hasQKVBias ? add(q, kv, kv) : 0, mlpBiases = mlpBias ? add(f, f, d) : 0
        guard let perLayer = add(mul(2, d), mul(q, d), mul(2, kv, d), mul(q, d), mul(3, f, d),
                                 qkvBiases, hasOutputBias ? d : 0, mlpBiases),
              let embedding = mul(vocabSize, d) else { return nil }
        return add(embedding, mul(perLayer, numHiddenLayers), d, tieWordEmbeddings ? 0 : embedding)
    }

    /// Activations the SwiGLU MLP implements (HF `hidden_act`).
    public static let supportedActivations = ["silu", "swish"]

    private enum Key: String, CodingKey {
        case modelType = "model_type", vocabSize = "vocab_size", hiddenSize = "hidden_size"
        case intermediateSize = "intermediate_size", numHiddenLayers = "num_hidden_layers"
        case numAttentionHeads = "num_attention_heads", numKeyValueHeads = "num_key_value_heads"
        case headDim = "head_dim", rmsNormEps = "rms_norm_eps", ropeTheta = "rope_theta"
        case ropeParameters = "rope_parameters", ropeScaling = "rope_scaling"
        case tieWordEmbeddings = "tie_word_embeddings", attentionBias = "attention_bias", mlpBias = "mlp_bias"
        case maxPositionEmbeddings = "max_position_embeddings", bosTokenId = "bos_token_id", eosTokenId = "eos_token_id"
        case initializerRange = "initializer_range", architectures, hiddenAct = "hidden_act", torchDtype = "torch_dtype"
        case useCache = "use_cache", pretrainingTp = "pretraining_tp", attentionDropout = "attention_dropout"
        case useSlidingWindow = "use_sliding_window", dtype
    }

    private enum RopeKey: String, CodingKey { case ropeTheta = "rope_theta", ropeType = "rope_type" }

    /// Reads an HF config.json object.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let type = try c.decodeIfPresent(String.self, forKey: .modelType) ?? "llama"
        guard Self.supportedTypes.contains(type) else {
            throw DecodingError.dataCorruptedError(forKey: .modelType, in: c,
                debugDescription: "model_type '\(type)' is not supported; smol runs \(Self.supportedTypes.joined(separator: ", "))")
        }
        let heads = try c.decode(Int.self, forKey: .numAttentionHeads)
        let hidden = try c.decode(Int.self, forKey: .hiddenSize)
        let headDim = try c.decodeIfPresent(Int.self, forKey: .headDim)
        if headDim == nil, heads <= 0 || hidden % heads != 0 {
            throw DecodingError.dataCorruptedError(forKey: .numAttentionHeads, in: c,
                debugDescription: "\(heads) does not divide hidden_size \(hidden); give head_dim or fix the head count")
        }
        if try c.decodeIfPresent(Bool.self, forKey: .useSlidingWindow) == true {
            throw DecodingError.dataCorruptedError(forKey: .useSlidingWindow, in: c,
                debugDescription: "is true; smol's attention spans the whole context, set it to false or use a model without sliding-window attention")
        }
        if let act = try c.decodeIfPresent(String.self, forKey: .hiddenAct), !Self.supportedActivations.contains(act) {
            throw DecodingError.dataCorruptedError(forKey: .hiddenAct, in: c,
                debugDescription: "'\(act)' is not supported; smol's MLP is SwiGLU (silu)")
        }
        var theta = try c.decodeIfPresent(Float.self, forKey: .ropeTheta)
        if theta == nil, c.contains(.ropeParameters), try !c.decodeNil(forKey: .ropeParameters) {
            let rope = try c.nestedContainer(keyedBy: RopeKey.self, forKey: .ropeParameters)
            theta = try rope.decodeIfPresent(Float.self, forKey: .ropeTheta)
            if let kind = try rope.decodeIfPresent(String.self, forKey: .ropeType), kind != "default" {
                throw DecodingError.dataCorruptedError(forKey: .ropeParameters, in: c,
                                                       debugDescription: "rope_type '\(kind)' is not supported; only default RoPE is")
            }
        }
        if c.contains(.ropeScaling), try !c.decodeNil(forKey: .ropeScaling) {
            throw DecodingError.dataCorruptedError(forKey: .ropeScaling, in: c,
                                                   debugDescription: "rope_scaling is set; only default RoPE is supported, remove it or use an unscaled model")
        }
        var eos: [Int] = []
        if c.contains(.eosTokenId), try !c.decodeNil(forKey: .eosTokenId) {
            if let one = try? c.decode(Int.self, forKey: .eosTokenId) { eos = [one] } else {
                eos = try c.decode([Int].self, forKey: .eosTokenId)
            }
        }
        self.init(modelType: type,
                  vocabSize: try c.decode(Int.self, forKey: .vocabSize),
                  hiddenSize: hidden,
                  intermediateSize: try c.decode(Int.self, forKey: .intermediateSize),
                  numHiddenLayers: try c.decode(Int.self, forKey: .numHiddenLayers),
                  numAttentionHeads: heads,
                  numKeyValueHeads: try c.decodeIfPresent(Int.self, forKey: .numKeyValueHeads),
                  headDim: headDim,
                  rmsNormEps: try c.decodeIfPresent(Float.self, forKey: .rmsNormEps) ?? 1e-6,
                  ropeTheta: theta ?? 10_000,
                  tieWordEmbeddings: try c.decodeIfPresent(Bool.self, forKey: .tieWordEmbeddings) ?? false,
                  attentionBias: try c.decodeIfPresent(Bool.self, forKey: .attentionBias) ?? false,
                  mlpBias: try c.decodeIfPresent(Bool.self, forKey: .mlpBias) ?? false,
                  maxPositionEmbeddings: try c.decodeIfPresent(Int.self, forKey: .maxPositionEmbeddings) ?? 2048,
                  bosTokenId: try c.decodeIfPresent(Int.self, forKey: .bosTokenId),
                  eosTokenIds: eos,
                  initializerRange: try c.decodeIfPresent(Float.self, forKey: .initializerRange) ?? 0.02)
    }

    /// Writes the HF config.json object.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(modelType, forKey: .modelType)
        try c.encode([modelType == "qwen2" ? "Qwen2ForCausalLM" : "LlamaForCausalLM"], forKey: .architectures)
        try c.encode(vocabSize, forKey: .vocabSize)
        try c.encode(hiddenSize, forKey: .hiddenSize)
        try c.encode(intermediateSize, forKey: .intermediateSize)
        try c.encode(numHiddenLayers, forKey: .numHiddenLayers)
        try c.encode(numAttentionHeads, forKey: .numAttentionHeads)
        try c.encode(numKeyValueHeads, forKey: .numKeyValueHeads)
        try c.encode(headDim, forKey: .headDim)
        try c.encode(shortest(rmsNormEps), forKey: .rmsNormEps)
        try c.encode(shortest(ropeTheta), forKey: .ropeTheta)
        var rope = c.nestedContainer(keyedBy: RopeKey.self, forKey: .ropeParameters)
        try rope.encode(shortest(ropeTheta), forKey: .ropeTheta)
        try rope.encode("default", forKey: .ropeType)
        try c.encode(tieWordEmbeddings, forKey: .tieWordEmbeddings)
        if modelType == "llama" {
            try c.encode(attentionBias, forKey: .attentionBias)
            try c.encode(mlpBias, forKey: .mlpBias)
            try c.encode(1, forKey: .pretrainingTp)
        } else {
            try c.encode(false, forKey: .useSlidingWindow)
        }
        try c.encode(maxPositionEmbeddings, forKey: .maxPositionEmbeddings)
        if let bosTokenId { try c.encode(bosTokenId, forKey: .bosTokenId) } else { try c.encodeNil(forKey: .bosTokenId) }
        switch eosTokenIds.count {
        case 0: try c.encodeNil(forKey: .eosTokenId)
        case 1: try c.encode(eosTokenIds[0], forKey: .eosTokenId)
        default: try c.encode(eosTokenIds, forKey: .eosTokenId)
        }
        try c.encode(shortest(initializerRange), forKey: .initializerRange)
        try c.encode("silu", forKey: .hiddenAct)
        let torchDtype = encoder.userInfo[Self.torchDtypeKey] as? String ?? "float32"
        try c.encode(torchDtype, forKey: .torchDtype)
        try c.encode(torchDtype, forKey: .dtype)
        try c.encode(true, forKey: .useCache)
        try c.encode(0.0, forKey: .attentionDropout)
    }

    /// The Double with the shortest decimal form that rounds to `value` (1e-05, not 9.99999974e-06).
    private func shortest(_ value: Float) -> Double { Double(value.description) ?? Double(value) }

    /// Reads and validates `config.json` at `path`.
    public static func load(configAt path: String) throws -> ModelConfig {
        guard let data = FileManager.default.contents(atPath: path) else { throw ModelError.notFound(path: path) }
        let config: ModelConfig
        do {
            config = try JSONDecoder().decode(ModelConfig.self, from: data)
        } catch let error as DecodingError {
            throw ModelError.invalidConfig(path: path, describe(error) + "; fix config.json")
        } catch {
            throw ModelError.invalidConfig(path: path, "cannot read (\(error.localizedDescription)); fix config.json")
        }
        try config.validate(path: path)
        return config
    }

    /// The encoder `userInfo` key naming the weights' torch dtype ("float32", "bfloat16", "float16").
    static let torchDtypeKey = CodingUserInfoKey(rawValue: "smol.torch_dtype")!

    /// The config.json bytes (sorted keys, pretty-printed: identical for equal configs); `torchDtype` is
    /// what `torch_dtype`/`dtype` say the weights are stored as.
    public func jsonData(torchDtype: String = "float32") throws -> Data {
        let encoder = JSONEncoder()
        encoder.userInfo[Self.torchDtypeKey] = torchDtype
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case let .keyNotFound(key, _): return "missing key '\(key.stringValue)'"
        case let .typeMismatch(_, context), let .valueNotFound(_, context), let .dataCorrupted(context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            let what = context.debugDescription.hasSuffix(".") ? String(context.debugDescription.dropLast()) : context.debugDescription
            return (path.isEmpty ? "" : "'\(path)': ") + what
        @unknown default: return "\(error)"
        }
    }
}
