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

/// Decodes the blocks of one weight row to f32: block b is columns 32·b ..< 32·b + 32, as four
/// SIMD8 in column order.
protocol QuantizedRow {
    /// The 32 weights of block `b`, columns in increasing order.
    func block(_ b: Int) -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>)
}

/// A Q8_0 row: w = Float(q) · d.
struct Q8_0Row: QuantizedRow {
    let quants: UnsafePointer<Int8>     // [columns]
    let scales: UnsafePointer<Float>    // [columns / 32]

    @inline(__always)
    func block(_ b: Int) -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
        let raw = UnsafeRawPointer(quants + b * quantizedBlock), d = SIMD8<Float>(repeating: scales[b])
        @inline(__always) func lane(_ offset: Int) -> SIMD8<Float> {
            SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: raw.loadUnaligned(fromByteOffset: offset, as: SIMD8<Int8>.self))) * d
        }
        return (lane(0), lane(8), lane(16), lane(24))
    }
}

/// A Q4_1 row: w = Float(q) · d + m, byte j of a block holding weight j (low nibble) and j + 16 (high).
struct Q4_1Row: QuantizedRow {
    let quants: UnsafePointer<UInt8>    // [columns / 2]
    let scales: UnsafePointer<Float>    // [columns / 32]
    let minimums: UnsafePointer<Float>  // [columns / 32]

    @inline(__always)
    func block(_ b: Int) -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
        let bytes = UnsafeRawPointer(quants + b * 16).loadUnaligned(as: SIMD16<UInt8>.self)
        let low = bytes & SIMD16(repeating: 0x0F), high = bytes &>> SIMD16(repeating: 4)
        let d = SIMD8<Float>(repeating: scales[b]), m = SIMD8<Float>(repeating: minimums[b])
        @inline(__always) func lane(_ q: SIMD8<UInt8>) -> SIMD8<Float> {
            SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: q)) * d + m
        }
        return (lane(low.lowHalf), lane(low.highHalf), lane(high.lowHalf), lane(high.highHalf))
    }
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
/// stay in cache between groups).
@inline(__always)
func quantizedRows<Row: QuantizedRow>(rows: Int, blocks: Int, x: UnsafePointer<Float>, xStride: Int, vectors: Int,
                                      y: UnsafeMutablePointer<Float>, yStride: Int, threads: Int,
                                      row: @escaping @Sendable (Int) -> Row) {
    let xS = UnsafeSendablePointer(x), yS = UnsafeMutableSendablePointer(y)
    let rowBlocks = (rows + rowFormBlock - 1) / rowFormBlock
    Parallel.forEach(rowBlocks, threads: threads) { rowBlock in
        let rowRange = rowBlock * rowFormBlock..<min(rows, (rowBlock + 1) * rowFormBlock)
        var v = 0
        while v < vectors {
            let group = vectors - v >= 8 ? 8 : vectors - v >= 4 ? 4 : vectors - v >= 2 ? 2 : 1
            let x0 = xS.pointer + v * xStride
            for r in rowRange {
                let out = yS.pointer + v * yStride + r, weights = row(r)
                switch group {
                case 8: quantizedRowDots8(weights, blocks: blocks, x0, xStride: xStride, y: out, yStride: yStride)
                case 4: quantizedRowDots4(weights, blocks: blocks, x0, xStride: xStride, y: out, yStride: yStride)
                case 2: quantizedRowDots2(weights, blocks: blocks, x0, xStride: xStride, y: out, yStride: yStride)
                default: out[0] = quantizedRowDot(weights, blocks: blocks, x0)
                }
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
        let (w0, w1, w2, w3) = row.block(b), p = x + b * quantizedBlock
        a = a.addingProduct(loadVector(p), w0); a = a.addingProduct(loadVector(p + 8), w1)
        a = a.addingProduct(loadVector(p + 16), w2); a = a.addingProduct(loadVector(p + 24), w3)
    }
    return horizontalSum(a)
}

/// `y[j·yStride] = quantizedRowDot(row, x + j·xStride)` for j < 2, sharing each decoded block.
@inline(__always)
func quantizedRowDots2<Row: QuantizedRow>(_ row: Row, blocks: Int, _ x: UnsafePointer<Float>, xStride: Int,
                                          y: UnsafeMutablePointer<Float>, yStride: Int) {
    var a0 = SIMD8<Float>(), a1 = SIMD8<Float>()
    for b in 0..<blocks {
        let (w0, w1, w2, w3) = row.block(b), p0 = x + b * quantizedBlock, p1 = p0 + xStride
        a0 = a0.addingProduct(loadVector(p0), w0); a1 = a1.addingProduct(loadVector(p1), w0)
        a0 = a0.addingProduct(loadVector(p0 + 8), w1); a1 = a1.addingProduct(loadVector(p1 + 8), w1)
        a0 = a0.addingProduct(loadVector(p0 + 16), w2); a1 = a1.addingProduct(loadVector(p1 + 16), w2)
        a0 = a0.addingProduct(loadVector(p0 + 24), w3); a1 = a1.addingProduct(loadVector(p1 + 24), w3)
    }
    y[0] = horizontalSum(a0)
    y[yStride] = horizontalSum(a1)
}

/// `y[j·yStride] = quantizedRowDot(row, x + j·xStride)` for j < 4, sharing each decoded block.
@inline(__always)
func quantizedRowDots4<Row: QuantizedRow>(_ row: Row, blocks: Int, _ x: UnsafePointer<Float>, xStride: Int,
                                          y: UnsafeMutablePointer<Float>, yStride: Int) {
    var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
    for b in 0..<blocks {
        let (w0, w1, w2, w3) = row.block(b)
        let p0 = x + b * quantizedBlock, p1 = p0 + xStride, p2 = p1 + xStride, p3 = p2 + xStride
        @inline(__always) func step(_ w: SIMD8<Float>, _ o: Int) {
            a0 = a0.addingProduct(loadVector(p0 + o), w); a1 = a1.addingProduct(loadVector(p1 + o), w)
            a2 = a2.addingProduct(loadVector(p2 + o), w); a3 = a3.addingProduct(loadVector(p3 + o), w)
        }
        step(w0, 0); step(w1, 8); step(w2, 16); step(w3, 24)
    }
    y[0] = horizontalSum(a0)
    y[yStride] = horizontalSum(a1)
    y[2 * yStride] = horizontalSum(a2)
    y[3 * yStride] = horizontalSum(a3)
}

/// `y[j·yStride] = quantizedRowDot(row, x + j·xStride)` for j < 8: eight accumulator chains sharing
/// each decoded block (the decode cost is paid once for eight vectors).
@inline(__always)
func quantizedRowDots8<Row: QuantizedRow>(_ row: Row, blocks: Int, _ x: UnsafePointer<Float>, xStride: Int,
                                          y: UnsafeMutablePointer<Float>, yStride: Int) {
    var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
    var a4 = SIMD8<Float>(), a5 = SIMD8<Float>(), a6 = SIMD8<Float>(), a7 = SIMD8<Float>()
    let x1 = x + xStride, x2 = x1 + xStride, x3 = x2 + xStride
    let x4 = x3 + xStride, x5 = x4 + xStride, x6 = x5 + xStride, x7 = x6 + xStride
    for b in 0..<blocks {
        let (w0, w1, w2, w3) = row.block(b)
        @inline(__always) func step(_ w: SIMD8<Float>, _ o: Int) {
            a0 = a0.addingProduct(loadVector(x + o), w); a1 = a1.addingProduct(loadVector(x1 + o), w)
            a2 = a2.addingProduct(loadVector(x2 + o), w); a3 = a3.addingProduct(loadVector(x3 + o), w)
            a4 = a4.addingProduct(loadVector(x4 + o), w); a5 = a5.addingProduct(loadVector(x5 + o), w)
            a6 = a6.addingProduct(loadVector(x6 + o), w); a7 = a7.addingProduct(loadVector(x7 + o), w)
        }
        let o = b * quantizedBlock
        step(w0, o); step(w1, o + 8); step(w2, o + 16); step(w3, o + 24)
    }
    y[0] = horizontalSum(a0); y[yStride] = horizontalSum(a1)
    y[2 * yStride] = horizontalSum(a2); y[3 * yStride] = horizontalSum(a3)
    y[4 * yStride] = horizontalSum(a4); y[5 * yStride] = horizontalSum(a5)
    y[6 * yStride] = horizontalSum(a6); y[7 * yStride] = horizontalSum(a7)
}
