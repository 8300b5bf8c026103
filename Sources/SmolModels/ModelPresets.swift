extension ModelConfig {
    /// Names accepted by `preset(_:)`.
    public static let presetNames = ["micro", "tiny", "smollm2-135m"]

    /// A named shape: `micro` (vocab 4096, d 128, 4 layers, 4 heads, SwiGLU 344: 1.3M parameters, about a
    /// third of `tiny`'s compute per token) for learning-rate × batch grids that must fit minutes, `tiny`
    /// (vocab 4096, d 256, 4 layers, 4 heads, SwiGLU 688) for tests and grids, and
    /// `smollm2-135m` (the SmolLM2-135M shape: 30 layers, d 576, 9 heads, 3 kv heads, ffn 1536, vocab
    /// 49152, tied, θ 100000).
    public static func preset(_ name: String) -> ModelConfig? {
        switch name {
        case "micro":
            return ModelConfig(vocabSize: 4096, hiddenSize: 128, intermediateSize: 344, numHiddenLayers: 4,
                               numAttentionHeads: 4, rmsNormEps: 1e-5, ropeTheta: 10_000, tieWordEmbeddings: true,
                               maxPositionEmbeddings: 1024, bosTokenId: 0, eosTokenIds: [0])
        case "tiny":
            return ModelConfig(vocabSize: 4096, hiddenSize: 256, intermediateSize: 688, numHiddenLayers: 4,
                               numAttentionHeads: 4, rmsNormEps: 1e-5, ropeTheta: 10_000, tieWordEmbeddings: true,
                               maxPositionEmbeddings: 1024, bosTokenId: 0, eosTokenIds: [0])
        case "smollm2-135m":
            return ModelConfig(vocabSize: 49152, hiddenSize: 576, intermediateSize: 1536, numHiddenLayers: 30,
                               numAttentionHeads: 9, numKeyValueHeads: 3, rmsNormEps: 1e-5, ropeTheta: 100_000,
                               tieWordEmbeddings: true, maxPositionEmbeddings: 8192, bosTokenId: 1, eosTokenIds: [2],
                               initializerRange: 0.041666666666666664)
        default:
            return nil
        }
    }
}
