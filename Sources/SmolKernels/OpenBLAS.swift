// OpenBLAS as an optional cross-check backend. Its results depend on its thread count and on the
// core it detects, so the engine's own kernels stay the default (see DESIGN.md "Determinism").
import COpenBLAS
import Synchronization

/// Serialises every OpenBLAS call of the process: its thread count is process-wide state, so two
/// callers (tests run concurrently, two tapes on two threads) must not interleave set-and-call.
private let openBLASLock = Mutex<Void>(())

/// Which implementation runs matrix products; the ledger records it per session.
public enum MatrixBackend: String, CaseIterable, Sendable {
    /// smol's own packed SIMD kernels: deterministic for any thread count.
    case smol
    /// The system OpenBLAS `cblas_sgemm`: a fast baseline, not bit-stable across thread counts.
    case openblas

    /// Runs `C = alpha·op(A)·op(B) + beta·C` on this backend (same contract as `sgemm`).
    public func sgemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                      a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                      beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, threads: Int = 1) {
        switch self {
        case .smol:
            SmolKernels.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                              b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, threads: threads)
        case .openblas:
            sgemmOpenBLAS(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                          b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, threads: threads)
        }
    }
}

/// `C = alpha·op(A)·op(B) + beta·C` through `cblas_sgemm` (row-major), after
/// `openblas_set_num_threads(threads)`. Same contract as `sgemm` except bit-stability. The thread
/// count is process-wide in OpenBLAS, so concurrent callers are serialised by a process-wide lock
/// (safe from any thread, but not parallel).
public func sgemmOpenBLAS(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                          a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                          beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, threads: Int = 1) {
    if m <= 0 || n <= 0 { return }
    openBLASLock.withLock { _ in
        openblas_set_num_threads(Int32(max(1, threads)))
        // cblas rejects leading dimensions below 1 even when the matrix is empty.
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(max(lda, 1)), b, Int32(max(ldb, 1)),
                    beta, c, Int32(max(ldc, 1)))
    }
}

/// OpenBLAS's build configuration, detected core and current thread count, in one line
/// (e.g. `OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH … core=Zen threads=2`).
public func openBLASConfig() -> String {
    let config = openblas_get_config().map { String(cString: $0) } ?? "OpenBLAS (no config)"
    let core = openblas_get_corename().map { String(cString: $0) } ?? "unknown"
    return "\(config.trimmingSpaces) core=\(core) threads=\(openblas_get_num_threads())"
}

extension String {
    fileprivate var trimmingSpaces: String {
        var text = Substring(self)
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
