import CSmolQuantKernels
// Activation rows quantised to int8 per 32-column block (ggml's Q8_0 rule), once per product, for the
// integer kernel of Int8TileGEMV.swift (the quantiser is CSmolQuantKernels' smol_quantize_int8_blocks).
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
            smol_quantize_int8_blocks(x + v * xStride, blocks, quants + v * columns, scales + v * blocks)
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
