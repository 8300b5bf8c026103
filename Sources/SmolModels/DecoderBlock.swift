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
    /// Training, scoring and cached decoding all run this function; only `attention` differs.
    ///
    /// x: [N, d], positions: [N] -> [N, d]
    func decoderBlock(_ tape: Tape, _ x: Tensor, layer index: Int, positions: [Int], tables: RotaryTables,
                      attention: BlockAttention) -> Tensor {
        let c = config, layer = layers[index]
        let heads = c.numAttentionHeads, kvHeads = c.numKeyValueHeads
        let h = tape.rmsNorm(x, weight: layer.inputNorm, eps: c.rmsNormEps)                     // [N, d]
        var q = tape.linear(h, layer.q, bias: layer.qBias)                                       // [N, H·hd]
        var k = tape.linear(h, layer.k, bias: layer.kBias)                                       // [N, KVH·hd]
        let v = tape.linear(h, layer.v, bias: layer.vBias)                                       // [N, KVH·hd]
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
        let mid = tape.add(x, tape.linear(a, layer.o, bias: layer.oBias))                        // [N, d]
        let m = tape.rmsNorm(mid, weight: layer.postNorm, eps: c.rmsNormEps)                     // [N, d]
        let gated = tape.swiglu(tape.linear(m, layer.gate, bias: layer.gateBias),
                                tape.linear(m, layer.up, bias: layer.upBias))                    // [N, F]
        return tape.add(mid, tape.linear(gated, layer.down, bias: layer.downBias))              // [N, d]
    }
}
