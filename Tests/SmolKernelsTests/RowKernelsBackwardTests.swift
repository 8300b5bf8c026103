import Foundation
import Testing
import SmolKernels

/// Double-precision forward passes for finite-difference gradient checks.
private func softmaxDouble(_ x: [Double]) -> [Double] {
    let top = x.max()!
    let e = x.map { exp($0 - top) }
    let total = e.reduce(0, +)
    return e.map { $0 / total }
}

private func rmsNormDouble(_ x: [Double], _ w: [Double], eps: Double) -> [Double] {
    let inverse = 1 / (x.map { $0 * $0 }.reduce(0, +) / Double(x.count) + eps).squareRoot()
    return zip(x, w).map { $0 * inverse * $1 }
}

/// ∂(Σ_j dy_j·f(x)_j)/∂x_i by central differences.
private func numericGradient(_ x: [Double], _ dy: [Double], _ f: ([Double]) -> [Double]) -> [Double] {
    (0..<x.count).map { i in
        var plus = x, minus = x
        plus[i] += 1e-6; minus[i] -= 1e-6
        let up = zip(f(plus), dy).map(*).reduce(0, +), down = zip(f(minus), dy).map(*).reduce(0, +)
        return (up - down) / 2e-6
    }
}

@Suite("softmax and RMSNorm backward")
struct RowKernelsBackwardTests {
    @Test("softmaxRowsBackward matches finite differences and the reference", arguments: [1, 5, 8, 37])
    func softmaxBackward(cols: Int) {
        let rows = 2
        let x = testValues(rows * cols, salt: 11).map { $0 * 3 }, dy = testValues(rows * cols, salt: 12)
        var y = x
        softmaxRows(&y, rows: rows, cols: cols)
        var fast = [Float](repeating: .nan, count: rows * cols), slow = fast
        softmaxRowsBackward(y: y, dy: dy, dx: &fast, rows: rows, cols: cols)
        softmaxRowsBackwardReference(y: y, dy: dy, dx: &slow, rows: rows, cols: cols)
        for r in 0..<rows {
            let range = (r * cols)..<((r + 1) * cols)
            let numeric = numericGradient(x[range].map(Double.init), dy[range].map(Double.init), softmaxDouble)
            for (offset, i) in range.enumerated() {
                #expect(abs(Double(fast[i]) - numeric[offset]) < 1e-4, "row \(r) col \(offset)")
                #expect(abs(fast[i] - slow[i]) <= 1e-6)
            }
        }
    }

    @Test("softmaxRowsBackward may write dx over dy")
    func softmaxBackwardInPlace() {
        let (rows, cols) = (3, 21)
        var y = testValues(rows * cols, salt: 19)
        softmaxRows(&y, rows: rows, cols: cols)
        var dy = testValues(rows * cols, salt: 20)
        var separate = [Float](repeating: .nan, count: rows * cols)
        softmaxRowsBackward(y: y, dy: dy, dx: &separate, rows: rows, cols: cols)
        dy.withUnsafeMutableBufferPointer { buffer in
            softmaxRowsBackward(y: y, dy: buffer.baseAddress!, dx: buffer.baseAddress!, rows: rows, cols: cols)
        }
        #expect(dy == separate)
    }

    @Test("RMSNorm backward matches finite differences for x and weight, adding to the gradients", arguments: [1, 7, 16, 45])
    func rmsNormBackward(cols: Int) {
        let rows = 3, eps: Float = 1e-5
        let x = testValues(rows * cols, salt: 13), w = testValues(cols, salt: 14).map { $0 + 1.5 }
        let dy = testValues(rows * cols, salt: 15)
        var out = [Float](repeating: 0, count: rows * cols), inverse = [Float](repeating: 0, count: rows)
        rmsNormRows(x, weight: w, out: &out, inverseRMS: &inverse, rows: rows, cols: cols, eps: eps)
        // Both gradients start from earlier contributions (0.25) and add to them.
        var dx = [Float](repeating: 0.25, count: rows * cols), dxSlow = dx
        var dw = [Float](repeating: 0.25, count: cols), dwSlow = dw
        rmsNormRowsBackward(x: x, weight: w, inverseRMS: inverse, dy: dy, dx: &dx, rows: rows, cols: cols)
        rmsNormRowsBackwardReference(x: x, weight: w, inverseRMS: inverse, dy: dy, dx: &dxSlow, rows: rows, cols: cols)
        rmsNormWeightGradient(x: x, inverseRMS: inverse, dy: dy, dWeight: &dw, rows: rows, cols: cols)
        rmsNormWeightGradientReference(x: x, inverseRMS: inverse, dy: dy, dWeight: &dwSlow, rows: rows, cols: cols)
        let wd = w.map(Double.init)
        var dwNumeric = [Double](repeating: 0.25, count: cols)
        for r in 0..<rows {
            let range = (r * cols)..<((r + 1) * cols)
            let xr = x[range].map(Double.init), dyr = dy[range].map(Double.init)
            let numeric = numericGradient(xr, dyr) { rmsNormDouble($0, wd, eps: Double(eps)) }
            let dwRow = numericGradient(wd, dyr) { rmsNormDouble(xr, $0, eps: Double(eps)) }
            for j in 0..<cols { dwNumeric[j] += dwRow[j] }
            for (offset, i) in range.enumerated() {
                let expected = 0.25 + numeric[offset]
                #expect(abs(Double(dx[i]) - expected) < 2e-3 * max(1, abs(expected)), "dx row \(r) col \(offset)")
                #expect(abs(dx[i] - dxSlow[i]) <= 1e-5 * max(1, abs(dxSlow[i])))
            }
        }
        for j in 0..<cols {
            #expect(abs(Double(dw[j]) - dwNumeric[j]) < 2e-3 * max(1, abs(dwNumeric[j])), "dw \(j)")
            #expect(abs(dw[j] - dwSlow[j]) <= 1e-5 * max(1, abs(dwSlow[j])))
        }
    }

    @Test("rmsNormRowsBackward gives each row the same bits however rows are split")
    func rmsNormBackwardSplitRows() {
        let rows = 5, cols = 19
        let x = testValues(rows * cols, salt: 16), w = testValues(cols, salt: 17), dy = testValues(rows * cols, salt: 18)
        var out = [Float](repeating: 0, count: rows * cols), inverse = [Float](repeating: 0, count: rows)
        rmsNormRows(x, weight: w, out: &out, inverseRMS: &inverse, rows: rows, cols: cols, eps: 1e-6)
        var whole = [Float](repeating: 0, count: rows * cols), split = whole
        rmsNormRowsBackward(x: x, weight: w, inverseRMS: inverse, dy: dy, dx: &whole, rows: rows, cols: cols)
        x.withUnsafeBufferPointer { xb in dy.withUnsafeBufferPointer { db in inverse.withUnsafeBufferPointer { ib in
            split.withUnsafeMutableBufferPointer { sb in
                for (start, count) in [(0, 2), (2, 3)] {
                    rmsNormRowsBackward(x: xb.baseAddress! + start * cols, weight: w, inverseRMS: ib.baseAddress! + start,
                                        dy: db.baseAddress! + start * cols, dx: sb.baseAddress! + start * cols, rows: count, cols: cols)
                }
            }
        } } }
        #expect(split == whole)
    }
}
