import SmolKernels

/// Deterministic test values in [−1, 1): a fixed integer hash of (index, salt).
func testValues(_ count: Int, salt: UInt32) -> [Float] {
    (0..<count).map { index in
        var h = UInt32(truncatingIfNeeded: index) &* 0x9E37_79B9 ^ (salt &+ 1) &* 0x85EB_CA6B
        h ^= h >> 16; h = h &* 0x7FEB_352D; h ^= h >> 15; h = h &* 0x846C_A68B; h ^= h >> 16
        return Float(h >> 8) / Float(1 << 23) - 1
    }
}

/// `y = x · Wᵀ` through a matrix-vector kernel `multiply(x, y)` for `vectors` rows of x, with row
/// strides `columns` (x) and `rows` (y); y starts as NaN. -> [vectors, rows]
func vectorRowsProduct(rows: Int, vectors: Int, _ x: [Float],
                       _ multiply: (UnsafePointer<Float>, UnsafeMutablePointer<Float>) -> Void) -> [Float] {
    var y = [Float](repeating: .nan, count: vectors * rows)
    x.withUnsafeBufferPointer { xp in
        y.withUnsafeMutableBufferPointer { yp in multiply(xp.baseAddress!, yp.baseAddress!) }
    }
    return y
}

/// One GEMM problem: stored shapes of A, B, C with optional row padding (ld > row length).
struct GEMMProblem: CustomStringConvertible, Sendable {
    var m: Int, n: Int, k: Int
    var transA = false, transB = false
    var pad = 0

    var lda: Int { (transA ? m : k) + pad }
    var ldb: Int { (transB ? k : n) + pad }
    var ldc: Int { n + pad }
    var aCount: Int { (transA ? k : m) * lda }
    var bCount: Int { (transB ? n : k) * ldb }
    var cCount: Int { m * ldc }
    var description: String { "\(m)×\(n)×\(k) tA=\(transA) tB=\(transB) pad=\(pad)" }

    func a(salt: UInt32 = 1) -> [Float] { testValues(aCount, salt: salt) }
    func b(salt: UInt32 = 2) -> [Float] { testValues(bCount, salt: salt) }
    func c(salt: UInt32 = 3) -> [Float] { testValues(cCount, salt: salt) }

    /// Runs `sgemm` (or the given backend) on copies and returns C.
    func run(alpha: Float, beta: Float, a: [Float], b: [Float], c: [Float], threads: Int = 1,
             backend: MatrixBackend = .smol) -> [Float] {
        var c = c
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    backend.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
                                  a: a.baseAddress!, lda: lda, b: b.baseAddress!, ldb: ldb,
                                  beta: beta, c: c.baseAddress!, ldc: ldc, threads: threads)
                }
            }
        }
        return c
    }

    /// Runs `sgemmReference` on copies and returns C.
    func reference(alpha: Float, beta: Float, a: [Float], b: [Float], c: [Float]) -> [Float] {
        var c = c
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    sgemmReference(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
                                   a: a.baseAddress!, lda: lda, b: b.baseAddress!, ldb: ldb,
                                   beta: beta, c: c.baseAddress!, ldc: ldc)
                }
            }
        }
        return c
    }

    /// Per-element error allowance: 2·(k+2)·ε·(|alpha|·Σ_p |a||b| + |beta|·|c|), from `sgemmReference`
    /// run on absolute values (both results are within (k+2)·ε·that of the exact value).
    func tolerance(alpha: Float, beta: Float, a: [Float], b: [Float], c: [Float]) -> [Float] {
        let magnitudes = reference(alpha: abs(alpha), beta: abs(beta), a: a.map(abs), b: b.map(abs), c: c.map(abs))
        let factor = 2 * Float(k + 2) * Float.ulpOfOne
        return magnitudes.map { $0 * factor + Float.leastNormalMagnitude }
    }

    /// Indices of C inside the m×n block (padding columns excluded).
    var cIndices: [Int] { (0..<m).flatMap { i in (0..<n).map { i * ldc + $0 } } }
}
