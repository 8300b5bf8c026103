import SmolKernels
import SmolTensor

/// Where a decoder block's attention step finds its keys and values: the one part of the block that
/// differs between a forward over whole sequences (training, scoring) and decoding against KV caches.
enum BlockAttention {
    /// Causal self-attention within each of `batch` rows of `length` tokens (the rows of x are
    /// `batch × length`, sequence-major).
    case causal(batch: Int, length: Int)
    /// The new rows of each sequence attend to that sequence's cache, then to themselves
    /// (inference only: nothing is recorded for backward).
    case cached(CachedAttention)
}

extension LanguageModel {
    /// One Llama decoder layer, pre-norm:
    /// `x += o(attention(rotary(q(n1)), rotary(k(n1)), v(n1)))` with `n1 = rmsNorm(x)`, then
    /// `x += down(silu(gate(n2)) ⊙ up(n2))` with `n2 = rmsNorm(x)`.
    /// Training, scoring and cached decoding all run this function; only `attention` differs, and
    /// generation may read the linear weights from `quantized` copies (inference only).
    ///
    /// x: [N, d], positions: [N] -> [N, d]
    func decoderBlock(_ tape: Tape, _ x: Tensor, layer index: Int, positions: [Int], tables: RotaryTables,
                      attention: BlockAttention, quantized: QuantizedWeights? = nil) -> Tensor {
        let c = config, layer = layers[index], w = quantized?.layers[index], exact = quantized?.exact ?? false
        let heads = c.numAttentionHeads, kvHeads = c.numKeyValueHeads
        /// `x · Wᵀ + b` from the f32 weight, or from its quantised copy where generation reads one.
        func linear(_ x: Tensor, _ weight: Tensor, _ copy: InferenceMatrix?, _ bias: Tensor?) -> Tensor {
            projection(tape, x, weight, copy, bias: bias, exact: exact)
        }
        let h = tape.rmsNorm(x, weight: layer.inputNorm, eps: c.rmsNormEps)                     // [N, d]
        var q = linear(h, layer.q, w?.q, layer.qBias)                                           // [N, H·hd]
        var k = linear(h, layer.k, w?.k, layer.kBias)                                           // [N, KVH·hd]
        let v = linear(h, layer.v, w?.v, layer.vBias)                                           // [N, KVH·hd]
        q = tape.rotary(q, positions: positions, heads: heads, tables: tables)
        k = tape.rotary(k, positions: positions, heads: kvHeads, tables: tables)
        let a: Tensor                                                                             // [N, H·hd]
        switch attention {
        case let .causal(batch, length):
            a = tape.causalAttention(q: q, k: k, v: v, batch: batch, length: length, heads: heads, kvHeads: kvHeads)
        case let .cached(cached):
            precondition(!tape.isRecording, "decoderBlock: cached attention is inference-only; use a tape with recording: false")
            a = cached.attend(q: q, k: k, v: v, layer: index, heads: heads, kvHeads: kvHeads, threads: tape.engine.threads)
        }
        let mid = tape.add(x, linear(a, layer.o, w?.o, layer.oBias))                            // [N, d]
        let m = tape.rmsNorm(mid, weight: layer.postNorm, eps: c.rmsNormEps)                     // [N, d]
        let gated = tape.swiglu(linear(m, layer.gate, w?.gate, layer.gateBias),
                                linear(m, layer.up, w?.up, layer.upBias))                       // [N, F]
        return tape.add(mid, linear(gated, layer.down, w?.down, layer.downBias))                // [N, d]
    }
}
