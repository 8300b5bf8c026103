/// Row-major single-precision matrix product: `C = alpha · op(A) · op(B) + beta · C`.
///
/// `op(A)` is `[m, k]` (A stored `[m, k]`, or `[k, m]` when `transA`), `op(B)` is `[k, n]` (B stored
/// `[k, n]`, or `[n, k]` when `transB`); `lda`, `ldb`, `ldc` are row strides in elements.
/// Every element of C is reduced over k in the same order whatever `threads` is, so the bits
/// of C do not depend on the thread count.
public func sgemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                  a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                  beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, threads: Int = 1) {
    sgemmReference(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
                   a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
}

/// The plain triple loop that `sgemm` is checked against (same contract, one thread).
public func sgemmReference(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                           a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                           beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
    for i in 0..<m {
        for j in 0..<n {
            var sum: Float = 0
            for p in 0..<k {
                let x = transA ? a[p * lda + i] : a[i * lda + p]
                let y = transB ? b[j * ldb + p] : b[p * ldb + j]
                sum += x * y
            }
            c[i * ldc + j] = beta == 0 ? alpha * sum : alpha * sum + beta * c[i * ldc + j]
        }
    }
}
