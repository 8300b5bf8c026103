// Matrix-vector paths for skinny products (m or n ≤ `skinnyLimit`): decode-time GEMV and tiny
// problems, where packing costs more than it saves.
//
// Invariants:
// 1. Row form: y[r] = dot(row r, x) with `dot`'s fixed order (depends only on k; `dot2`
//    repeats that arithmetic for two rows at once).
// 2. Column form: y[j] = Σ_p x[p]·M[p, j], one fused multiply-add per p in increasing p.
// 3. Work is split over outputs only; no output is reduced across threads, and an output's
//    arithmetic does not depend on which block or lane computes it (scalar and SIMD fma agree).

/// Products with m or n at most this run as one matrix-vector product per row / column of C.
let skinnyLimit = 4
/// Outputs per parallel block of the row form.
let rowFormBlock = 64
/// Columns the column form accumulates per pass over k (accumulators, 16 KiB, stay in L1).
let columnFormBlock = 4096

/// Row form: `y[r] = Σ_p mat[r·ld + p] · x[p]` for r in 0..<rows (x contiguous, length k).
func matrixVectorRows(rows: Int, k: Int, mat: UnsafePointer<Float>, ld: Int,
                      x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, threads: Int) {
    let matS = UnsafeSendablePointer(mat), xS = UnsafeSendablePointer(x), yS = UnsafeMutableSendablePointer(y)
    let blocks = (rows + rowFormBlock - 1) / rowFormBlock
    let threads = rows * k < 1 << 15 ? 1 : threads
    Parallel.forEach(blocks, threads: threads) { block in
        var r = block * rowFormBlock
        let end = min(rows, r + rowFormBlock)
        while r + 2 <= end {
            (yS[r], yS[r + 1]) = dot2(xS.pointer, matS.pointer + r * ld, matS.pointer + (r + 1) * ld, count: k)
            r += 2
        }
        if r < end { yS[r] = dot(matS.pointer + r * ld, xS.pointer, count: k) }
    }
}

/// Column form: `y[j] = Σ_p x[p] · mat[p·ld + j]` for j in 0..<cols (x contiguous, length k).
///
/// Streams whole rows of `mat` (each worker its share of the columns) into accumulators held
/// in `y`, `columnFormBlock` columns at a time.
func matrixVectorColumns(cols: Int, k: Int, mat: UnsafePointer<Float>, ld: Int,
                         x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, threads: Int) {
    let matS = UnsafeSendablePointer(mat), xS = UnsafeSendablePointer(x), yS = UnsafeMutableSendablePointer(y)
    let groups = (cols + 7) / 8
    let threads = cols * k < 1 << 15 ? 1 : threads
    Parallel.forEachRange(groups, threads: threads) { _, groupRange in
        let end = min(cols, groupRange.upperBound * 8)
        for j0 in stride(from: groupRange.lowerBound * 8, to: end, by: columnFormBlock) {
            let width = min(columnFormBlock, end - j0)
            let acc = yS.pointer + j0
            acc.update(repeating: 0, count: width)
            let width8 = width & ~7
            var p = 0
            // Four rows of `mat` per pass (four streams, a quarter of the accumulator traffic);
            // the fused chain keeps the order p, p+1, p+2, p+3 for every column.
            while p + 4 <= k {
                let r0 = matS.pointer + p * ld + j0, r1 = r0 + ld, r2 = r1 + ld, r3 = r2 + ld
                let x0 = xS[p], x1 = xS[p + 1], x2 = xS[p + 2], x3 = xS[p + 3]
                let v0 = SIMD8(repeating: x0), v1 = SIMD8(repeating: x1)
                let v2 = SIMD8(repeating: x2), v3 = SIMD8(repeating: x3)
                var j = 0
                while j < width8 {
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
                p += 4
            }
            while p < k {
                let row = matS.pointer + p * ld + j0
                let xp = xS[p], xv = SIMD8<Float>(repeating: xp)
                var j = 0
                while j < width8 {
                    storeVector(loadVector(acc + j).addingProduct(xv, loadVector(row + j)), acc + j)
                    j += 8
                }
                while j < width {
                    acc[j] = acc[j].addingProduct(xp, row[j])
                    j += 1
                }
                p += 1
            }
        }
    }
}

/// `C = alpha·op(A)·op(B) + beta·C` one matrix-vector product per row (m small) or per column
/// (n small) of C; requires m, n, k ≥ 1.
func sgemmSkinny(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                 a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                 beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, threads: Int) {
    let byRows = m <= n
    let outputs = byRows ? n : m
    let x = allocateFloats(k), y = allocateFloats(outputs)
    defer { x.deallocate(); y.deallocate() }
    for line in 0..<(byRows ? m : n) {
        if byRows {
            // Row `line` of C: x = op(A)[line, :]; y[j] = Σ_p x[p]·op(B)[p, j].
            let xs: UnsafePointer<Float>
            if transA {
                for p in 0..<k { x[p] = a[p * lda + line] }
                xs = UnsafePointer(x)
            } else {
                xs = a + line * lda
            }
            if transB {
                matrixVectorRows(rows: n, k: k, mat: b, ld: ldb, x: xs, y: y, threads: threads)
            } else {
                matrixVectorColumns(cols: n, k: k, mat: b, ld: ldb, x: xs, y: y, threads: threads)
            }
        } else {
            // Column `line` of C: x = op(B)[:, line]; y[i] = Σ_p op(A)[i, p]·x[p].
            let xs: UnsafePointer<Float>
            if transB {
                xs = b + line * ldb
            } else {
                for p in 0..<k { x[p] = b[p * ldb + line] }
                xs = UnsafePointer(x)
            }
            if transA {
                matrixVectorColumns(cols: m, k: k, mat: a, ld: lda, x: xs, y: y, threads: threads)
            } else {
                matrixVectorRows(rows: m, k: k, mat: a, ld: lda, x: xs, y: y, threads: threads)
            }
        }
        let base = byRows ? c + line * ldc : c + line
        let stride = byRows ? 1 : ldc
        for index in 0..<outputs {
            let out = base + index * stride
            mergeScalar(y[index], into: out, alpha: alpha, update: beta == 0 ? .overwrite : .scale(beta))
        }
    }
}
