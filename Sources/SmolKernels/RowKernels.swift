// Fused row-wise kernels for the transformer's inner loops: softmax and RMSNorm.
//
// Invariants:
// 1. Each row is processed independently, with sums reduced in an order fixed by `cols`
//    (see VectorMath.swift), so callers may split rows across threads freely.
// 2. `out` (`probabilities`) may be the same buffer as `x` (each element is read before it is written).
import Foundation

/// Numerically stable softmax of each row of `x`, in place: `x[r, j] = e^(x[r, j] − max_r) / Σ`.
///
/// A row whose entries are all −∞ (fully masked) becomes all zeros.
// x: [rows, cols] -> x: [rows, cols]
public func softmaxRows(_ x: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
    for r in 0..<rows { softmaxLogSumExp(x + r * cols, count: cols, probabilities: x + r * cols) }
}

/// `log Σ_j e^x[j]` of one row, and, when `probabilities` is given, `softmax(x)` written there (it may
/// be `x` itself), each probability then multiplied by `scale` when that is not 1 (two roundings, as a
/// separate scaling pass would give). Three passes at most: the max, the exponentials (stored only
/// with `probabilities`) and their sum in `dot`'s grouping, then the normalisation. An all −∞ row
/// gives −∞ (and zeros).
// x: [count] -> scalar, probabilities: [count]
@discardableResult
public func softmaxLogSumExp(_ x: UnsafePointer<Float>, count: Int, probabilities: UnsafeMutablePointer<Float>?,
                             scale: Float = 1) -> Float {
    let vectorCount = count & ~7
    var maxVector = SIMD8<Float>(repeating: -.infinity)
    var j = 0
    while j < vectorCount { maxVector = lanewiseMax(maxVector, loadVector(x + j)); j += 8 }
    var rowMax = horizontalMax(maxVector)
    while j < count { rowMax = max(rowMax, x[j]); j += 1 }
    if rowMax == -.infinity {
        probabilities?.update(repeating: 0 * scale, count: count)   // −0 for a negative scale, as scaling 0 gives
        return -.infinity
    }
    // Exponentials (stored when asked), summed with a fixed grouping of two SIMD8 partial sums.
    let shift = SIMD8<Float>(repeating: rowMax)
    var s0 = SIMD8<Float>(), s1 = SIMD8<Float>()
    j = 0
    while j + 16 <= vectorCount {
        let e0 = exp8(loadVector(x + j) - shift), e1 = exp8(loadVector(x + j + 8) - shift)
        if let probabilities { storeVector(e0, probabilities + j); storeVector(e1, probabilities + j + 8) }
        s0 += e0; s1 += e1
        j += 16
    }
    while j < vectorCount {
        let e0 = exp8(loadVector(x + j) - shift)
        if let probabilities { storeVector(e0, probabilities + j) }
        s0 += e0
        j += 8
    }
    var total = horizontalSum(s0 + s1)
    while j < count {
        let e = exp1(x[j] - rowMax)
        probabilities?[j] = e
        total += e
        j += 1
    }
    if let probabilities {
        let inverse = 1 / total
        let inverseVector = SIMD8<Float>(repeating: inverse)
        j = 0
        if scale == 1 {
            while j < vectorCount { storeVector(loadVector(probabilities + j) * inverseVector, probabilities + j); j += 8 }
            while j < count { probabilities[j] *= inverse; j += 1 }
        } else {
            let scaleVector = SIMD8<Float>(repeating: scale)
            while j < vectorCount {
                storeVector(loadVector(probabilities + j) * inverseVector * scaleVector, probabilities + j)
                j += 8
            }
            while j < count { probabilities[j] = probabilities[j] * inverse * scale; j += 1 }
        }
    }
    return rowMax + logf(total)
}

/// The plain loop `softmaxLogSumExp` is checked against (libm `exp` and `log`, sequential sums).
@discardableResult
public func softmaxLogSumExpReference(_ x: UnsafePointer<Float>, count: Int, probabilities: UnsafeMutablePointer<Float>?) -> Float {
    var rowMax = -Float.infinity
    for j in 0..<count { rowMax = max(rowMax, x[j]) }
    if rowMax == -.infinity { probabilities?.update(repeating: 0, count: count); return -.infinity }
    var total: Float = 0
    for j in 0..<count { total += Foundation.exp(x[j] - rowMax) }
    if let probabilities { for j in 0..<count { probabilities[j] = Foundation.exp(x[j] - rowMax) / total } }
    return rowMax + Foundation.log(total)
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
/// `inv[r] = 1 / sqrt(mean_j x[r, j]² + eps)`, written to `inverseRMS[r]` (for backward).
// x: [rows, cols], weight: [cols] -> out: [rows, cols], inverseRMS: [rows]
public func rmsNormRows(_ x: UnsafePointer<Float>, weight: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>,
                        inverseRMS: UnsafeMutablePointer<Float>, rows: Int, cols: Int, eps: Float) {
    let vectorCols = cols & ~7
    for r in 0..<rows {
        let row = x + r * cols, outRow = out + r * cols
        let inverse = 1 / (sumOfSquares(row, count: cols) / Float(cols) + eps).squareRoot()
        inverseRMS[r] = inverse
        let inverseVector = SIMD8<Float>(repeating: inverse)
        var j = 0
        while j < vectorCols {
            storeVector(loadVector(row + j) * inverseVector * loadVector(weight + j), outRow + j)
            j += 8
        }
        while j < cols { outRow[j] = row[j] * inverse * weight[j]; j += 1 }
    }
}

/// The plain loop `rmsNormRows` is checked against.
public func rmsNormRowsReference(_ x: UnsafePointer<Float>, weight: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>,
                                 inverseRMS: UnsafeMutablePointer<Float>, rows: Int, cols: Int, eps: Float) {
    for r in 0..<rows {
        var squares: Float = 0
        for j in 0..<cols { squares += x[r * cols + j] * x[r * cols + j] }
        let inverse = 1 / (squares / Float(cols) + eps).squareRoot()
        inverseRMS[r] = inverse
        for j in 0..<cols { out[r * cols + j] = x[r * cols + j] * inverse * weight[j] }
    }
}
