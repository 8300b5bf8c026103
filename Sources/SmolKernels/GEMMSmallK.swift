import SmolCore
// Direct GEMM for a tiny reduction depth (k ≤ `smallKLimit`): C = alpha·op(A)·op(B) + beta·C is
// then bound by writing C, so rows of C are streamed once, without packing A.
//
// Invariants:
// 1. Every C element is the chain acc = fma(A[i,p], B[p,j], acc) over p = 0, 1, …, k-1 from 0,
//    then merged with the `TileUpdate` formula: the same arithmetic as one packed k-slice.
// 2. Rows of C are split across workers; no element is reduced across threads.

/// Depths up to this take the direct path.
let smallKLimit = 8

/// `C = alpha·op(A)·op(B) + beta·C` for k ≤ `smallKLimit`, one row of C at a time.
// op(A): [m, k], op(B): [k, n] -> C: [m, n]
func sgemmSmallK(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                 a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                 beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, threads: Int) {
    // op(B) as k contiguous rows: B itself, or a transposed copy ([k, n], k·n floats).
    var transposed: UnsafeMutablePointer<Float>? = nil
    if transB {
        let copy = allocateFloats(k * n)
        for j in 0..<n { for p in 0..<k { copy[p * n + j] = b[j * ldb + p] } }
        transposed = copy
    }
    defer { transposed?.deallocate() }
    let bRows = UnsafeSendablePointer(transposed.map { UnsafePointer($0) } ?? b)
    let ldRows = transB ? n : ldb
    let aS = UnsafeSendablePointer(a), cS = UnsafeMutableSendablePointer(c)
    let update: TileUpdate = beta == 0 ? .overwrite : .scale(beta)
    let alphaVector = SIMD8<Float>(repeating: alpha)
    Parallel.forEachRange(m, threads: threads) { _, rows in
        withUnsafeTemporaryAllocation(of: Float.self, capacity: smallKLimit) { scratch in
            let ai = scratch.baseAddress!
            for i in rows {
                for p in 0..<k { ai[p] = transA ? aS[p * lda + i] : aS[i * lda + p] }
                let cRow = cS.pointer + i * ldc
                var j = 0
                while j + 32 <= n {
                    var t0 = SIMD8<Float>(), t1 = SIMD8<Float>(), t2 = SIMD8<Float>(), t3 = SIMD8<Float>()
                    for p in 0..<k {
                        let s = SIMD8<Float>(repeating: ai[p]), row = bRows.pointer + p * ldRows + j
                        t0 = t0.addingProduct(s, loadVector(row)); t1 = t1.addingProduct(s, loadVector(row + 8))
                        t2 = t2.addingProduct(s, loadVector(row + 16)); t3 = t3.addingProduct(s, loadVector(row + 24))
                    }
                    mergeVector(t0, into: cRow + j, alpha: alphaVector, update: update)
                    mergeVector(t1, into: cRow + j + 8, alpha: alphaVector, update: update)
                    mergeVector(t2, into: cRow + j + 16, alpha: alphaVector, update: update)
                    mergeVector(t3, into: cRow + j + 24, alpha: alphaVector, update: update)
                    j += 32
                }
                while j + 8 <= n {
                    var t = SIMD8<Float>()
                    for p in 0..<k { t = t.addingProduct(SIMD8(repeating: ai[p]), loadVector(bRows.pointer + p * ldRows + j)) }
                    mergeVector(t, into: cRow + j, alpha: alphaVector, update: update)
                    j += 8
                }
                while j < n {
                    var t: Float = 0
                    for p in 0..<k { t = t.addingProduct(ai[p], bRows[p * ldRows + j]) }
                    mergeScalar(t, into: cRow + j, alpha: alpha, update: update)
                    j += 1
                }
            }
        }
    }
}
