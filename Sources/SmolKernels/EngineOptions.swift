// How the engine runs: worker threads and the matrix-product backend, passed together everywhere.
//
// Invariants:
// 1. `threads` is at least 1.
// 2. With `backend == .smol`, results do not depend on `threads` (every kernel fixes its reduction
//    order by the data's shape); with `.openblas` they may (cross-checks and speed comparisons only).

/// Worker threads and the implementation of the large matrix products: the two settings every
/// engine call (tape, scoring, generation, benchmark) takes together.
public struct EngineOptions: Sendable, Hashable {
    /// Worker threads each op may use (≥ 1).
    public var threads: Int {
        didSet { threads = max(1, threads) }
    }
    /// Which implementation runs the large matrix products (`.smol`: bit-identical for any thread count).
    public var backend: MatrixBackend

    /// Options for `threads` workers (values below 1 mean 1) with the large products on `backend`.
    public init(threads: Int = 1, backend: MatrixBackend = .smol) {
        self.threads = max(1, threads)
        self.backend = backend
    }

    /// `C = alpha·op(A)·op(B) + beta·C` on `backend` with `threads` workers (the contract of `sgemm`).
    @inlinable
    public func sgemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                      a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                      beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        backend.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                      b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, threads: threads)
    }
}
