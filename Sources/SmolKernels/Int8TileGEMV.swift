import CSmolQuantKernels
import SmolCore
// Products of Q8_0 weight tiles (Int8TileMatrix) with activations quantised to int8 per 32-block
// (Int8Activations): decode's `x · Wᵀ` in integer block dots, for `WeightPrecision.q8_0_q8`. At a
// batch of 8, the f32-activation kernels (QuantizedGEMV) are bound by the f32 FMA count; here one
// vpmaddwd does 16 multiply-adds where an FMA does 8, and the weights are read once per 8 vectors.
//
// Invariants:
// 1. Output (v, r) = fold over blocks b in increasing order of
//    `acc = fma(Float(s_b), d_w[r, b] · d_x[v, b], acc)` from acc = 0, where s_b = Σ q_w · q_x over the
//    block's 32 columns in Int32 (exact: |s_b| ≤ 32·127², and Float(s_b) is exact below 2²⁴).
//    `int8TileProductReference` is that definition, one output at a time.
// 2. A vector's activations are quantised alone (Int8Activations invariant 3), and the kernel runs the
//    same chain per output for any group of 1-8 vectors: a row's bits do not depend on the batch.
// 3. Work is split over tiles of 8 output rows only; nothing is reduced across threads, so the bytes
//    do not depend on the thread count.
// 4. Not the f32 path's numerics: activations lose up to half a step of max|x|/127 per block.

/// Tiles per unit of parallel work (64 output rows, as `rowFormBlock`); each tile stays in cache while
/// every group of up to 8 vectors passes over it.
private let tilesPerChunk = 8

/// `y[v·yStride + r] = Σ_c W[r, c] · x[v·xStride + c]` for r < W.rows, v < vectors, with the activations
/// quantised to int8 per block first (invariant 1); bits do not depend on `vectors` or `threads`
/// (invariants 2-3).
// weights: [rows, k] tiles, x: [vectors, k] (row stride xStride) -> y: [vectors, rows] (row stride yStride)
public func int8TileMatrixVectorRows(_ weights: Int8TileMatrix, x: UnsafePointer<Float>, xStride: Int, vectors: Int,
                                     y: UnsafeMutablePointer<Float>, yStride: Int, threads: Int = 1) {
    guard vectors > 0, weights.rows > 0 else { return }
    let activations = Int8Activations(quantizing: x, xStride: xStride, vectors: vectors, columns: weights.columns)
    let threads = weights.rows * weights.columns * vectors < parallelWorkLimit ? 1 : max(1, threads)
    let blocks = weights.blocksPerRow, k = weights.columns, rows = weights.rows, tiles = weights.tiles
    let quants = UnsafeSendablePointer(UnsafePointer(weights.quants)), scales = UnsafeSendablePointer(UnsafePointer(weights.scales))
    let xq = UnsafeSendablePointer(UnsafePointer(activations.quants))
    let xd = UnsafeSendablePointer(UnsafePointer(activations.scales)), yS = UnsafeMutableSendablePointer(y)
    Parallel.forEach((tiles + tilesPerChunk - 1) / tilesPerChunk, threads: threads) { chunk in
        for t in chunk * tilesPerChunk..<min(tiles, (chunk + 1) * tilesPerChunk) {
            let tile = quants.pointer + t * blocks * 256, tileScales = scales.pointer + t * blocks * int8TileRows
            let full = (t + 1) * int8TileRows <= rows
            var v = 0
            while v < vectors {
                let group = min(8, vectors - v)
                if full {
                    smol_int8_tile_dots(tile, tileScales, blocks, xq.pointer + v * k, k, xd.pointer + v * blocks, blocks,
                                        group, yS.pointer + v * yStride + t * int8TileRows, yStride)
                } else {
                    // The last tile's padding rows (Int8TileMatrix invariant 1) go to a scratch tile.
                    withUnsafeTemporaryAllocation(of: Float.self, capacity: 8 * int8TileRows) { s in
                        smol_int8_tile_dots(tile, tileScales, blocks, xq.pointer + v * k, k, xd.pointer + v * blocks, blocks,
                                            group, s.baseAddress!, int8TileRows)
                        for j in 0..<group {
                            for i in 0..<(rows - t * int8TileRows) {
                                yS.pointer[(v + j) * yStride + t * int8TileRows + i] = s[j * int8TileRows + i]
                            }
                        }
                    }
                }
                v += group
            }
        }
    }
    withExtendedLifetime(activations) {}
}

/// Invariant 1 one output at a time, from the matrix's quants and scales and `activations`: what
/// `int8TileMatrixVectorRows` must equal bit for bit.
// weights: [rows, k], activations: [vectors, k] -> [vectors, rows]
public func int8TileProductReference(_ weights: Int8TileMatrix, _ activations: Int8Activations) -> [Float] {
    precondition(weights.columns == activations.columns, "int8TileProductReference: column counts differ")
    var y = [Float](repeating: 0, count: activations.vectors * weights.rows)
    for v in 0..<activations.vectors {
        for r in 0..<weights.rows {
            var acc: Float = 0
            for b in 0..<weights.blocksPerRow {
                var s: Int32 = 0
                for c in b * quantizedBlock..<(b + 1) * quantizedBlock {
                    s += Int32(weights.quant(row: r, column: c)) * Int32(activations.quant(vector: v, column: c))
                }
                acc = acc.addingProduct(Float(s), weights.scale(row: r, block: b) * activations.scale(vector: v, block: b))
            }
            y[v * weights.rows + r] = acc
        }
    }
    return y
}
