import Foundation
import SmolCore
import SmolKernels
import SmolTensor

/// A Llama-family decoder (Llama, SmolLM2, Qwen2) with Hugging Face parameter names.
///
/// Invariants:
/// 1. `parameters` lists every trainable tensor once, in HF order (embedding, layers 0…N−1, final norm,
///    untied LM head); optimiser state and initialisation streams are keyed by that order.
/// 2. With tied embeddings the LM head *is* `model.embed_tokens.weight`: one tensor, two uses.
/// 3. Initialisation draws parameter i from CounterRNG(seed, stream: i), so a model is a pure function
///    of (config, seed) whatever the thread count.
public final class LanguageModel: @unchecked Sendable {
    /// The model's shape.
    public let config: ModelConfig
    /// Trainable tensors with their HF names, in a fixed order.
    public let parameters: [(name: String, tensor: Tensor)]
    /// Element type the weights were stored in ("f32", "bf16", "f16", "q4_1", …; "f32" for fresh models).
    public let sourceDType: String

    struct Layer {
        let inputNorm, q, k, v, o, postNorm, gate, up, down: Tensor
        let qBias, kBias, vBias, oBias, gateBias, upBias, downBias: Tensor?
    }
    let embed: Tensor
    let layers: [Layer]
    let finalNorm: Tensor
    let lmHead: Tensor
    /// A GGUF file's Q8_0 / Q4_1 blocks of the linear weights, by HF name (rows in HF order), for
    /// `WeightPrecision.native`; empty for other models.
    let nativeWeights: [String: QuantizedMatrix]
    /// Quantised copies of the linear weights made for generation (see `quantizedWeights(_:)`).
    let quantizedWeightCache = QuantizedWeightCache()

    /// The HF names and shapes of every parameter of `config`, in parameter order.
    public static func parameterLayout(_ c: ModelConfig) -> [(name: String, shape: [Int])] {
        let d = c.hiddenSize, q = c.numAttentionHeads * c.headDim, kv = c.numKeyValueHeads * c.headDim
        var out: [(String, [Int])] = [("model.embed_tokens.weight", [c.vocabSize, d])]
        for i in 0..<c.numHiddenLayers {
            let p = "model.layers.\(i)."
            out.append((p + "input_layernorm.weight", [d]))
            out.append((p + "self_attn.q_proj.weight", [q, d]))
            if c.hasQKVBias { out.append((p + "self_attn.q_proj.bias", [q])) }
            out.append((p + "self_attn.k_proj.weight", [kv, d]))
            if c.hasQKVBias { out.append((p + "self_attn.k_proj.bias", [kv])) }
            out.append((p + "self_attn.v_proj.weight", [kv, d]))
            if c.hasQKVBias { out.append((p + "self_attn.v_proj.bias", [kv])) }
            out.append((p + "self_attn.o_proj.weight", [d, q]))
            if c.hasOutputBias { out.append((p + "self_attn.o_proj.bias", [d])) }
            out.append((p + "post_attention_layernorm.weight", [d]))
            out.append((p + "mlp.gate_proj.weight", [c.intermediateSize, d]))
            if c.mlpBias { out.append((p + "mlp.gate_proj.bias", [c.intermediateSize])) }
            out.append((p + "mlp.up_proj.weight", [c.intermediateSize, d]))
            if c.mlpBias { out.append((p + "mlp.up_proj.bias", [c.intermediateSize])) }
            out.append((p + "mlp.down_proj.weight", [d, c.intermediateSize]))
            if c.mlpBias { out.append((p + "mlp.down_proj.bias", [d])) }
        }
        out.append(("model.norm.weight", [d]))
        if !c.tieWordEmbeddings { out.append(("lm_head.weight", [c.vocabSize, d])) }
        return out
    }

    /// A model built from `tensors` (every name of `parameterLayout(config)`, right shapes), with the
    /// file's quantised blocks of some of them in `nativeWeights`.
    init(config: ModelConfig, tensors: [String: Tensor], sourceDType: String, nativeWeights: [String: QuantizedMatrix] = [:]) {
        self.config = config
        self.sourceDType = sourceDType
        self.nativeWeights = nativeWeights
        let layout = Self.parameterLayout(config)
        self.parameters = layout.map { ($0.name, tensors[$0.name]!) }
        func t(_ name: String) -> Tensor { tensors[name]! }
        self.embed = t("model.embed_tokens.weight")
        self.finalNorm = t("model.norm.weight")
        self.lmHead = config.tieWordEmbeddings ? embed : t("lm_head.weight")
        self.layers = (0..<config.numHiddenLayers).map { i in
            let p = "model.layers.\(i)."
            return Layer(inputNorm: t(p + "input_layernorm.weight"), q: t(p + "self_attn.q_proj.weight"),
                         k: t(p + "self_attn.k_proj.weight"), v: t(p + "self_attn.v_proj.weight"),
                         o: t(p + "self_attn.o_proj.weight"), postNorm: t(p + "post_attention_layernorm.weight"),
                         gate: t(p + "mlp.gate_proj.weight"), up: t(p + "mlp.up_proj.weight"), down: t(p + "mlp.down_proj.weight"),
                         qBias: tensors[p + "self_attn.q_proj.bias"], kBias: tensors[p + "self_attn.k_proj.bias"],
                         vBias: tensors[p + "self_attn.v_proj.bias"], oBias: tensors[p + "self_attn.o_proj.bias"],
                         gateBias: tensors[p + "mlp.gate_proj.bias"], upBias: tensors[p + "mlp.up_proj.bias"],
                         downBias: tensors[p + "mlp.down_proj.bias"])
        }
    }

    /// A freshly initialised model: weights N(0, initializer_range²), norms 1, biases 0; a pure function
    /// of (config, seed).
    public convenience init(config: ModelConfig, seed: UInt64) {
        var tensors: [String: Tensor] = [:]
        for (index, entry) in Self.parameterLayout(config).enumerated() {
            let tensor = Tensor(zeros: entry.shape, requiresGrad: true)
            if entry.name.hasSuffix("norm.weight") {
                for i in 0..<tensor.count { tensor[i] = 1 }
            } else if !entry.name.hasSuffix(".bias") {
                // Element i is draw i of stream `index`: chunks may run on any thread in any order.
                let rng = CounterRNG(seed: seed, stream: UInt64(index)), std = config.initializerRange
                let chunk = 1 << 16, count = tensor.count
                Parallel.forEach((count + chunk - 1) / chunk, threads: ProcessInfo.processInfo.activeProcessorCount) { c in
                    for i in c * chunk..<min(count, (c + 1) * chunk) { tensor.data[i] = rng.normal(at: UInt64(i)) * std }
                }
            }
            tensors[entry.name] = tensor
        }
        self.init(config: config, tensors: tensors, sourceDType: "f32")
    }

    /// Number of trainable scalars (the tied head counted once).
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.tensor.count } }

    /// Every parameter's HF name and shape.
    public var parameterShapes: [(name: String, shape: [Int])] { parameters.map { ($0.name, $0.tensor.shape) } }

    /// Looks a parameter up by HF name.
    public func parameter(_ name: String) -> Tensor? { parameters.first { $0.name == name }?.tensor }

    /// Drops every parameter's gradient.
    public func zeroGradients() { for p in parameters { p.tensor.zeroGrad() } }

    // MARK: Forward

    /// Final hidden states (after the last norm) for a batch of equal-length rows.
    ///
    /// ids: [B·T] -> [B·T, d]
    public func hiddenStates(_ tape: Tape, ids: [Int], batch: Int, length: Int) -> Tensor {
        let c = config
        let tables = RotaryTables(headDim: c.headDim, theta: c.ropeTheta, positions: length)
        let positions = (0..<batch * length).map { $0 % length }
        var x = tape.embedding(ids, shape: [batch * length], table: embed)          // [B·T, d]
        for index in layers.indices {
            x = decoderBlock(tape, x, layer: index, positions: positions, tables: tables,
                             attention: .causal(batch: batch, length: length))               // [B·T, d]
        }
        return tape.rmsNorm(x, weight: finalNorm, eps: c.rmsNormEps)
    }

    /// Next-token logits for every position.   ids: [B·T] -> [B·T, V]
    public func logits(_ tape: Tape, ids: [Int], batch: Int, length: Int) -> Tensor {
        tape.linear(hiddenStates(tape, ids: ids, batch: batch, length: length), lmHead)
    }

    /// Targets for next-token prediction: position t predicts labels[t + 1]; the last position of each
    /// row predicts nothing (`ignoreIndex`). labels: [B·T] -> [B·T]
    public static func shiftedTargets(_ labels: [Int], batch: Int, length: Int) -> [Int] {
        (0..<batch * length).map { i in i % length == length - 1 ? ignoreIndex : labels[i + 1] }
    }

    /// Mean next-token cross-entropy (HF `labels=` semantics: labels default to the ids; `ignoreIndex`
    /// labels are skipped). ids, labels: [B·T] -> [1]
    public func loss(_ tape: Tape, ids: [Int], labels: [Int]? = nil, batch: Int, length: Int) -> Tensor {
        let targets = Self.shiftedTargets(labels ?? ids, batch: batch, length: length)
        return tape.crossEntropy(logits(tape, ids: ids, batch: batch, length: length), targets: targets)
    }

    /// Per-sequence log-probabilities of the tokens where `mask` is 1, token t scored from position t − 1
    /// (the first token is never scored): the sum, and the sum divided by the masked count (DPO).
    ///
    /// ids: [B·T], mask: [B·T] -> (sum: [B], mean: [B])
    public func sequenceLogProbabilities(_ tape: Tape, ids: [Int], mask: [Float], batch: Int, length: Int)
        -> (sum: Tensor, mean: Tensor) {
        let scored = (0..<batch * length).map { i in i % length == length - 1 || mask[i + 1] == 0 ? ignoreIndex : ids[i + 1] }
        let perToken = tape.tokenLogProbabilities(logits(tape, ids: ids, batch: batch, length: length), labels: scored)
        var sumWeights = [Float](repeating: 0, count: batch * length), meanWeights = sumWeights
        for b in 0..<batch {
            let count = (b * length..<(b + 1) * length).filter { scored[$0] != ignoreIndex }.count
            for i in b * length..<(b + 1) * length where scored[i] != ignoreIndex {
                sumWeights[i] = 1
                meanWeights[i] = 1 / Float(max(count, 1))
            }
        }
        let shaped = tape.reshape(perToken, to: [batch, length])
        return (tape.weightedRowSum(shaped, weights: sumWeights), tape.weightedRowSum(shaped, weights: meanWeights))
    }
}
