// Public GEMM entry points: the fast `sgemm` and the plain `sgemmReference` it is checked against.
//
// Invariants:
// 1. The path taken (skinny matrix-vector, small-k direct, or packed) depends only on (m, n, k, transA, transB),
//    never on `threads`; every path fixes each C element's reduction order, so C is
//    bit-identical for any thread count.
// 2. With beta == 0, C is only written, never read (NaN or Inf already in C does not leak).
// 3. With k == 0 or alpha == 0, A and B are not read: C = beta·C.

/// Products with m·n·k at most this skip packing and run as matrix-vector products.
let smallProblemLimit = 16 * 16 * 16
/// Products with fewer multiply-adds than this run on one thread: waking workers costs more
/// than it saves (measured: 64×64×64 is faster on one thread than on two).
let parallelWorkLimit = 1 << 19

/// Row-major single-precision matrix product: `C = alpha · op(A) · op(B) + beta · C`.
///
/// `op(A)` is `[m, k]` (A stored `[m, k]`, or `[k, m]` when `transA`), `op(B)` is `[k, n]` (B stored
/// `[k, n]`, or `[n, k]` when `transB`); `lda`, `ldb`, `ldc` are row strides in elements.
/// Every element of C is reduced over k in the same order whatever `threads` is, so the bits
/// of C do not depend on the thread count. With `beta == 0`, C is not read.
public func sgemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                  a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                  beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, threads: Int = 1) {
    if m <= 0 || n <= 0 { return }
    let threads = m * n * max(k, 1) < parallelWorkLimit ? 1 : max(1, threads)
    if k <= 0 || alpha == 0 {
        scaleMatrix(m: m, n: n, beta: beta, c: c, ldc: ldc)
    } else if m <= skinnyPathLimit || n <= skinnyPathLimit || m * n * k <= smallProblemLimit {
        sgemmSkinny(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                    b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, threads: threads)
    } else if k <= smallKLimit {
        sgemmSmallK(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                    b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, threads: threads)
    } else {
        sgemmPacked(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                    b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, threads: threads)
    }
}

/// `C = beta·C` for a `[m, n]` block with row stride `ldc`; beta == 0 writes zeros without reading.
func scaleMatrix(m: Int, n: Int, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
    for i in 0..<m {
        let row = c + i * ldc
        if beta == 0 {
            row.update(repeating: 0, count: n)
        } else if beta != 1 {
            for j in 0..<n { row[j] *= beta }
        }
    }
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
