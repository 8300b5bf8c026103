// Fused row-wise kernels for the transformer's inner loops: softmax and RMSNorm.
//
// Invariants:
// 1. Each row is processed independently, with sums reduced in an order fixed by `cols`
//    (see VectorMath.swift), so callers may split rows across threads freely.
// 2. `out` may be the same buffer as `x` (each element is read before it is written).
import Foundation

/// Numerically stable softmax of each row of `x`, in place: `x[r, j] = e^(x[r, j] − max_r) / Σ`.
///
/// A row whose entries are all −∞ (fully masked) becomes all zeros.
// x: [rows, cols] -> x: [rows, cols]
public func softmaxRows(_ x: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
    let vectorCols = cols & ~7
    for r in 0..<rows {
        let row = x + r * cols
        var maxVector = SIMD8<Float>(repeating: -.infinity)
        var j = 0
        while j < vectorCols { maxVector = lanewiseMax(maxVector, loadVector(row + j)); j += 8 }
        var rowMax = horizontalMax(maxVector)
        while j < cols { rowMax = max(rowMax, row[j]); j += 1 }
        if rowMax == -.infinity {
            row.update(repeating: 0, count: cols)
            continue
        }
        // Exponentials in place, summed with the same fixed grouping as `dot`.
        let shift = SIMD8<Float>(repeating: rowMax)
        var s0 = SIMD8<Float>(), s1 = SIMD8<Float>()
        j = 0
        while j + 16 <= vectorCols {
            let e0 = exp8(loadVector(row + j) - shift), e1 = exp8(loadVector(row + j + 8) - shift)
            storeVector(e0, row + j); storeVector(e1, row + j + 8)
            s0 += e0; s1 += e1
            j += 16
        }
        while j < vectorCols {
            let e0 = exp8(loadVector(row + j) - shift)
            storeVector(e0, row + j)
            s0 += e0
            j += 8
        }
        var total = horizontalSum(s0 + s1)
        while j < cols {
            let e = exp1(row[j] - rowMax)
            row[j] = e
            total += e
            j += 1
        }
        let inverse = 1 / total
        let inverseVector = SIMD8<Float>(repeating: inverse)
        j = 0
        while j < vectorCols { storeVector(loadVector(row + j) * inverseVector, row + j); j += 8 }
        while j < cols { row[j] *= inverse; j += 1 }
    }
}

/// The plain loop `softmaxRows` is checked against (libm `exp`, sequential sums).
public func softmaxRowsReference(_ x: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
    for r in 0..<rows {
        let row = x + r * cols
        var rowMax = -Float.infinity
        for j in 0..<cols { rowMax = max(rowMax, row[j]) }
        if rowMax == -.infinity { row.update(repeating: 0, count: cols); continue }
        var total: Float = 0
        for j in 0..<cols { row[j] = Foundation.exp(row[j] - rowMax); total += row[j] }
        for j in 0..<cols { row[j] /= total }
    }
}

/// RMSNorm of each row: `out[r, j] = x[r, j] · inv[r] · weight[j]` with
/// `inv[r] = 1 / sqrt(mean_j x[r, j]² + eps)`; returns `inv` (one value per row, for backward).
// x: [rows, cols], weight: [cols] -> out: [rows, cols], returns [rows]
@discardableResult
public func rmsNormRows(_ x: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                        out: UnsafeMutablePointer<Float>, rows: Int, cols: Int, eps: Float) -> [Float] {
    [Float](unsafeUninitializedCapacity: rows) { inverses, initialized in
        let vectorCols = cols & ~7
        for r in 0..<rows {
            let row = x + r * cols, outRow = out + r * cols
            let inverse = 1 / (sumOfSquares(row, count: cols) / Float(cols) + eps).squareRoot()
            inverses[r] = inverse
            let inverseVector = SIMD8<Float>(repeating: inverse)
            var j = 0
            while j < vectorCols {
                storeVector(loadVector(row + j) * inverseVector * loadVector(weight + j), outRow + j)
                j += 8
            }
            while j < cols { outRow[j] = row[j] * inverse * weight[j]; j += 1 }
        }
        initialized = rows
    }
}

/// The plain loop `rmsNormRows` is checked against.
@discardableResult
public func rmsNormRowsReference(_ x: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                                 out: UnsafeMutablePointer<Float>, rows: Int, cols: Int, eps: Float) -> [Float] {
    var inverses = [Float](repeating: 0, count: rows)
    for r in 0..<rows {
        var squares: Float = 0
        for j in 0..<cols { squares += x[r * cols + j] * x[r * cols + j] }
        let inverse = 1 / (squares / Float(cols) + eps).squareRoot()
        inverses[r] = inverse
        for j in 0..<cols { out[r * cols + j] = x[r * cols + j] * inverse * weight[j] }
    }
    return inverses
}
