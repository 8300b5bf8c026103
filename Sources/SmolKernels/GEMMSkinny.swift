// Matrix-vector paths for skinny products (m or n ≤ `skinnyLimit`) and tiny problems: decode-time
// GEMV, value heads, where packing costs more than it saves.
//
// Invariants:
// 1. Row form: y[v][r] = dot(row r, x_v) with `dot`'s fixed order (depends only on k; `dot2`
//    repeats that arithmetic for two rows at once).
// 2. Column form: y[v][j] = Σ_p x_v[p]·M[p, j], one fused multiply-add per p in increasing p,
//    starting from 0 (the same chain the packed micro-kernel uses within a k-slice).
// 3. Work is split over outputs only; no output is reduced across threads, and an output's
//    arithmetic does not depend on which block or lane computes it (scalar and SIMD fma agree).
// 4. The matrix is streamed once per group of up to `skinnyLimit` vectors.

/// Products with m or n at most this run as matrix-vector products, all vectors in one pass
/// (decode batches: packing B would cost more than the product).
let skinnyLimit = 8
/// Matrix rows per parallel block of the row form.
let rowFormBlock = 64
/// Accumulator floats per pass of the column form, over all vectors (16 KiB, stays in L1).
let columnFormBlock = 4096

/// Row form: `y[v·yStride + r] = Σ_p mat[r·ld + p] · x[v·xStride + p]` for r < rows, v < vectors.
// mat: [rows, k] (row stride ld), x: [vectors, k] -> y: [vectors, rows]
func matrixVectorRows(rows: Int, k: Int, mat: UnsafePointer<Float>, ld: Int,
                      x: UnsafePointer<Float>, xStride: Int, vectors: Int,
                      y: UnsafeMutablePointer<Float>, yStride: Int, threads: Int) {
    let matS = UnsafeSendablePointer(mat), xS = UnsafeSendablePointer(x), yS = UnsafeMutableSendablePointer(y)
    let blocks = (rows + rowFormBlock - 1) / rowFormBlock
    Parallel.forEach(blocks, threads: threads) { block in
        var r = block * rowFormBlock
        let end = min(rows, r + rowFormBlock)
        while r + 2 <= end {
            let row0 = matS.pointer + r * ld, row1 = row0 + ld
            for v in 0..<vectors {
                let out = yS.pointer + v * yStride + r
                (out[0], out[1]) = dot2(xS.pointer + v * xStride, row0, row1, count: k)
            }
            r += 2
        }
        if r < end {
            for v in 0..<vectors {
                yS[v * yStride + r] = dot(matS.pointer + r * ld, xS.pointer + v * xStride, count: k)
            }
        }
    }
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
    let gather = allocateFloats(skinnyLimit * k), y = allocateFloats(skinnyLimit * outputs)
    defer { gather.deallocate(); y.deallocate() }
    let update: TileUpdate = beta == 0 ? .overwrite : .scale(beta)
    for first in stride(from: 0, to: lines, by: skinnyLimit) {
        let vectors = min(skinnyLimit, lines - first)
        // The vectors: op(A)[first + v, :] or op(B)[:, first + v], contiguous along k.
        let contiguous = byRows ? !transA : transB
        let x: UnsafePointer<Float>, xStride: Int
        if contiguous {
            x = byRows ? a + first * lda : b + first * ldb
            xStride = byRows ? lda : ldb
        } else {
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
        if rowForm {
            matrixVectorRows(rows: outputs, k: k, mat: mat, ld: ld, x: x, xStride: xStride, vectors: vectors,
                             y: y, yStride: outputs, threads: threads)
        } else {
            matrixVectorColumns(cols: outputs, k: k, mat: mat, ld: ld, x: x, xStride: xStride, vectors: vectors,
                                y: y, yStride: outputs, threads: threads)
        }
        for v in 0..<vectors {
            let base = byRows ? c + (first + v) * ldc : c + first + v
            let stride = byRows ? 1 : ldc
            for index in 0..<outputs {
                mergeScalar(y[v * outputs + index], into: base + index * stride, alpha: alpha, update: update)
            }
        }
    }
}
