// GEMM throughput measurement for `smol bench` (numbers are reported, never asserted).
import Dispatch

/// GFLOP/s of a square `size × size × size` SGEMM (`C = A·B`), best of repeated runs over about
/// `seconds` of wall time.
public func measureSGEMM(size: Int, engine: EngineOptions, seconds: Double) -> Double {
    measureSGEMM(m: size, n: size, k: size, transA: false, transB: false, engine: engine, seconds: seconds)
}

/// GFLOP/s (2·m·n·k per product) of `C = op(A)·op(B)` with the given shape, best of repeated
/// runs over about `seconds` of wall time (at least 3 runs, after one warm-up run).
public func measureSGEMM(m: Int, n: Int, k: Int, transA: Bool, transB: Bool, engine: EngineOptions,
                         seconds: Double) -> Double {
    let a = benchmarkMatrix(count: m * k, salt: 1), b = benchmarkMatrix(count: k * n, salt: 2)
    let c = allocateFloats(m * n)
    defer { a.deallocate(); b.deallocate(); c.deallocate() }
    let lda = transA ? m : k, ldb = transB ? k : n
    let flops = 2 * Double(m) * Double(n) * Double(k)
    func run() {
        engine.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 1, a: a, lda: lda,
                     b: b, ldb: ldb, beta: 0, c: c, ldc: n)
    }
    run()
    var best = Double.infinity
    let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, seconds) * 1e9)
    var runs = 0
    while runs < 3 || DispatchTime.now().uptimeNanoseconds < deadline {
        let start = DispatchTime.now().uptimeNanoseconds
        run()
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
        runs += 1
    }
    return flops / max(best, 1e-12) / 1e9
}

/// Deterministic benchmark data in [−0.5, 0.5) (a fixed integer hash; not a model RNG).
func benchmarkMatrix(count: Int, salt: UInt32) -> UnsafeMutablePointer<Float> {
    let values = allocateFloats(count)
    for index in 0..<count {
        var h = UInt32(truncatingIfNeeded: index) &* 0x9E37_79B9 ^ salt &* 0x85EB_CA6B
        h ^= h >> 16; h = h &* 0x7FEB_352D; h ^= h >> 15
        values[index] = Float(h >> 8) / Float(1 << 24) - 0.5
    }
    return values
}
