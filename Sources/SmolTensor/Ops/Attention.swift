import Foundation
import SmolKernels
import SmolCore

extension Tape {
    /// Causal scaled-dot-product self-attention with grouped-query heads: query head h reads key/value
    /// head h / (heads / kvHeads). Repeated K/V are never materialised; each (sequence, head) is one
    /// work item, run by SmolKernels' `causalAttentionHeadForward` / `…Backward` (packed once per head,
    /// tiles above the diagonal skipped; `ReferenceOps.causalAttention` is the plain version), softmax
    /// taken in float32 with the row max subtracted.
    ///
    /// q: [B·T, H·D], k: [B·T, KVH·D], v: [B·T, KVH·D] -> [B·T, H·D]
    public func causalAttention(q: Tensor, k: Tensor, v: Tensor, batch: Int, length: Int,
                                heads: Int, kvHeads: Int) -> Tensor {
        let t = length, qWidth = q.lastDimension, kvWidth = k.lastDimension
        let d = qWidth / heads
        precondition(qWidth == heads * d && kvWidth == kvHeads * d && v.lastDimension == kvWidth,
                     "attention: widths q \(qWidth), k \(kvWidth), v \(v.lastDimension) do not fit \(heads)/\(kvHeads) heads")
        precondition(heads % kvHeads == 0, "attention: \(heads) heads is not a multiple of \(kvHeads) kv heads")
        precondition(q.rowCount == batch * t && k.rowCount == batch * t && v.rowCount == batch * t,
                     "attention: rows must be batch \(batch) × length \(t)")
        let group = heads / kvHeads, scale = 1 / Float(d).squareRoot()
        let y = uninitializedOutput(q.shape, q, k, v)   // every head writes its columns of every row
        let keep = y.requiresGrad
        // Saved probabilities P: [B, H, T, T] (only while recording; every row is written).
        let probabilities = Tensor(uninitialized: keep ? [batch, heads, t, t] : [0])
        let scratchCount = causalAttentionScratchCount(length: t, headDim: d)
        Parallel.forEach(batch * heads, threads: threads) { item in
            let b = item / heads, h = item % heads, g = h / group
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: scratchCount)
            defer { scratch.deallocate() }
            causalAttentionHeadForward(q: q.data + b * t * qWidth + h * d, ldq: qWidth,
                                       k: k.data + b * t * kvWidth + g * d, v: v.data + b * t * kvWidth + g * d, ldk: kvWidth,
                                       out: y.data + b * t * qWidth + h * d, ldo: qWidth,
                                       probs: keep ? probabilities.data + item * t * t : scratch + scratchCount - t * t,
                                       length: t, headDim: d, scale: scale, scratch: scratch)
        }
        let threads = self.threads
        record(y) { dyRaw in
            let dy = UnsafeMutableSendablePointer(dyRaw)
            let dq = q.requiresGrad ? UnsafeMutableSendablePointer(q.gradPointer()) : nil
            let dk = k.requiresGrad ? UnsafeMutableSendablePointer(k.gradPointer()) : nil
            let dv = v.requiresGrad ? UnsafeMutableSendablePointer(v.gradPointer()) : nil
            // One work item per (sequence, kv head): the heads sharing it add into dK, dV in order.
            Parallel.forEach(batch * kvHeads, threads: threads) { item in
                let b = item / kvHeads, g = item % kvHeads
                let scratch = UnsafeMutablePointer<Float>.allocate(capacity: scratchCount)
                defer { scratch.deallocate() }
                let kvOffset = b * t * kvWidth + g * d
                for h in g * group..<(g + 1) * group {
                    let qOffset = b * t * qWidth + h * d
                    causalAttentionHeadBackward(q: q.data + qOffset, ldq: qWidth, k: k.data + kvOffset, v: v.data + kvOffset,
                                                ldk: kvWidth, probs: probabilities.data + (b * heads + h) * t * t,
                                                dOut: dy.pointer + qOffset, ldo: qWidth, dq: dq.map { $0.pointer + qOffset },
                                                dk: dk.map { $0.pointer + kvOffset }, dv: dv.map { $0.pointer + kvOffset },
                                                length: t, headDim: d, scale: scale, scratch: scratch)
                }
            }
        }
        return y
    }
}

/// Causal attention of one head of one sequence. Query row i sits at position `offset + i` and attends
/// keys `0...offset + i`; `probs` receives the softmax rows (zero beyond the mask).
///
/// q: [queries, D] (row stride ldq), k, v: [keys, D] (stride ldk), out: [queries, D] (stride ldo),
/// probs: [queries, keys]
@inlinable
public func attentionHeadForward(q: UnsafePointer<Float>, ldq: Int, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
                                 ldk: Int, out: UnsafeMutablePointer<Float>, ldo: Int, probs: UnsafeMutablePointer<Float>,
                                 queries: Int, keys: Int, headDim d: Int, offset: Int, scale: Float) {
    // Query rows in blocks: block [i0, i1) only needs keys 0..<offset + i1, so the masked upper
    // triangle is mostly never computed.
    for i0 in stride(from: 0, to: queries, by: causalBlockRows) {
        let i1 = min(queries, i0 + causalBlockRows), rowsInBlock = i1 - i0
        let visibleInBlock = min(keys, offset + i1)
        let block = probs + i0 * keys
        // S = scale · Q · Kᵀ                                     [R, D]·[D, K]
        sgemm(transA: false, transB: true, m: rowsInBlock, n: visibleInBlock, k: d, alpha: scale, a: q + i0 * ldq, lda: ldq,
              b: k, ldb: ldk, beta: 0, c: block, ldc: keys, threads: 1)
        for i in i0..<i1 {
            let row = probs + i * keys, visible = min(keys, offset + i + 1)
            softmaxRows(row, rows: 1, cols: visible)
            for j in visible..<keys { row[j] = 0 }
        }
        // O = P · V                                              [R, K]·[K, D]
        sgemm(transA: false, transB: false, m: rowsInBlock, n: d, k: visibleInBlock, alpha: 1, a: block, lda: keys,
              b: v, ldb: ldk, beta: 0, c: out + i0 * ldo, ldc: ldo, threads: 1)
    }
}

/// Query rows per block of the causal attention loops (a block skips the keys after its last row).
public let causalBlockRows = 64
