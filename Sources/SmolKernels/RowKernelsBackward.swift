// Backward passes of the fused row kernels (softmax, RMSNorm).
//
// Invariants:
// 1. Per-row sums use `dot`'s fixed order and rows are independent, so callers may split rows across
//    threads freely; the weight gradient of RMSNorm, a sum over rows, is its own kernel that adds
//    rows in increasing order (run it on one thread, or split it by columns, never by rows).
// 2. `softmaxRowsBackward` may write `dx` over `dy` (each element is read before it is written);
//    the RMSNorm gradients accumulate (+=) into buffers distinct from their inputs.

/// Softmax backward for each row: `dx = y ⊙ (dy − Σ_j y_j·dy_j)`, given the forward output `y`.
// y: [rows, cols], dy: [rows, cols] -> dx: [rows, cols]
public func softmaxRowsBackward(y: UnsafePointer<Float>, dy: UnsafePointer<Float>,
                                dx: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
    let vectorCols = cols & ~7
    for r in 0..<rows {
        let yRow = y + r * cols, dyRow = dy + r * cols, dxRow = dx + r * cols
        let inner = dot(yRow, dyRow, count: cols)
        let innerVector = SIMD8<Float>(repeating: inner)
        var j = 0
        while j < vectorCols {
            storeVector(loadVector(yRow + j) * (loadVector(dyRow + j) - innerVector), dxRow + j)
            j += 8
        }
        while j < cols { dxRow[j] = yRow[j] * (dyRow[j] - inner); j += 1 }
    }
}

/// The plain loop `softmaxRowsBackward` is checked against.
public func softmaxRowsBackwardReference(y: UnsafePointer<Float>, dy: UnsafePointer<Float>,
                                         dx: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
    for r in 0..<rows {
        var inner: Float = 0
        for j in 0..<cols { inner += y[r * cols + j] * dy[r * cols + j] }
        for j in 0..<cols { dx[r * cols + j] = y[r * cols + j] * (dy[r * cols + j] - inner) }
    }
}

/// RMSNorm backward for the input, given the forward input `x`, `weight` and the per-row
/// `inverseRMS` that `rmsNormRows` wrote: `dx += inv·(w ⊙ dy) − x · inv³ · Σ_j (w_j·dy_j·x_j) / cols`.
// x: [rows, cols], weight: [cols], inverseRMS: [rows], dy: [rows, cols] -> dx: [rows, cols] (+=)
public func rmsNormRowsBackward(x: UnsafePointer<Float>, weight: UnsafePointer<Float>, inverseRMS: UnsafePointer<Float>,
                                dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
    let vectorCols = cols & ~7
    for r in 0..<rows {
        let xRow = x + r * cols, dyRow = dy + r * cols, dxRow = dx + r * cols
        let inverse = inverseRMS[r]
        let inverseVector = SIMD8<Float>(repeating: inverse)
        let inner = weightedInner(weight: weight, dy: dyRow, x: xRow, count: cols)
        let scalarCoefficient = inverse * inverse * inverse * inner / Float(cols)
        let coefficient = SIMD8<Float>(repeating: scalarCoefficient)
        var j = 0
        while j < vectorCols {
            let scaled = loadVector(weight + j) * loadVector(dyRow + j) * inverseVector
            storeVector(loadVector(dxRow + j) + (scaled - loadVector(xRow + j) * coefficient), dxRow + j)
            j += 8
        }
        while j < cols { dxRow[j] += weight[j] * dyRow[j] * inverse - xRow[j] * scalarCoefficient; j += 1 }
    }
}

/// RMSNorm backward for the gain: `dWeight[j] += Σ_r dy[r, j] · x[r, j] · inv[r]`, rows added in
/// increasing order (one fused multiply-add per element).
// x: [rows, cols], inverseRMS: [rows], dy: [rows, cols] -> dWeight: [cols] (+=)
public func rmsNormWeightGradient(x: UnsafePointer<Float>, inverseRMS: UnsafePointer<Float>, dy: UnsafePointer<Float>,
                                  dWeight: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
    let vectorCols = cols & ~7
    for r in 0..<rows {
        let xRow = x + r * cols, dyRow = dy + r * cols
        let inverse = inverseRMS[r], inverseVector = SIMD8<Float>(repeating: inverse)
        var j = 0
        while j < vectorCols {
            storeVector(loadVector(dWeight + j).addingProduct(loadVector(dyRow + j) * loadVector(xRow + j), inverseVector), dWeight + j)
            j += 8
        }
        while j < cols { dWeight[j] = dWeight[j].addingProduct(dyRow[j] * xRow[j], inverse); j += 1 }
    }
}

/// `Σ_j (w_j·dy_j)·x_j` with `dot`'s grouping (four SIMD8 partial sums, then the rest).
@inline(__always)
func weightedInner(weight: UnsafePointer<Float>, dy: UnsafePointer<Float>, x: UnsafePointer<Float>, count: Int) -> Float {
    var s0 = SIMD8<Float>(), s1 = SIMD8<Float>(), s2 = SIMD8<Float>(), s3 = SIMD8<Float>()
    var i = 0
    while i + 32 <= count {
        s0 = s0.addingProduct(loadVector(weight + i) * loadVector(dy + i), loadVector(x + i))
        s1 = s1.addingProduct(loadVector(weight + i + 8) * loadVector(dy + i + 8), loadVector(x + i + 8))
        s2 = s2.addingProduct(loadVector(weight + i + 16) * loadVector(dy + i + 16), loadVector(x + i + 16))
        s3 = s3.addingProduct(loadVector(weight + i + 24) * loadVector(dy + i + 24), loadVector(x + i + 24))
        i += 32
    }
    var s4 = SIMD8<Float>()
    while i + 8 <= count {
        s4 = s4.addingProduct(loadVector(weight + i) * loadVector(dy + i), loadVector(x + i))
        i += 8
    }
    var total = horizontalSum(((s0 + s1) + (s2 + s3)) + s4)
    while i < count { total = total.addingProduct(weight[i] * dy[i], x[i]); i += 1 }
    return total
}

/// The plain loop `rmsNormRowsBackward` is checked against.
public func rmsNormRowsBackwardReference(x: UnsafePointer<Float>, weight: UnsafePointer<Float>, inverseRMS: UnsafePointer<Float>,
                                         dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
    for r in 0..<rows {
        let inverse = inverseRMS[r]
        var inner: Float = 0
        for j in 0..<cols { inner += weight[j] * dy[r * cols + j] * x[r * cols + j] }
        for j in 0..<cols {
            dx[r * cols + j] += weight[j] * dy[r * cols + j] * inverse
                - x[r * cols + j] * inverse * inverse * inverse * inner / Float(cols)
        }
    }
}

/// The plain loop `rmsNormWeightGradient` is checked against.
public func rmsNormWeightGradientReference(x: UnsafePointer<Float>, inverseRMS: UnsafePointer<Float>, dy: UnsafePointer<Float>,
                                           dWeight: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
    for r in 0..<rows {
        for j in 0..<cols { dWeight[j] += dy[r * cols + j] * x[r * cols + j] * inverseRMS[r] }
    }
}
