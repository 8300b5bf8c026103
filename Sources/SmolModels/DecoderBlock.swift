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
        let h = tape.rmsNorm(x, weight: layer.inputNorm, eps: c.rmsNormEps)                     // [N, d]
        var q = projection(tape, h, layer.q, w?.q, bias: layer.qBias, exact: exact)                                       // [N, H·hd]
        var k = projection(tape, h, layer.k, w?.k, bias: layer.kBias, exact: exact)                                       // [N, KVH·hd]
        let v = projection(tape, h, layer.v, w?.v, bias: layer.vBias, exact: exact)                                       // [N, KVH·hd]
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
        let mid = tape.add(x, projection(tape, a, layer.o, w?.o, bias: layer.oBias, exact: exact))                        // [N, d]
        let m = tape.rmsNorm(mid, weight: layer.postNorm, eps: c.rmsNormEps)                     // [N, d]
        let gated = tape.swiglu(projection(tape, m, layer.gate, w?.gate, bias: layer.gateBias, exact: exact),
                                projection(tape, m, layer.up, w?.up, bias: layer.upBias, exact: exact))                    // [N, F]
        return tape.add(mid, projection(tape, gated, layer.down, w?.down, bias: layer.downBias, exact: exact))              // [N, d]
    }
}
