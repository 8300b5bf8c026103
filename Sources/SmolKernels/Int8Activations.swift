// Activation rows quantised to int8 per 32-column block (ggml's Q8_0 rule), once per product, for the
// integer kernel of Int8TileGEMV.swift.
//
// Invariants:
// 1. Block b of vector v (columns 32·b ..< 32·b + 32) has d = max|x| / 127 and
//    q = round(x · (1 / d)), rounded to nearest with ties to even (as llama.cpp's AVX2 quantiser
//    rounds; its scalar one sends ties away from zero), 0 for a block of zeros (d = 0).
// 2. So |q| ≤ 127 for finite x; non-finite activations are outside this path (their products are
//    meaningless, as they are in f32).
// 3. A vector's quants and scales depend on that vector alone: not on the batch, nor on threads.
// 4. Quants are stored widened to Int16 (`[vectors, columns]`), so the kernel broadcasts a column
//    pair as one 32-bit load.

/// Activation rows quantised per 32-column block to int8 (stored as Int16) with an f32 scale each.
public final class Int8Activations {
    /// Rows quantised.
    public let vectors: Int
    /// Columns per row; a multiple of `quantizedBlock`.
    public let columns: Int
    /// `[vectors, columns]` quants in −127…127 (invariant 4).
    let quants: UnsafeMutablePointer<Int16>
    /// `[vectors, columns / 32]` block scales d.
    let scales: UnsafeMutablePointer<Float>

    /// Quantises `vectors` rows of `x` (invariant 1).
    // x: [vectors, columns] (row stride xStride) -> quants [vectors, columns], scales [vectors, columns / 32]
    public init(quantizing x: UnsafePointer<Float>, xStride: Int, vectors: Int, columns: Int) {
        precondition(vectors >= 0 && columns > 0 && columns % quantizedBlock == 0,
                     "Int8Activations: columns (\(columns)) must be a positive multiple of \(quantizedBlock)")
        self.vectors = vectors
        self.columns = columns
        let blocks = columns / quantizedBlock
        quants = .allocate(capacity: max(vectors * columns, 1))
        scales = .allocate(capacity: max(vectors * blocks, 1))
        for v in 0..<vectors {
            for b in 0..<blocks {
                quantizeBlock(x + v * xStride + b * quantizedBlock, quants: quants + v * columns + b * quantizedBlock,
                              scale: scales + v * blocks + b)
            }
        }
    }

    deinit {
        quants.deallocate()
        scales.deallocate()
    }

    /// The quant of vector `vector` at `column`.
    public func quant(vector: Int, column: Int) -> Int8 { Int8(quants[vector * columns + column]) }

    /// The scale of vector `vector`, block `block`.
    public func scale(vector: Int, block: Int) -> Float { scales[vector * (columns / quantizedBlock) + block] }
}

/// One 32-float block: `d = max|x| / 127`, `q = round(x / d)` ties to even (invariant 1), in four SIMD8
/// parts. Rounding adds and subtracts 1.5·2²³, exact for |x/d| ≤ 127.5 under the default rounding mode.
// x: [32] -> quants: [32], scale: [1]
@inline(__always)
private func quantizeBlock(_ x: UnsafePointer<Float>, quants: UnsafeMutablePointer<Int16>, scale: UnsafeMutablePointer<Float>) {
    let p0 = loadVector(x), p1 = loadVector(x + 8), p2 = loadVector(x + 16), p3 = loadVector(x + 24)
    @inline(__always) func magnitude(_ v: SIMD8<Float>) -> SIMD8<Float> { v.replacing(with: -v, where: v .< 0) }
    let largest = lanewiseMax(lanewiseMax(magnitude(p0), magnitude(p1)), lanewiseMax(magnitude(p2), magnitude(p3)))
    let d = horizontalMax(largest) / 127
    scale.pointee = d
    let inverse = SIMD8<Float>(repeating: d == 0 ? 0 : 1 / d)
    let magic = SIMD8<Float>(repeating: 12_582_912)   // 1.5·2²³: the sum's low mantissa bits hold round(x / d)
    @inline(__always) func store(_ part: SIMD8<Float>, _ at: Int) {
        let shifted = part * inverse + magic
        let rounded = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000   // the bits of 1.5·2²³
        for j in 0..<8 { quants[at + j] = Int16(truncatingIfNeeded: rounded[j]) }
    }
    store(p0, 0); store(p1, 8); store(p2, 16); store(p3, 24)
}
