// Causal self-attention of one head over a whole sequence (training and full-sequence scoring), forward
// and backward, on the packed GEMM's 6×16 register tile. K, V, Q and dO are packed once per head and
// every product visits only the tiles at or below the diagonal: the masked upper triangle is neither
// computed nor packed, beyond the ragged edge of a tile.
//
// Invariants:
// 1. Every output element is one micro-kernel chain over its full reduction range, in increasing
//    order, from an order fixed by (length, headDim) alone: no threads enter here, so callers may run
//    heads on any worker.
// 2. `probs` rows hold softmax over keys 0...i and exact zeros after; the backward scratch `dScores`
//    holds the scores' gradient over 0...i and zeros for at least the next `gemmMR − 1` keys, which is
//    all a later panel reads beyond the diagonal (a zero term adds nothing: fma(0, x, acc) = acc).
// 3. Query row i depends only on rows 0...i of Q, K, V: a prefix of a sequence gives the bits of the
//    whole sequence's first rows (the products over keys past a row see zero probabilities).
// `attentionHeadForward` (SmolTensor) stays the path for cached decoding: one or a few queries against a
// cache, where packing the keys would cost as much as the product.

/// Scratch floats `causalAttentionHeadForward` and `causalAttentionHeadBackward` need for one head.
public func causalAttentionScratchCount(length t: Int, headDim d: Int) -> Int {
    let rowsUp = (t + gemmMR - 1) / gemmMR * gemmMR
    // One packed A operand [rowsUp, d], three packed B operands, one packed row panel, dScores [t, t].
    return rowsUp * d + 3 * max(keyPanelFloats(t, d), dimPanelFloats(t, d)) + gemmMR * t + t * t
}

/// Forward of one head: `probs = softmax(scale · Q·Kᵀ, causal)`, `out = probs · V`.
///
/// q: [t, d] (row stride ldq), k, v: [t, d] (stride ldk), out: [t, d] (stride ldo) written,
/// probs: [t, t] written (zeros above the diagonal), scratch: `causalAttentionScratchCount` floats.
public func causalAttentionHeadForward(q: UnsafePointer<Float>, ldq: Int, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
                                       ldk: Int, out: UnsafeMutablePointer<Float>, ldo: Int,
                                       probs: UnsafeMutablePointer<Float>, length t: Int, headDim d: Int, scale: Float,
                                       scratch: UnsafeMutablePointer<Float>) {
    if t == 0 { return }
    let rowPanels = (t + gemmMR - 1) / gemmMR
    let packedQ = scratch                                            // A: [rowPanels][d, 6]
    let packedKT = packedQ + rowPanels * gemmMR * d                  // B: Kᵀ, [keyPanels][d, 16]
    let packedV = packedKT + keyPanelFloats(t, d)                    // B: V, [dimPanels][t, 16]
    let panel = packedV + dimPanelFloats(t, d)                       // A: one P panel [t, 6]
    packABlock(transA: false, a: q, lda: ldq, i0: 0, mc: t, p0: 0, kc: d, dst: packedQ)
    packAllBPanels(transB: true, b: k, ldb: ldk, columns: t, depth: d, dst: packedKT)
    packAllBPanels(transB: false, b: v, ldb: ldk, columns: d, depth: t, dst: packedV)
    for r in 0..<rowPanels {
        let i0 = r * gemmMR, i1 = min(t, i0 + gemmMR), rows = i1 - i0
        // S = scale · Q·Kᵀ over the key tiles that reach a visible key of this panel.   [6, d]·[d, i1]
        for j0 in stride(from: 0, to: i1, by: gemmNR) {
            microKernel6x16(kc: d, a: packedQ + i0 * d, b: packedKT + j0 * d, c: probs + i0 * t + j0, ldc: t,
                            rows: rows, cols: min(gemmNR, t - j0), alpha: scale, update: .overwrite)
        }
        for i in i0..<i1 {
            let row = probs + i * t
            softmaxLogSumExp(row, count: i + 1, probabilities: row)
            (row + i + 1).update(repeating: 0, count: t - i - 1)
        }
        // O = P · V over the keys 0..<i1.                                                   [6, i1]·[i1, d]
        packABlock(transA: false, a: probs, lda: t, i0: i0, mc: rows, p0: 0, kc: i1, dst: panel)
        for c0 in stride(from: 0, to: d, by: gemmNR) {
            microKernel6x16(kc: i1, a: panel, b: packedV + c0 * t, c: out + i0 * ldo + c0, ldc: ldo,
                            rows: rows, cols: min(gemmNR, d - c0), alpha: 1, update: .overwrite)
        }
    }
}

/// Backward of one head, accumulating into the gradients (nil ones are skipped): with
/// `dZ = P ⊙ (dO·Vᵀ − rowsum(P ⊙ dO·Vᵀ))`, `dQ += scale · dZ·K`, `dK += scale · dZᵀ·Q`, `dV += Pᵀ·dO`.
///
/// q: [t, d] (stride ldq), k, v: [t, d] (stride ldk), probs: [t, t] from the forward, dOut: [t, d]
/// (stride ldo), dq: [t, d] (stride ldq, +=), dk, dv: [t, d] (stride ldk, +=), scratch:
/// `causalAttentionScratchCount` floats.
public func causalAttentionHeadBackward(q: UnsafePointer<Float>, ldq: Int, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
                                        ldk: Int, probs: UnsafePointer<Float>, dOut: UnsafePointer<Float>, ldo: Int,
                                        dq: UnsafeMutablePointer<Float>?, dk: UnsafeMutablePointer<Float>?,
                                        dv: UnsafeMutablePointer<Float>?, length t: Int, headDim d: Int, scale: Float,
                                        scratch: UnsafeMutablePointer<Float>) {
    if t == 0 { return }
    let rowPanels = (t + gemmMR - 1) / gemmMR
    let packedDO = scratch                                           // A: dO, [rowPanels][d, 6]
    let packedB0 = packedDO + rowPanels * gemmMR * d                 // three B operands, reused below
    let bFloats = max(keyPanelFloats(t, d), dimPanelFloats(t, d))
    let packedB1 = packedB0 + bFloats, packedB2 = packedB1 + bFloats
    let panel = packedB2 + bFloats                                   // A: one panel [t, 6]
    let dScores = panel + gemmMR * t                                 // [t, t]
    // dP = dO·Vᵀ, then dZ in place, row panel by row panel.                               [6, d]·[d, i1]
    packABlock(transA: false, a: dOut, lda: ldo, i0: 0, mc: t, p0: 0, kc: d, dst: packedDO)
    packAllBPanels(transB: true, b: v, ldb: ldk, columns: t, depth: d, dst: packedB0)
    for r in 0..<rowPanels {
        let i0 = r * gemmMR, i1 = min(t, i0 + gemmMR), rows = i1 - i0
        for j0 in stride(from: 0, to: i1, by: gemmNR) {
            microKernel6x16(kc: d, a: packedDO + i0 * d, b: packedB0 + j0 * d, c: dScores + i0 * t + j0, ldc: t,
                            rows: rows, cols: min(gemmNR, t - j0), alpha: 1, update: .overwrite)
        }
        for i in i0..<i1 {
            let row = dScores + i * t
            softmaxRowsBackward(y: probs + i * t, dy: row, dx: row, rows: 1, cols: i + 1)
            (row + i + 1).update(repeating: 0, count: min(t, i + gemmMR) - i - 1)   // invariant 2
        }
    }
    if let dq {   // dQ += scale · dZ·K: row panel i0 over keys 0..<i1.                       [6, i1]·[i1, d]
        packAllBPanels(transB: false, b: k, ldb: ldk, columns: d, depth: t, dst: packedB1)
        for i0 in stride(from: 0, to: t, by: gemmMR) {
            let i1 = min(t, i0 + gemmMR), rows = i1 - i0
            packABlock(transA: false, a: dScores, lda: t, i0: i0, mc: rows, p0: 0, kc: i1, dst: panel)
            for c0 in stride(from: 0, to: d, by: gemmNR) {
                microKernel6x16(kc: i1, a: panel, b: packedB1 + c0 * t, c: dq + i0 * ldq + c0, ldc: ldq,
                                rows: rows, cols: min(gemmNR, d - c0), alpha: scale, update: .accumulate)
            }
        }
    }
    // dK += scale · dZᵀ·Q and dV += Pᵀ·dO: key panel j0 over the queries j0..<t.        [6, t−j0]·[t−j0, d]
    if let dk {
        packAllBPanels(transB: false, b: q, ldb: ldq, columns: d, depth: t, dst: packedB1)
        keyPanelProducts(UnsafePointer(dScores), b: packedB1, c: dk, ldc: ldk, length: t, headDim: d, alpha: scale, panel: panel)
    }
    if let dv {
        packAllBPanels(transB: false, b: dOut, ldb: ldo, columns: d, depth: t, dst: packedB2)
        keyPanelProducts(probs, b: packedB2, c: dv, ldc: ldk, length: t, headDim: d, alpha: 1, panel: panel)
    }
}

/// `C[j, :] += alpha · Σ_{i ≥ j0} M[i, j] · B[i, :]` for each key panel j0 (6 keys): the transposed
/// product of a lower-triangular `M` ([t, t], zeros above the diagonal) with packed `B` ([t, d]).
@inline(__always)
func keyPanelProducts(_ m: UnsafePointer<Float>, b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, ldc: Int,
                      length t: Int, headDim d: Int, alpha: Float, panel: UnsafeMutablePointer<Float>) {
    for j0 in stride(from: 0, to: t, by: gemmMR) {
        let keys = min(gemmMR, t - j0), depth = t - j0
        packABlock(transA: true, a: m, lda: t, i0: j0, mc: keys, p0: j0, kc: depth, dst: panel)
        for c0 in stride(from: 0, to: d, by: gemmNR) {
            microKernel6x16(kc: depth, a: panel, b: b + c0 * t + j0 * gemmNR, c: c + j0 * ldc + c0, ldc: ldc,
                            rows: keys, cols: min(gemmNR, d - c0), alpha: alpha, update: .accumulate)
        }
    }
}

/// Packs every column panel of op(B) (`columns` wide, `depth` deep) at `dst`, panel j at `dst + j·depth`
/// (each `[depth, 16]`, zero-padded).
@inline(__always)
func packAllBPanels(transB: Bool, b: UnsafePointer<Float>, ldb: Int, columns: Int, depth: Int, dst: UnsafeMutablePointer<Float>) {
    for j0 in stride(from: 0, to: columns, by: gemmNR) {
        packBPanel(transB: transB, b: b, ldb: ldb, j0: j0, cols: min(gemmNR, columns - j0), p0: 0, kc: depth, dst: dst + j0 * depth)
    }
}

/// Floats of Kᵀ packed as B panels ([⌈t/16⌉][d, 16]).
@inline(__always)
func keyPanelFloats(_ t: Int, _ d: Int) -> Int { (t + gemmNR - 1) / gemmNR * gemmNR * d }

/// Floats of a [t, d] operand packed as B panels ([⌈d/16⌉][t, 16]).
@inline(__always)
func dimPanelFloats(_ t: Int, _ d: Int) -> Int { (d + gemmNR - 1) / gemmNR * gemmNR * t }
