import SmolCore
// Matrix-vector products over block-quantised weights (QuantizedMatrix): decode's `x · Wᵀ` for 1 to
// any number of vectors, reading each weight row once per group of up to `skinnyLimit` vectors.
//
// Invariants:
// 1. Each output is `rowDot`'s arithmetic (GEMMSkinny invariant 1) on the dequantised row: a block's
//    32 weights are decoded to f32 in registers (QuantizedMatrix invariant 2), then
//    `acc = fma(x, w, acc)` over the 8-float steps in increasing order, lanes summed by
//    `horizontalSum`. So a product over a matrix made from a GGUF tensor equals, bit for bit, the f32
//    skinny path over the tensor dequantised at load (QuantizedMatrix invariant 3).
// 2. The 1-, 2-, 4- and 8-vector kernels repeat exactly that arithmetic per output, so a row's bits do
//    not depend on the batch size or on how vectors are grouped.
// 3. Work is split over output rows only (blocks of `rowFormBlock`); nothing is reduced across threads.
// 4. Nothing is packed or cached per call: any number of vectors (a decode batch of 17 or more, a
//    prefill) is handled in groups of up to 8 against the stored blocks.

/// Weights per block (`quantizedBlock`), a file-local literal so the hot loops fold it in any build mode.
private let qk = 32

/// Decodes the blocks of one weight row to f32: block b is columns 32·b ..< 32·b + 32, in four
/// SIMD8 parts of 8 columns.
protocol QuantizedRow: SendableMetatype {
    /// Weights 32·b + 8·s ..< 32·b + 8·s + 8 (s < 4) as f32 (QuantizedMatrix invariant 2).
    func part(_ b: Int, _ s: Int) -> SIMD8<Float>
}

/// A Q8_0 row: w = Float(q) · d.
struct Q8_0Row: QuantizedRow {
    let quants: UnsafePointer<Int8>     // [columns]
    let scales: UnsafePointer<Float>    // [columns / 32]

    @inline(__always)
    func part(_ b: Int, _ s: Int) -> SIMD8<Float> {
        let q = UnsafeRawPointer(quants + b * qk + 8 * s).loadUnaligned(as: SIMD8<Int8>.self)
        return SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: q)) * SIMD8<Float>(repeating: scales[b])
    }
}

/// A Q4_1 row: w = Float(q) · d + m, byte j of a block holding weight j (low nibble) and j + 16 (high).
struct Q4_1Row: QuantizedRow {
    let quants: UnsafePointer<UInt8>    // [columns / 2]
    let scales: UnsafePointer<Float>    // [columns / 32]
    let minimums: UnsafePointer<Float>  // [columns / 32]

    @inline(__always)
    func part(_ b: Int, _ s: Int) -> SIMD8<Float> {
        let bytes = UnsafeRawPointer(quants + b * 16 + 8 * (s & 1)).loadUnaligned(as: SIMD8<UInt8>.self)
        let q = s < 2 ? bytes & SIMD8(repeating: 0x0F) : bytes &>> SIMD8(repeating: 4)
        return SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: q)) * SIMD8<Float>(repeating: scales[b])
            + SIMD8<Float>(repeating: minimums[b])
    }
}

/// Whether `sgemm` (smol backend) computes `x · Wᵀ` for `vectors` rows of x and `outputs` rows of W
/// with the row-form skinny kernels, the arithmetic the quantised kernels repeat (invariant 1): then a
/// product over blocks equals the f32 product over their dequantised weights bit for bit.
public func sgemmUsesRowForm(vectors: Int, outputs: Int) -> Bool {
    vectors <= skinnyPathLimit && vectors <= outputs
}

/// `y[v·yStride + r] = Σ_c W[r, c] · x[v·xStride + c]` for r < W.rows, v < vectors (a linear layer's
/// `x · Wᵀ` over block-quantised weights). Bits do not depend on `threads` or on `vectors`
/// (invariants 1-3); nothing is packed (invariant 4).
// weights: [rows, k], x: [vectors, k] (row stride xStride) -> y: [vectors, rows] (row stride yStride)
public func quantizedMatrixVectorRows(_ weights: QuantizedMatrix, x: UnsafePointer<Float>, xStride: Int, vectors: Int,
                                      y: UnsafeMutablePointer<Float>, yStride: Int, threads: Int = 1) {
    guard vectors > 0, weights.rows > 0 else { return }
    let threads = weights.rows * weights.columns * vectors < parallelWorkLimit ? 1 : max(1, threads)
    let perRow = weights.blocksPerRow
    let scales = UnsafeSendablePointer(UnsafePointer(weights.scales))
    switch weights.format {
    case .q8_0:
        let quants = UnsafeSendablePointer(UnsafePointer(weights.quants.assumingMemoryBound(to: Int8.self)))
        let columns = weights.columns
        quantizedRows(rows: weights.rows, blocks: perRow, x: x, xStride: xStride, vectors: vectors, y: y, yStride: yStride,
                      threads: threads) { r in
            Q8_0Row(quants: quants.pointer + r * columns, scales: scales.pointer + r * perRow)
        }
    case .q4_1:
        let quants = UnsafeSendablePointer(UnsafePointer(weights.quants.assumingMemoryBound(to: UInt8.self)))
        let minimums = UnsafeSendablePointer(UnsafePointer(weights.minimums!))
        let bytes = weights.quantBytesPerRow
        quantizedRows(rows: weights.rows, blocks: perRow, x: x, xStride: xStride, vectors: vectors, y: y, yStride: yStride,
                      threads: threads) { r in
            Q4_1Row(quants: quants.pointer + r * bytes, scales: scales.pointer + r * perRow, minimums: minimums.pointer + r * perRow)
        }
    }
}

/// The driver of `quantizedMatrixVectorRows` for one row type: blocks of `rowFormBlock` rows split
/// over workers; within a block, each group of up to 8 vectors passes over the block's rows (which
/// stay in cache between groups), in tiles of 4 rows × 1 or 2 vectors, 2 rows × 4 vectors, or 1 row ×
/// 8 vectors: eight (four for one vector) independent accumulator chains, each one output's `rowDot`.
@inline(__always)
func quantizedRows<Row: QuantizedRow>(rows: Int, blocks: Int, x: UnsafePointer<Float>, xStride: Int, vectors: Int,
                                      y: UnsafeMutablePointer<Float>, yStride: Int, threads: Int,
                                      row: @escaping @Sendable (Int) -> Row) {
    let xS = UnsafeSendablePointer(x), yS = UnsafeMutableSendablePointer(y)
    let rowBlocks = (rows + rowFormBlock - 1) / rowFormBlock
    Parallel.forEach(rowBlocks, threads: threads) { rowBlock in
        let end = min(rows, (rowBlock + 1) * rowFormBlock)
        var v = 0
        while v < vectors {
            let group = vectors - v >= 8 ? 8 : vectors - v >= 4 ? 4 : vectors - v >= 2 ? 2 : 1
            let tile = group == 8 ? 1 : group == 4 ? 2 : 4
            let x0 = xS.pointer + v * xStride
            var r = rowBlock * rowFormBlock
            while r < end {
                let out = yS.pointer + v * yStride + r
                if r + tile <= end && tile > 1 {
                    if tile == 2 {
                        quantizedTile2x4(row(r), row(r + 1), blocks: blocks, x0, xStride: xStride, y: out, yStride: yStride)
                    } else if group == 2 {
                        quantizedTile4x2(row(r), row(r + 1), row(r + 2), row(r + 3), blocks: blocks, x0, xStride: xStride,
                                         y: out, yStride: yStride)
                    } else {
                        quantizedTile4x1(row(r), row(r + 1), row(r + 2), row(r + 3), blocks: blocks, x0, y: out)
                    }
                    r += tile
                    continue
                }
                let weights = row(r)
                switch group {
                case 8: quantizedRowDots8(weights, blocks: blocks, x0, xStride: xStride, y: out, yStride: yStride)
                case 4: quantizedRowDots4(weights, blocks: blocks, x0, xStride: xStride, y: out, yStride: yStride)
                case 2: quantizedRowDots2(weights, blocks: blocks, x0, xStride: xStride, y: out, yStride: yStride)
                default: out[0] = quantizedRowDot(weights, blocks: blocks, x0)
                }
                r += 1
            }
            v += group
        }
    }
}

/// `rowDot(x, w)` for one dequantised row (invariant 1).
// row: [32·blocks] quantised, x: [32·blocks] -> scalar
@inline(__always)
func quantizedRowDot<Row: QuantizedRow>(_ row: Row, blocks: Int, _ x: UnsafePointer<Float>) -> Float {
    var a = SIMD8<Float>()
    for b in 0..<blocks {
        for s in 0..<4 { a = a.addingProduct(loadVector(x + b * qk + 8 * s), row.part(b, s)) }
    }
    return horizontalSum(a)
}

/// `y[j·yStride] = quantizedRowDot(row, x + j·xStride)` for j < 2, sharing each decoded part.
@inline(__always)
func quantizedRowDots2<Row: QuantizedRow>(_ row: Row, blocks: Int, _ x: UnsafePointer<Float>, xStride: Int,
                                          y: UnsafeMutablePointer<Float>, yStride: Int) {
    var a0 = SIMD8<Float>(), a1 = SIMD8<Float>()
    let x1 = x + xStride
    for b in 0..<blocks {
        for s in 0..<4 {
            let w = row.part(b, s), o = b * qk + 8 * s
            a0 = a0.addingProduct(loadVector(x + o), w); a1 = a1.addingProduct(loadVector(x1 + o), w)
        }
    }
    y[0] = horizontalSum(a0)
    y[yStride] = horizontalSum(a1)
}

/// `y[j·yStride] = quantizedRowDot(row, x + j·xStride)` for j < 4, sharing each decoded part.
@inline(__always)
func quantizedRowDots4<Row: QuantizedRow>(_ row: Row, blocks: Int, _ x: UnsafePointer<Float>, xStride: Int,
                                          y: UnsafeMutablePointer<Float>, yStride: Int) {
    var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
    let x1 = x + xStride, x2 = x1 + xStride, x3 = x2 + xStride
    for b in 0..<blocks {
        for s in 0..<4 {
            let w = row.part(b, s), o = b * qk + 8 * s
            a0 = a0.addingProduct(loadVector(x + o), w); a1 = a1.addingProduct(loadVector(x1 + o), w)
            a2 = a2.addingProduct(loadVector(x2 + o), w); a3 = a3.addingProduct(loadVector(x3 + o), w)
        }
    }
    y[0] = horizontalSum(a0)
    y[yStride] = horizontalSum(a1)
    y[2 * yStride] = horizontalSum(a2)
    y[3 * yStride] = horizontalSum(a3)
}

/// `y[j·yStride] = quantizedRowDot(row, x + j·xStride)` for j < 8: eight accumulator chains sharing
/// each decoded part (the decode cost is paid once for eight vectors).
@inline(__always)
func quantizedRowDots8<Row: QuantizedRow>(_ row: Row, blocks: Int, _ x: UnsafePointer<Float>, xStride: Int,
                                          y: UnsafeMutablePointer<Float>, yStride: Int) {
    var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
    var a4 = SIMD8<Float>(), a5 = SIMD8<Float>(), a6 = SIMD8<Float>(), a7 = SIMD8<Float>()
    let x1 = x + xStride, x2 = x1 + xStride, x3 = x2 + xStride
    let x4 = x3 + xStride, x5 = x4 + xStride, x6 = x5 + xStride, x7 = x6 + xStride
    for b in 0..<blocks {
        for s in 0..<4 {
            let w = row.part(b, s), o = b * qk + 8 * s
            a0 = a0.addingProduct(loadVector(x + o), w); a1 = a1.addingProduct(loadVector(x1 + o), w)
            a2 = a2.addingProduct(loadVector(x2 + o), w); a3 = a3.addingProduct(loadVector(x3 + o), w)
            a4 = a4.addingProduct(loadVector(x4 + o), w); a5 = a5.addingProduct(loadVector(x5 + o), w)
            a6 = a6.addingProduct(loadVector(x6 + o), w); a7 = a7.addingProduct(loadVector(x7 + o), w)
        }
    }
    y[0] = horizontalSum(a0); y[yStride] = horizontalSum(a1)
    y[2 * yStride] = horizontalSum(a2); y[3 * yStride] = horizontalSum(a3)
    y[4 * yStride] = horizontalSum(a4); y[5 * yStride] = horizontalSum(a5)
    y[6 * yStride] = horizontalSum(a6); y[7 * yStride] = horizontalSum(a7)
}

/// `y[i] = quantizedRowDot(row_i, x)` for four rows and one vector: four chains sharing each load of x
/// (one vector alone would wait on a single chain's FMA latency).
@inline(__always)
func quantizedTile4x1<Row: QuantizedRow>(_ r0: Row, _ r1: Row, _ r2: Row, _ r3: Row, blocks: Int,
                                         _ x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
    var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
    for b in 0..<blocks {
        for s in 0..<4 {
            let xv = loadVector(x + b * qk + 8 * s)
            a0 = a0.addingProduct(xv, r0.part(b, s)); a1 = a1.addingProduct(xv, r1.part(b, s))
            a2 = a2.addingProduct(xv, r2.part(b, s)); a3 = a3.addingProduct(xv, r3.part(b, s))
        }
    }
    y[0] = horizontalSum(a0); y[1] = horizontalSum(a1); y[2] = horizontalSum(a2); y[3] = horizontalSum(a3)
}

/// `y[j·yStride + i] = quantizedRowDot(row_i, x + j·xStride)` for four rows and two vectors.
@inline(__always)
func quantizedTile4x2<Row: QuantizedRow>(_ r0: Row, _ r1: Row, _ r2: Row, _ r3: Row, blocks: Int,
                                         _ x: UnsafePointer<Float>, xStride: Int,
                                         y: UnsafeMutablePointer<Float>, yStride: Int) {
    var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
    var c0 = SIMD8<Float>(), c1 = SIMD8<Float>(), c2 = SIMD8<Float>(), c3 = SIMD8<Float>()
    let x1 = x + xStride
    for b in 0..<blocks {
        for s in 0..<4 {
            let o = b * qk + 8 * s, u = loadVector(x + o), v = loadVector(x1 + o)
            let w0 = r0.part(b, s), w1 = r1.part(b, s), w2 = r2.part(b, s), w3 = r3.part(b, s)
            a0 = a0.addingProduct(u, w0); a1 = a1.addingProduct(u, w1); a2 = a2.addingProduct(u, w2); a3 = a3.addingProduct(u, w3)
            c0 = c0.addingProduct(v, w0); c1 = c1.addingProduct(v, w1); c2 = c2.addingProduct(v, w2); c3 = c3.addingProduct(v, w3)
        }
    }
    y[0] = horizontalSum(a0); y[1] = horizontalSum(a1); y[2] = horizontalSum(a2); y[3] = horizontalSum(a3)
    let z = y + yStride
    z[0] = horizontalSum(c0); z[1] = horizontalSum(c1); z[2] = horizontalSum(c2); z[3] = horizontalSum(c3)
}

/// `y[j·yStride + i] = quantizedRowDot(row_i, x + j·xStride)` for two rows and four vectors.
@inline(__always)
func quantizedTile2x4<Row: QuantizedRow>(_ r0: Row, _ r1: Row, blocks: Int, _ x: UnsafePointer<Float>, xStride: Int,
                                         y: UnsafeMutablePointer<Float>, yStride: Int) {
    var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
    var c0 = SIMD8<Float>(), c1 = SIMD8<Float>(), c2 = SIMD8<Float>(), c3 = SIMD8<Float>()
    let x1 = x + xStride, x2 = x1 + xStride, x3 = x2 + xStride
    for b in 0..<blocks {
        for s in 0..<4 {
            let o = b * qk + 8 * s, w0 = r0.part(b, s), w1 = r1.part(b, s)
            let u0 = loadVector(x + o), u1 = loadVector(x1 + o), u2 = loadVector(x2 + o), u3 = loadVector(x3 + o)
            a0 = a0.addingProduct(u0, w0); a1 = a1.addingProduct(u1, w0); a2 = a2.addingProduct(u2, w0); a3 = a3.addingProduct(u3, w0)
            c0 = c0.addingProduct(u0, w1); c1 = c1.addingProduct(u1, w1); c2 = c2.addingProduct(u2, w1); c3 = c3.addingProduct(u3, w1)
        }
    }
    y[0] = horizontalSum(a0); y[yStride] = horizontalSum(a1); y[2 * yStride] = horizontalSum(a2); y[3 * yStride] = horizontalSum(a3)
    y[1] = horizontalSum(c0); y[yStride + 1] = horizontalSum(c1)
    y[2 * yStride + 1] = horizontalSum(c2); y[3 * yStride + 1] = horizontalSum(c3)
}
