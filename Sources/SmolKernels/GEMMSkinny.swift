import SmolCore
// Matrix-vector paths for skinny products (m or n ≤ `skinnyPathLimit`) and tiny problems: decode-time
// GEMV, value heads, where packing costs more than it saves.
//
// Invariants:
// 1. Row form: y[v][r] = rowDot(x_v, row r): one SIMD8 accumulator over 8-float steps in order,
//    lanes summed pairwise, scalar tail in order (depends only on k; the 2-, 4- and 8-vector
//    kernels repeat exactly that arithmetic per output, so a row's bits do not depend on the batch).
// 2. Column form: y[v][j] = Σ_p x_v[p]·M[p, j], one fused multiply-add per p in increasing p,
//    starting from 0 (the same chain the packed micro-kernel uses within a k-slice).
// 3. Work is split over outputs only; no output is reduced across threads, and an output's
//    arithmetic does not depend on which block or lane computes it (scalar and SIMD fma agree).
// 4. The matrix is streamed once per group of up to `skinnyLimit` vectors.

/// Vectors per pass of the skinny path: the matrix is streamed once for up to this many rows of a
/// decode batch (packing B would cost more than the product).
let skinnyLimit = 8
/// Products with m or n at most this take the skinny path, in passes of `skinnyLimit` vectors.
/// Measured on SmolLM2-shape decode (1 thread): 16 rows 175 tok/s here against 87–139 packed,
/// 24 rows even (182 vs 185), 32 rows behind (171 vs 196).
let skinnyPathLimit = 2 * skinnyLimit
/// Matrix rows per parallel block of the row form.
let rowFormBlock = 64
/// Accumulator floats per pass of the column form, over all vectors (16 KiB, stays in L1).
let columnFormBlock = 4096

/// Row form: `y[v·yStride + r] = Σ_p mat[r·ld + p] · x[v·xStride + p]` for r < rows, v < vectors.
///
/// Every output follows `rowDot`'s arithmetic (invariant 1). Matrix rows are read one after
/// another (a single sequential stream: ~32 GB/s on one core here, against ~24 GB/s for four
/// interleaved rows), each row once for up to eight vectors held in L1 (`rowDots(_:)`: eight
/// accumulators, one matrix load shared by all of them).
// mat: [rows, k] (row stride ld), x: [vectors, k] -> y: [vectors, rows]
func matrixVectorRows(rows: Int, k: Int, mat: UnsafePointer<Float>, ld: Int,
                      x: UnsafePointer<Float>, xStride: Int, vectors: Int,
                      y: UnsafeMutablePointer<Float>, yStride: Int, threads: Int) {
    let matS = UnsafeSendablePointer(mat), xS = UnsafeSendablePointer(x), yS = UnsafeMutableSendablePointer(y)
    let blocks = (rows + rowFormBlock - 1) / rowFormBlock
    Parallel.forEach(blocks, threads: threads) { block in
        for r in block * rowFormBlock..<min(rows, (block + 1) * rowFormBlock) {
            let row = matS.pointer + r * ld
            var v = 0
            while v < vectors {
                let x0 = xS.pointer + v * xStride, out = yS.pointer + v * yStride + r
                switch vectors - v {
                case 8...: rowDots8(x0, xStride: xStride, row: row, count: k, y: out, yStride: yStride); v += 8
                case 4...: rowDots4(x0, xStride: xStride, row: row, count: k, y: out, yStride: yStride); v += 4
                case 2...: rowDots2(x0, xStride: xStride, row: row, count: k, y: out, yStride: yStride); v += 2
                default: out[0] = rowDot(x0, row, count: k); v += 1
                }
            }
        }
    }
}

/// The row form's dot product: one SIMD8 accumulator over the 8-float steps in increasing order
/// (`acc = fma(x, row, acc)`), lanes summed pairwise (`horizontalSum`), then the scalar tail in
/// order. `rowDots2`, `rowDots4` and `rowDots8` repeat exactly this arithmetic per output.
// x: [count], row: [count] -> scalar
@inline(__always)
func rowDot(_ x: UnsafePointer<Float>, _ row: UnsafePointer<Float>, count: Int) -> Float {
    var acc = SIMD8<Float>()
    var i = 0
    while i + 8 <= count {
        acc = acc.addingProduct(loadVector(x + i), loadVector(row + i))
        i += 8
    }
    return finishRowDot(acc, x, row, from: i, count: count)
}

/// `horizontalSum(acc)` plus the scalar tail `x[i]·row[i]` for i in `start..<count`, in order.
@inline(__always)
func finishRowDot(_ acc: SIMD8<Float>, _ x: UnsafePointer<Float>, _ row: UnsafePointer<Float>,
                  from start: Int, count: Int) -> Float {
    var total = horizontalSum(acc)
    var i = start
    while i < count { total = total.addingProduct(x[i], row[i]); i += 1 }
    return total
}

/// `y[j·yStride] = rowDot(x + j·xStride, row)` for j < 2.
@inline(__always)
func rowDots2(_ x: UnsafePointer<Float>, xStride: Int, row: UnsafePointer<Float>, count: Int,
              y: UnsafeMutablePointer<Float>, yStride: Int) {
    let x1 = x + xStride
    var a0 = SIMD8<Float>(), a1 = SIMD8<Float>()
    var i = 0
    while i + 8 <= count {
        let w = loadVector(row + i)
        a0 = a0.addingProduct(loadVector(x + i), w); a1 = a1.addingProduct(loadVector(x1 + i), w)
        i += 8
    }
    y[0] = finishRowDot(a0, x, row, from: i, count: count)
    y[yStride] = finishRowDot(a1, x1, row, from: i, count: count)
}

/// `y[j·yStride] = rowDot(x + j·xStride, row)` for j < 4.
@inline(__always)
func rowDots4(_ x: UnsafePointer<Float>, xStride: Int, row: UnsafePointer<Float>, count: Int,
              y: UnsafeMutablePointer<Float>, yStride: Int) {
    let x1 = x + xStride, x2 = x1 + xStride, x3 = x2 + xStride
    var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
    var i = 0
    while i + 8 <= count {
        let w = loadVector(row + i)
        a0 = a0.addingProduct(loadVector(x + i), w); a1 = a1.addingProduct(loadVector(x1 + i), w)
        a2 = a2.addingProduct(loadVector(x2 + i), w); a3 = a3.addingProduct(loadVector(x3 + i), w)
        i += 8
    }
    y[0] = finishRowDot(a0, x, row, from: i, count: count)
    y[yStride] = finishRowDot(a1, x1, row, from: i, count: count)
    y[2 * yStride] = finishRowDot(a2, x2, row, from: i, count: count)
    y[3 * yStride] = finishRowDot(a3, x3, row, from: i, count: count)
}

/// `y[j·yStride] = rowDot(x + j·xStride, row)` for j < 8: eight independent accumulator chains
/// (enough to keep both FMA pipes busy) sharing each load of the matrix row.
@inline(__always)
func rowDots8(_ x: UnsafePointer<Float>, xStride: Int, row: UnsafePointer<Float>, count: Int,
              y: UnsafeMutablePointer<Float>, yStride: Int) {
    let x1 = x + xStride, x2 = x1 + xStride, x3 = x2 + xStride
    let x4 = x3 + xStride, x5 = x4 + xStride, x6 = x5 + xStride, x7 = x6 + xStride
    var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
    var a4 = SIMD8<Float>(), a5 = SIMD8<Float>(), a6 = SIMD8<Float>(), a7 = SIMD8<Float>()
    var i = 0
    while i + 8 <= count {
        let w = loadVector(row + i)
        a0 = a0.addingProduct(loadVector(x + i), w); a1 = a1.addingProduct(loadVector(x1 + i), w)
        a2 = a2.addingProduct(loadVector(x2 + i), w); a3 = a3.addingProduct(loadVector(x3 + i), w)
        a4 = a4.addingProduct(loadVector(x4 + i), w); a5 = a5.addingProduct(loadVector(x5 + i), w)
        a6 = a6.addingProduct(loadVector(x6 + i), w); a7 = a7.addingProduct(loadVector(x7 + i), w)
        i += 8
    }
    y[0] = finishRowDot(a0, x, row, from: i, count: count)
    y[yStride] = finishRowDot(a1, x1, row, from: i, count: count)
    y[2 * yStride] = finishRowDot(a2, x2, row, from: i, count: count)
    y[3 * yStride] = finishRowDot(a3, x3, row, from: i, count: count)
    y[4 * yStride] = finishRowDot(a4, x4, row, from: i, count: count)
    y[5 * yStride] = finishRowDot(a5, x5, row, from: i, count: count)
    y[6 * yStride] = finishRowDot(a6, x6, row, from: i, count: count)
    y[7 * yStride] = finishRowDot(a7, x7, row, from: i, count: count)
}

/// Column form: `y[v·yStride + j] = Σ_p x[v·xStride + p] · mat[p·ld + j]` for j < cols, v < vectors.
///
/// Streams whole rows of `mat` (each worker its share of the columns, four rows per pass) into
/// accumulators held in `y`.
// mat: [k, cols] (row stride ld), x: [vectors, k] -> y: [vectors, cols]
func matrixVectorColumns(cols: Int, k: Int, mat: UnsafePointer<Float>, ld: Int,
                         x: UnsafePointer<Float>, xStride: Int, vectors: Int,
                         y: UnsafeMutablePointer<Float>, yStride: Int, threads: Int) {
    let matS = UnsafeSendablePointer(mat), xS = UnsafeSendablePointer(x), yS = UnsafeMutableSendablePointer(y)
    let groups = (cols + 7) / 8
    let blockWidth = max(64, columnFormBlock / max(vectors, 1)) & ~7
    Parallel.forEachRange(groups, threads: threads) { _, groupRange in
        let end = min(cols, groupRange.upperBound * 8)
        for j0 in stride(from: groupRange.lowerBound * 8, to: end, by: blockWidth) {
            let width = min(blockWidth, end - j0)
            for v in 0..<vectors { (yS.pointer + v * yStride + j0).update(repeating: 0, count: width) }
            var p = 0
            while p + 4 <= k {
                let r0 = matS.pointer + p * ld + j0
                for v in 0..<vectors {
                    accumulateFourRows(acc: yS.pointer + v * yStride + j0, rows: r0, ld: ld,
                                       x: xS.pointer + v * xStride + p, width: width)
                }
                p += 4
            }
            while p < k {
                let row = matS.pointer + p * ld + j0
                for v in 0..<vectors {
                    let acc = yS.pointer + v * yStride + j0
                    let xp = xS[v * xStride + p], xv = SIMD8<Float>(repeating: xp)
                    var j = 0
                    while j + 8 <= width {
                        storeVector(loadVector(acc + j).addingProduct(xv, loadVector(row + j)), acc + j)
                        j += 8
                    }
                    while j < width { acc[j] = acc[j].addingProduct(xp, row[j]); j += 1 }
                }
                p += 1
            }
        }
    }
}

/// `acc[j] = fma(x3, r3[j], fma(x2, r2[j], fma(x1, r1[j], fma(x0, r0[j], acc[j]))))` for j < width,
/// where `r_q = rows + q·ld` (four streams, a quarter of the accumulator traffic).
@inline(__always)
func accumulateFourRows(acc: UnsafeMutablePointer<Float>, rows r0: UnsafePointer<Float>, ld: Int,
                        x: UnsafePointer<Float>, width: Int) {
    let r1 = r0 + ld, r2 = r1 + ld, r3 = r2 + ld
    let x0 = x[0], x1 = x[1], x2 = x[2], x3 = x[3]
    let v0 = SIMD8(repeating: x0), v1 = SIMD8(repeating: x1), v2 = SIMD8(repeating: x2), v3 = SIMD8(repeating: x3)
    var j = 0
    while j + 8 <= width {
        var t = loadVector(acc + j).addingProduct(v0, loadVector(r0 + j))
        t = t.addingProduct(v1, loadVector(r1 + j))
        t = t.addingProduct(v2, loadVector(r2 + j))
        storeVector(t.addingProduct(v3, loadVector(r3 + j)), acc + j)
        j += 8
    }
    while j < width {
        var t = acc[j].addingProduct(x0, r0[j])
        t = t.addingProduct(x1, r1[j])
        t = t.addingProduct(x2, r2[j])
        acc[j] = t.addingProduct(x3, r3[j])
        j += 1
    }
}

/// `C = alpha·op(A)·op(B) + beta·C` as matrix-vector products over the shorter side of C, up to
/// `skinnyLimit` rows (or columns) of C per pass over the matrix; requires m, n, k ≥ 1.
func sgemmSkinny(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                 a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                 beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, threads: Int) {
    let byRows = m <= n                       // vectors are rows of op(A), else columns of op(B)
    let lines = byRows ? m : n, outputs = byRows ? n : m
    // Rows of C receive the products directly when nothing needs merging (decode: x · Wᵀ).
    let direct = byRows && beta == 0 && alpha == 1
    let contiguous = byRows ? !transA : transB
    let gather = contiguous ? nil : allocateFloats(skinnyLimit * k)
    let y = direct ? nil : allocateFloats(skinnyLimit * outputs)
    defer { gather?.deallocate(); y?.deallocate() }
    let update: TileUpdate = beta == 0 ? .overwrite : .scale(beta)
    for first in stride(from: 0, to: lines, by: skinnyLimit) {
        let vectors = min(skinnyLimit, lines - first)
        // The vectors: op(A)[first + v, :] or op(B)[:, first + v], contiguous along k.
        let x: UnsafePointer<Float>, xStride: Int
        if contiguous {
            x = byRows ? a + first * lda : b + first * ldb
            xStride = byRows ? lda : ldb
        } else {
            let gather = gather!
            for v in 0..<vectors {
                for p in 0..<k {
                    gather[v * k + p] = byRows ? a[p * lda + first + v] : b[p * ldb + first + v]
                }
            }
            x = UnsafePointer(gather)
            xStride = k
        }
        // The matrix: op(B) when vectors are rows of op(A), else op(A).
        let rowForm = byRows ? transB : !transA
        let mat = byRows ? b : a, ld = byRows ? ldb : lda
        // Products land in y ([vectors, outputs]) or, when direct, in C's rows themselves.
        let target = y ?? c + first * ldc, targetStride = y == nil ? ldc : outputs
        if rowForm {
            matrixVectorRows(rows: outputs, k: k, mat: mat, ld: ld, x: x, xStride: xStride, vectors: vectors,
                             y: target, yStride: targetStride, threads: threads)
        } else {
            matrixVectorColumns(cols: outputs, k: k, mat: mat, ld: ld, x: x, xStride: xStride, vectors: vectors,
                                y: target, yStride: targetStride, threads: threads)
        }
        guard let y else { continue }
        for v in 0..<vectors {
            let base = byRows ? c + (first + v) * ldc : c + first + v
            let stride = byRows ? 1 : ldc
            for index in 0..<outputs {
                mergeScalar(y[v * outputs + index], into: base + index * stride, alpha: alpha, update: update)
            }
        }
    }
}
