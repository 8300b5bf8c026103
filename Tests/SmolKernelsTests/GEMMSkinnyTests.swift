import Testing
import SmolKernels

@Suite("sgemm skinny paths")
struct GEMMSkinnyTests {
    /// Decode batches: row i of `X · Wᵀ` has the same bits whether X has 1 row or up to 8 (the
    /// 4×2, 4×1 and single-row blocks share one arithmetic), so a prompt's tokens do not depend on
    /// the batch it is decoded with. Shapes cover row remainders (n mod 4) and a k tail (k mod 8).
    @Test(arguments: [(13, 577), (64, 64), (130, 96), (7, 9)])
    func rowsDoNotDependOnHowManyVectorsShareThePass(shape: (Int, Int)) {
        let (n, k) = shape
        let x = testValues(8 * k, salt: 5), w = testValues(n * k, salt: 6)
        func product(rows: ArraySlice<Float>, count m: Int, threads: Int) -> [Float] {
            var c = [Float](repeating: .nan, count: m * n)
            Array(rows).withUnsafeBufferPointer { a in
                w.withUnsafeBufferPointer { b in
                    c.withUnsafeMutableBufferPointer { cp in
                        sgemm(transA: false, transB: true, m: m, n: n, k: k, alpha: 1, a: a.baseAddress!, lda: k,
                              b: b.baseAddress!, ldb: k, beta: 0, c: cp.baseAddress!, ldc: n, threads: threads)
                    }
                }
            }
            return c
        }
        let alone = (0..<8).map { i in product(rows: x[i * k..<(i + 1) * k], count: 1, threads: 1) }
        for m in 1...8 {
            let together = product(rows: x[0..<m * k], count: m, threads: 2)
            for i in 0..<m {
                #expect(Array(together[i * n..<(i + 1) * n]) == alone[i], "row \(i) of \(m), n \(n), k \(k)")
            }
        }
        // And the values are right (against the plain loop, float tolerance).
        var reference = [Float](repeating: 0, count: 8 * n)
        x.withUnsafeBufferPointer { a in
            w.withUnsafeBufferPointer { b in
                reference.withUnsafeMutableBufferPointer { c in
                    sgemmReference(transA: false, transB: true, m: 8, n: n, k: k, alpha: 1, a: a.baseAddress!, lda: k,
                                   b: b.baseAddress!, ldb: k, beta: 0, c: c.baseAddress!, ldc: n)
                }
            }
        }
        let worst = zip(alone.flatMap { $0 }, reference).map { abs($0 - $1) }.max() ?? 0
        #expect(worst < 1e-4 * Float(k))
    }
}
