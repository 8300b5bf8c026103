// Q8_0 weights regrouped for the integer kernel (Int8TileGEMV.swift): tiles of 8 output rows whose
// quants are interleaved by column pairs, so one 16-byte load holds a pair of columns for 8 rows.
// Inference only, like QuantizedMatrix; made from a Q8_0 QuantizedMatrix (re-quantised f32 or a GGUF
// file's blocks), whose quants and scales it keeps.
//
// Invariants:
// 1. A matrix is [rows, columns], columns a multiple of 32; tile t holds rows 8·t ..< 8·t + 8, the
//    last tile padded with rows of zero quants and zero scales (their outputs are never stored).
// 2. Tile t, block b (columns 32·b ..< 32·b + 32) is 256 bytes at 256·(t·blocks + b): byte
//    16·p + 2·i + h is the quant of row 8·t + i, column 32·b + 2·p + h (p < 16, i < 8, h < 2), and
//    scale 8·(t·blocks + b) + i is that row's block scale.
// 3. `weight(row:column:)` = `Float(q) · d`, equal bit for bit to the source QuantizedMatrix's weight.
// 4. Quants stay within ±127 (ggml's Q8_0 range), which the kernel's int32 block sums rely on.
// 5. Storage is immutable after init and freed with the object.

/// Rows per tile of an `Int8TileMatrix` (the lanes of one AVX2 register of int32 or float).
public let int8TileRows = 8

/// A read-only Q8_0 weight matrix in 8-row tiles, interleaved by column pairs, for products with
/// int8-quantised activations (`int8TileMatrixVectorRows`).
public final class Int8TileMatrix: @unchecked Sendable {
    /// Output features (rows of the PyTorch `[out, in]` weight).
    public let rows: Int
    /// Input features; a multiple of `quantizedBlock`.
    public let columns: Int
    /// `[tiles, blocks, 16, 8, 2]` Int8 quants (invariant 2).
    let quants: UnsafeMutablePointer<Int8>
    /// `[tiles, blocks, 8]` block scales.
    let scales: UnsafeMutablePointer<Float>

    /// Tiles of 8 rows (the last one padded).
    var tiles: Int { (rows + int8TileRows - 1) / int8TileRows }
    /// Blocks per row.
    var blocksPerRow: Int { columns / quantizedBlock }

    /// Regroups a Q8_0 matrix's quants and scales into tiles (invariants 1-3).
    // source: [rows, columns] Q8_0 -> tiles
    public init(tiling source: QuantizedMatrix) {
        precondition(source.format == .q8_0, "Int8TileMatrix: the integer kernel reads Q8_0 blocks, not \(source.format)")
        rows = source.rows
        columns = source.columns
        let tiles = (rows + int8TileRows - 1) / int8TileRows, blocks = columns / quantizedBlock
        quants = .allocate(capacity: max(tiles * blocks * 256, 1))
        scales = .allocate(capacity: max(tiles * blocks * int8TileRows, 1))
        quants.initialize(repeating: 0, count: max(tiles * blocks * 256, 1))
        scales.initialize(repeating: 0, count: max(tiles * blocks * int8TileRows, 1))
        let sourceQuants = source.quants.assumingMemoryBound(to: Int8.self)
        for r in 0..<rows {
            let t = r / int8TileRows, i = r % int8TileRows
            for b in 0..<blocks {
                let tileBlock = t * blocks + b
                scales[tileBlock * int8TileRows + i] = source.scales[r * blocks + b]
                let from = sourceQuants + r * columns + b * quantizedBlock, to = quants + tileBlock * 256 + 2 * i
                for p in 0..<16 {
                    to[16 * p] = from[2 * p]
                    to[16 * p + 1] = from[2 * p + 1]
                }
            }
        }
    }

    /// Quantises f32 weights to Q8_0 as `QuantizedMatrix(quantizing:…, format: .q8_0)` does, in tiles.
    // weights: [rows, columns] -> tiles
    public convenience init(quantizing weights: UnsafePointer<Float>, rows: Int, columns: Int) {
        self.init(tiling: QuantizedMatrix(quantizing: weights, rows: rows, columns: columns, format: .q8_0))
    }

    deinit {
        quants.deallocate()
        scales.deallocate()
    }

    /// Bytes this copy holds (quants and scales, padding rows included).
    public var byteCount: Int { tiles * blocksPerRow * (256 + int8TileRows * MemoryLayout<Float>.size) }

    /// The f32 weight at (row, column): `Float(q) · d` (invariant 3).
    public func weight(row: Int, column: Int) -> Float {
        let tileBlock = (row / int8TileRows) * blocksPerRow + column / quantizedBlock
        let i = row % int8TileRows, j = column % quantizedBlock
        return Float(quants[tileBlock * 256 + 16 * (j / 2) + 2 * i + j % 2]) * scales[tileBlock * int8TileRows + i]
    }

    /// The int8 quant at (row, column) (invariant 2).
    public func quant(row: Int, column: Int) -> Int8 {
        let tileBlock = (row / int8TileRows) * blocksPerRow + column / quantizedBlock
        let j = column % quantizedBlock
        return quants[tileBlock * 256 + 16 * (j / 2) + 2 * (row % int8TileRows) + j % 2]
    }

    /// The block scale of row `row`, block `block`.
    public func scale(row: Int, block: Int) -> Float {
        scales[((row / int8TileRows) * blocksPerRow + block) * int8TileRows + row % int8TileRows]
    }
}
