import SmolTensor

extension LanguageModel {
    /// A model from named float32 values: every name of `parameterLayout(config)` with as many values
    /// as its shape holds (a reward model's backbone, a checkpoint read by other code). An untied
    /// `lm_head.weight` that is absent is zero-filled when `zeroMissingHead` (a sequence classifier
    /// has no LM head).
    public convenience init(config: ModelConfig, values: [String: [Float]], zeroMissingHead: Bool = false) throws {
        var tensors: [String: Tensor] = [:]
        for (name, shape) in Self.parameterLayout(config) {
            let count = shape.reduce(1, *)
            if values[name] == nil, name == "lm_head.weight", zeroMissingHead {
                tensors[name] = Tensor(zeros: shape, requiresGrad: true)
                continue
            }
            guard let v = values[name] else { throw ModelError.invalidCheckpoint(path: "weights", "tensor '\(name)' is missing") }
            guard v.count == count else {
                throw ModelError.invalidCheckpoint(path: "weights", "tensor '\(name)' has \(v.count) values, its shape \(shape) holds \(count)")
            }
            tensors[name] = Tensor(shape: shape, values: v, requiresGrad: true)
        }
        self.init(config: config, tensors: tensors, sourceDType: "f32")
    }
}
