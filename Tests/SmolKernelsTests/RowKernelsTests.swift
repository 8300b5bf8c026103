import Foundation
import Testing
import SmolKernels

@Suite("softmaxRows and rmsNormRows")
struct RowKernelsTests {
    @Test("softmaxRows matches the libm reference", arguments: [(1, 1), (3, 7), (2, 16), (4, 33), (5, 100)])
    func softmaxMatchesReference(rows: Int, cols: Int) {
        let input = testValues(rows * cols, salt: 5).map { $0 * 20 }
        var fast = input, slow = input
        softmaxRows(&fast, rows: rows, cols: cols)
        softmaxRowsReference(&slow, rows: rows, cols: cols)
        for i in 0..<(rows * cols) { #expect(abs(fast[i] - slow[i]) <= 1e-6 * max(slow[i], 1e-3), "at \(i)") }
        for r in 0..<rows {
            let total = fast[(r * cols)..<((r + 1) * cols)].reduce(0, +)
            #expect(abs(total - 1) < 1e-5)
        }
    }

    @Test("softmaxRows handles masked entries, huge logits and fully masked rows")
    func softmaxEdgeCases() {
        let inf = Float.infinity
        var x: [Float] = [0, -inf, 0, -inf, 1e30, 1e30, -1e30, 0, -inf, -inf, -inf, -inf] + [Float](repeating: 0, count: 4)
        // rows of 4: [0, -inf, 0, -inf], [1e30, 1e30, -1e30, 0], [-inf × 4], [0 × 4]
        softmaxRows(&x, rows: 4, cols: 4)
        #expect(x == [0.5, 0, 0.5, 0, 0.5, 0.5, 0, 0, 0, 0, 0, 0, 0.25, 0.25, 0.25, 0.25])
    }

    @Test("softmaxLogSumExp gives log Σ e^x and, when asked, the softmax", arguments: [1, 7, 16, 33, 4096])
    func softmaxLogSumExpMatchesReference(cols: Int) {
        let x = testValues(cols, salt: 9).map { $0 * 30 }
        var fast = [Float](repeating: .nan, count: cols), slow = fast
        let lse = softmaxLogSumExp(x, count: cols, probabilities: &fast)
        let lseSlow = softmaxLogSumExpReference(x, count: cols, probabilities: &slow)
        let exact = { () -> Double in
            let top = x.map(Double.init).max()!
            return top + Foundation.log(x.reduce(0.0) { $0 + Foundation.exp(Double($1) - top) })
        }()
        #expect(abs(Double(lse) - exact) <= 1e-6 * max(1, abs(exact)))
        #expect(abs(lse - lseSlow) <= 1e-5 * max(1, abs(lseSlow)))
        for i in 0..<cols { #expect(abs(fast[i] - slow[i]) <= 1e-6 * max(slow[i], 1e-3), "at \(i)") }
        // Without probabilities: the same value, and the same bits as softmaxRows' in-place pass.
        #expect(softmaxLogSumExp(x, count: cols, probabilities: nil) == lse)
        var inPlace = x
        softmaxRows(&inPlace, rows: 1, cols: cols)
        #expect(inPlace == fast)
    }

    @Test("softmaxLogSumExp of a fully masked row is −∞ with zero probabilities")
    func softmaxLogSumExpMasked() {
        let x = [Float](repeating: -.infinity, count: 11)
        var p = [Float](repeating: .nan, count: 11)
        #expect(softmaxLogSumExp(x, count: 11, probabilities: &p) == -.infinity)
        #expect(p == [Float](repeating: 0, count: 11))
    }

    @Test("rmsNormRows matches the reference and writes the inverse RMS", arguments: [(1, 1), (2, 7), (3, 64), (4, 129)])
    func rmsNormMatchesReference(rows: Int, cols: Int) {
        let x = testValues(rows * cols, salt: 6), weight = testValues(cols, salt: 7).map { $0 + 1 }
        var fast = [Float](repeating: .nan, count: rows * cols), slow = fast
        var fastInverse = [Float](repeating: .nan, count: rows), slowInverse = fastInverse
        rmsNormRows(x, weight: weight, out: &fast, inverseRMS: &fastInverse, rows: rows, cols: cols, eps: 1e-5)
        rmsNormRowsReference(x, weight: weight, out: &slow, inverseRMS: &slowInverse, rows: rows, cols: cols, eps: 1e-5)
        for r in 0..<rows {
            let meanSquare = (0..<cols).reduce(Double(0)) { $0 + Double(x[r * cols + $1] * x[r * cols + $1]) } / Double(cols)
            #expect(abs(Double(fastInverse[r]) - 1 / (meanSquare + 1e-5).squareRoot()) <= 1e-5 * Double(slowInverse[r]))
        }
        for i in 0..<(rows * cols) { #expect(abs(fast[i] - slow[i]) <= 1e-5 * max(abs(slow[i]), 1e-3), "at \(i)") }
    }

    @Test("rmsNormRows may write over its input")
    func rmsNormInPlace() {
        let x = testValues(3 * 20, salt: 8), weight = [Float](repeating: 2, count: 20)
        var separate = [Float](repeating: 0, count: 60), inPlace = x, inverse = [Float](repeating: 0, count: 3)
        rmsNormRows(x, weight: weight, out: &separate, inverseRMS: &inverse, rows: 3, cols: 20, eps: 1e-6)
        inPlace.withUnsafeMutableBufferPointer { buffer in
            rmsNormRows(buffer.baseAddress!, weight: weight, out: buffer.baseAddress!, inverseRMS: &inverse, rows: 3, cols: 20, eps: 1e-6)
        }
        #expect(inPlace == separate)
    }
}
