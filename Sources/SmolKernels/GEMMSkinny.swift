// Matrix-vector paths for skinny products (m or n ≤ `skinnyLimit`): decode-time GEMV and tiny
// problems, where packing costs more than it saves.
//
// Invariants:
// 1. Row form: y[r] = dot(row r, x) with `dot`'s fixed order (depends only on k).
// 2. Column form: y[j] = Σ_p x[p]·M[p, j], one fused multiply-add per p in increasing p.
// 3. Work is split over fixed blocks of outputs; no output is reduced across threads.

/// Products with m or n at most this run as one matrix-vector product per row / column of C.
let skinnyLimit = 4
/// Outputs per parallel block of the row form.
let rowFormBlock = 64
/// Outputs per parallel block of the column form (its accumulators, 1 KiB, live in L1).
let columnFormBlock = 256

/// Row form: `y[r] = Σ_p mat[r·ld + p] · x[p]` for r in 0..<rows (x contiguous, length k).
func matrixVectorRows(rows: Int, k: Int, mat: UnsafePointer<Float>, ld: Int,
                      x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, threads: Int) {
    let matS = UnsafeSendablePointer(mat), xS = UnsafeSendablePointer(x), yS = UnsafeMutableSendablePointer(y)
    let blocks = (rows + rowFormBlock - 1) / rowFormBlock
    let threads = rows * k < 1 << 15 ? 1 : threads
    Parallel.forEach(blocks, threads: threads) { block in
        for r in (block * rowFormBlock)..<min(rows, (block + 1) * rowFormBlock) {
            yS[r] = dot(matS.pointer + r * ld, xS.pointer, count: k)
        }
    }
}

/// Column form: `y[j] = Σ_p x[p] · mat[p·ld + j]` for j in 0..<cols (x contiguous, length k).
func matrixVectorColumns(cols: Int, k: Int, mat: UnsafePointer<Float>, ld: Int,
                         x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, threads: Int) {
    let matS = UnsafeSendablePointer(mat), xS = UnsafeSendablePointer(x), yS = UnsafeMutableSendablePointer(y)
    let blocks = (cols + columnFormBlock - 1) / columnFormBlock
    let threads = cols * k < 1 << 15 ? 1 : threads
    Parallel.forEach(blocks, threads: threads) { block in
        let j0 = block * columnFormBlock, width = min(columnFormBlock, cols - j0)
        let acc = yS.pointer + j0
        for j in 0..<width { acc[j] = 0 }
        let vectorWidth = width & ~7
        for p in 0..<k {
            let row = matS.pointer + p * ld + j0
            let xp = xS[p], xv = SIMD8<Float>(repeating: xp)
            var j = 0
            while j < vectorWidth {
                storeVector(loadVector(acc + j).addingProduct(xv, loadVector(row + j)), acc + j)
                j += 8
            }
            while j < width {
                acc[j] = acc[j].addingProduct(xp, row[j])
                j += 1
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
