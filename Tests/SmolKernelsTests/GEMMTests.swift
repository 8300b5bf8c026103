import Testing
import SmolKernels

/// Shapes covering every path: skinny (m or n ≤ 8), tiny, small k (≤ 8), packed with edges and
/// several k-slices.
let gemmShapes: [(Int, Int, Int)] = [
    (1, 1, 1), (1, 7, 5), (7, 1, 5), (2, 3, 4), (5, 5, 5), (7, 13, 17), (6, 16, 8), (12, 32, 1),
    (13, 17, 257), (4, 100, 30), (100, 3, 30), (1, 300, 200), (300, 1, 200), (8, 40, 50), (60, 8, 21), (16, 70, 33), (70, 11, 33),
    (33, 70, 3), (40, 37, 8), (97, 33, 19), (17, 18, 20), (20, 100, 9), (50, 40, 600), (200, 300, 150),
]

let transposes: [(Bool, Bool)] = [(false, false), (false, true), (true, false), (true, true)]

@Suite("sgemm")
struct GEMMTests {
    @Test("matches sgemmReference for every transpose and alpha/beta", arguments: gemmShapes.indices)
    func matchesReference(shapeIndex: Int) {
        let (m, n, k) = gemmShapes[shapeIndex]
        for (transA, transB) in transposes {
            for (alpha, beta, pad) in [(Float(1), Float(0), 0), (0.5, 1.5, 3), (-2, 1, 1)] {
                let problem = GEMMProblem(m: m, n: n, k: k, transA: transA, transB: transB, pad: pad)
                let a = problem.a(), b = problem.b(), c = problem.c()
                let fast = problem.run(alpha: alpha, beta: beta, a: a, b: b, c: c)
                let slow = problem.reference(alpha: alpha, beta: beta, a: a, b: b, c: c)
                let tolerance = problem.tolerance(alpha: alpha, beta: beta, a: a, b: b, c: c)
                let bad = problem.cIndices.filter { !(abs(fast[$0] - slow[$0]) <= tolerance[$0]) }
                #expect(bad.count == 0, "\(problem) α=\(alpha) β=\(beta): \(bad.count) elements off, first at \(bad.first ?? -1)")
                // Padding columns of C are never touched.
                let padding = Set(0..<problem.cCount).subtracting(problem.cIndices)
                let untouched = padding.allSatisfy { fast[$0] == c[$0] }
                #expect(untouched, "\(problem): wrote outside the m×n block")
            }
        }
    }

    /// Shapes above `parallelWorkLimit` multiply-adds on every path: skinny rows / columns,
    /// small k, packed split by columns, packed split by rows.
    @Test("bits of C do not depend on the thread count",
          arguments: [(1, 3000, 200), (300, 2, 1000), (3, 5000, 40), (7, 4100, 20), (600, 200, 5),
                      (20, 4100, 10), (97, 200, 300), (200, 300, 150), (96, 64, 256)])
    func threadCountInvariant(shape: (Int, Int, Int)) {
        for (transA, transB) in transposes {
            let problem = GEMMProblem(m: shape.0, n: shape.1, k: shape.2, transA: transA, transB: transB, pad: 2)
            let a = problem.a(), b = problem.b(), c = problem.c()
            let one = problem.run(alpha: 0.75, beta: 0.5, a: a, b: b, c: c, threads: 1)
            for threads in [2, 3] {
                let many = problem.run(alpha: 0.75, beta: 0.5, a: a, b: b, c: c, threads: threads)
                let differing = zip(one, many).filter { $0.bitPattern != $1.bitPattern }.count
                #expect(differing == 0, "\(problem) threads=\(threads)")
            }
        }
    }

    @Test("beta = 0 ignores NaN and infinity already in C", arguments: [(1, 50, 40), (30, 2, 9), (3, 3, 3), (70, 90, 300), (50, 60, 4)])
    func betaZeroIgnoresGarbage(shape: (Int, Int, Int)) {
        for (transA, transB) in transposes {
            let problem = GEMMProblem(m: shape.0, n: shape.1, k: shape.2, transA: transA, transB: transB)
            let a = problem.a(), b = problem.b()
            var garbage = [Float](repeating: .nan, count: problem.cCount)
            garbage[0] = .infinity
            let fast = problem.run(alpha: 1, beta: 0, a: a, b: b, c: garbage, threads: 2)
            let clean = problem.run(alpha: 1, beta: 0, a: a, b: b, c: problem.c(), threads: 2)
            #expect(fast.allSatisfy { $0.isFinite }, "\(problem)")
            let differing = zip(fast, clean).filter { $0.bitPattern != $1.bitPattern }.count
            #expect(differing == 0, "\(problem): result depends on C's old contents")
        }
    }

    @Test("k = 0 or alpha = 0 gives beta·C without reading A or B")
    func emptyReduction() {
        for (beta, expected) in [(Float(0), { (_: Float) in Float(0) }), (2, { $0 * 2 })] {
            let problem = GEMMProblem(m: 5, n: 6, k: 0)
            let c = problem.c()
            let result = problem.run(alpha: 1, beta: beta, a: [0], b: [0], c: c)
            #expect(result == c.map(expected))
            // alpha = 0 with NaN in A and B: A and B are not read.
            let full = GEMMProblem(m: 8, n: 20, k: 10)
            let fullC = full.c()
            let nanA = [Float](repeating: .nan, count: full.aCount), nanB = [Float](repeating: .nan, count: full.bCount)
            #expect(full.run(alpha: 0, beta: beta, a: nanA, b: nanB, c: fullC) == fullC.map(expected))
        }
    }

    @Test("identity · B reproduces B exactly across k-slices and threads")
    func identityProduct() {
        // C = I · B must reproduce B exactly (every product is x·1 or x·0).
        let n = 37, k = 300
        let identity = (0..<k * k).map { Float($0 / k == $0 % k ? 1 : 0) }
        let b = testValues(k * n, salt: 9)
        var c = [Float](repeating: .nan, count: k * n)
        identity.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { bp in
                c.withUnsafeMutableBufferPointer { cp in
                    sgemm(transA: false, transB: false, m: k, n: n, k: k, alpha: 1, a: a.baseAddress!, lda: k,
                          b: bp.baseAddress!, ldb: n, beta: 0, c: cp.baseAddress!, ldc: n, threads: 2)
                }
            }
        }
        let differing = zip(c, b).filter { $0 != $1 }.count
        #expect(differing == 0)
    }
}
