// Causal self-attention of one head over a whole sequence (training and full-sequence scoring), forward
// and backward, on the packed GEMM's 6×16 register tile. The B operands (Kᵀ, V, K, Q, dO) are packed
// once per head; the A operands (Q, P, dO, dZ and their transposes) are read in place, six rows at a
// time, and packed only for a last panel of fewer than six rows. Every product visits only the tiles
// at or below the diagonal: the masked upper triangle is not computed, beyond the ragged edge of a tile.
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
    // Three packed B operands, one packed A panel [max(t, d), 6], dScores [t, t].
    3 * max(keyPanelFloats(t, d), dimPanelFloats(t, d)) + gemmMR * max(t, d) + t * t
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
    let packedKT = scratch                                           // B: Kᵀ, [keyPanels][d, 16]
    let packedV = packedKT + keyPanelFloats(t, d)                    // B: V, [dimPanels][t, 16]
    let panel = packedV + dimPanelFloats(t, d)                       // A: a last panel of < 6 rows
    packAllBPanels(transB: true, b: k, ldb: ldk, columns: t, depth: d, dst: packedKT)
    packAllBPanels(transB: false, b: v, ldb: ldk, columns: d, depth: t, dst: packedV)
    causalScoreTiles(q, lda: ldq, packedKeys: packedKT, c: probs, length: t, headDim: d, alpha: scale, panel: panel)
    for i in 0..<t {
        let row = probs + i * t
        softmaxLogSumExp(row, count: i + 1, probabilities: row)
        (row + i + 1).update(repeating: 0, count: t - i - 1)
    }
    causalRowProducts(probs, b: packedV, c: out, ldc: ldo, length: t, headDim: d, alpha: 1, update: .overwrite, panel: panel)
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
    let bFloats = max(keyPanelFloats(t, d), dimPanelFloats(t, d))
    let packedB0 = scratch, packedB1 = packedB0 + bFloats, packedB2 = packedB1 + bFloats   // B operands
    let panel = packedB2 + bFloats                                   // A: a last panel of < 6 rows
    let dScores = panel + gemmMR * max(t, d)                         // [t, t]
    // dP = dO·Vᵀ at and below the diagonal, then dZ in place.
    packAllBPanels(transB: true, b: v, ldb: ldk, columns: t, depth: d, dst: packedB0)
    causalScoreTiles(dOut, lda: ldo, packedKeys: packedB0, c: dScores, length: t, headDim: d, alpha: 1, panel: panel)
    for i in 0..<t {
        let row = dScores + i * t
        softmaxRowsBackward(y: probs + i * t, dy: row, dx: row, rows: 1, cols: i + 1)
        (row + i + 1).update(repeating: 0, count: min(t, i + gemmMR) - i - 1)   // invariant 2
    }
    if let dq {   // dQ += scale · dZ·K
        packAllBPanels(transB: false, b: k, ldb: ldk, columns: d, depth: t, dst: packedB1)
        causalRowProducts(dScores, b: packedB1, c: dq, ldc: ldq, length: t, headDim: d, alpha: scale, update: .accumulate,
                          panel: panel)
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

/// The tiles of `C = alpha · A·Bᵀ` ([t, t]) at or below the diagonal: for each row panel i0 (6 rows)
/// the key tiles j0 < i1 (16 keys each; the part of a tile past the diagonal is computed too).
/// a: [t, d] (row stride lda), packedKeys: Bᵀ as B panels ([⌈t/16⌉][d, 16]), c: [t, t] written.
@inline(__always)
func causalScoreTiles(_ a: UnsafePointer<Float>, lda: Int, packedKeys: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>,
                      length t: Int, headDim d: Int, alpha: Float, panel: UnsafeMutablePointer<Float>) {
    for i0 in stride(from: 0, to: t, by: gemmMR) {   //                                  [6, d]·[d, i1]
        let i1 = min(t, i0 + gemmMR), rows = i1 - i0
        let pa = panelA(a + i0 * lda, rowStride: lda, stepStride: 1, rows: rows, depth: d, panel: panel)
        for j0 in stride(from: 0, to: i1, by: gemmNR) {
            microKernel6x16(kc: d, a: pa.a, aRowStride: pa.rowStride, aStepStride: pa.stepStride, b: packedKeys + j0 * d,
                            c: c + i0 * t + j0, ldc: t, rows: rows, cols: min(gemmNR, t - j0), alpha: alpha,
                            update: .overwrite)
        }
    }
}

/// `C ⊕= alpha · M·B` for a lower-triangular `M` ([t, t], zeros above the diagonal up to the end of
/// each row panel): row panel i0 reduces over the keys 0..<i1 only.
/// b: [t, d] as B panels ([⌈d/16⌉][t, 16]), c: [t, d] (row stride ldc).
@inline(__always)
func causalRowProducts(_ m: UnsafePointer<Float>, b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, ldc: Int,
                       length t: Int, headDim d: Int, alpha: Float, update: TileUpdate, panel: UnsafeMutablePointer<Float>) {
    for i0 in stride(from: 0, to: t, by: gemmMR) {   //                                  [6, i1]·[i1, d]
        let i1 = min(t, i0 + gemmMR), rows = i1 - i0
        let ma = panelA(m + i0 * t, rowStride: t, stepStride: 1, rows: rows, depth: i1, panel: panel)
        for c0 in stride(from: 0, to: d, by: gemmNR) {
            microKernel6x16(kc: i1, a: ma.a, aRowStride: ma.rowStride, aStepStride: ma.stepStride, b: b + c0 * t,
                            c: c + i0 * ldc + c0, ldc: ldc, rows: rows, cols: min(gemmNR, d - c0), alpha: alpha,
                            update: update)
        }
    }
}

/// `C[j, :] += alpha · Σ_{i ≥ j0} M[i, j] · B[i, :]` for each key panel j0 (6 keys): the transposed
/// product of a lower-triangular `M` ([t, t], zeros above the diagonal) with packed `B` ([t, d]).
@inline(__always)
func keyPanelProducts(_ m: UnsafePointer<Float>, b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, ldc: Int,
                      length t: Int, headDim d: Int, alpha: Float, panel: UnsafeMutablePointer<Float>) {
    for j0 in stride(from: 0, to: t, by: gemmMR) {
        let keys = min(gemmMR, t - j0), depth = t - j0
        // Mᵀ rows j0..<j0+6 are M's columns: element (key r, query p) at m[(j0 + p)·t + j0 + r].
        let ma = panelA(m + j0 * t + j0, rowStride: 1, stepStride: t, rows: keys, depth: depth, panel: panel)
        for c0 in stride(from: 0, to: d, by: gemmNR) {
            microKernel6x16(kc: depth, a: ma.a, aRowStride: ma.rowStride, aStepStride: ma.stepStride,
                            b: b + c0 * t + j0 * gemmNR, c: c + j0 * ldc + c0, ldc: ldc, rows: keys,
                            cols: min(gemmNR, d - c0), alpha: alpha, update: .accumulate)
        }
    }
}

/// The A operand of a tile row panel: six rows of a strided matrix (element (r, p) at
/// `a[r·rowStride + p·stepStride]`) read in place, or, when fewer than six rows exist, those rows
/// packed zero-padded into `panel` (`[depth, 6]`), so no read goes past the matrix.
@inline(__always)
func panelA(_ a: UnsafePointer<Float>, rowStride: Int, stepStride: Int, rows: Int, depth: Int,
            panel: UnsafeMutablePointer<Float>) -> (a: UnsafePointer<Float>, rowStride: Int, stepStride: Int) {
    if rows == gemmMR { return (a, rowStride, stepStride) }
    for p in 0..<depth {
        for r in 0..<gemmMR { panel[p * gemmMR + r] = r < rows ? a[r * rowStride + p * stepStride] : 0 }
    }
    return (UnsafePointer(panel), 1, gemmMR)
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
