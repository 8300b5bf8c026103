// Inference copies of weight matrices in 32-weight blocks (ggml's Q8_0 and Q4_1), read by the
// quantised matrix-vector kernels of QuantizedGEMV.swift. Training never sees them: it keeps f32.
//
// Invariants:
// 1. A matrix is [rows, columns] with columns a multiple of `quantizedBlock` (32); block b of row r
//    covers columns 32·b ..< 32·b + 32 and has one scale (and, for Q4_1, one minimum) as Float.
// 2. `weight(row:column:)` is the exact f32 value every kernel multiplies by: Q8_0 `Float(q) · d`,
//    Q4_1 `Float(q) · d + m` (a product, then a sum: never fused), the same expressions, in the same
//    precision, as ggml's reference dequantisers (SmolFormats' Dequantize).
// 3. A matrix made from a GGUF tensor's blocks keeps their quants, and its f16 scales widened to f32
//    (exact), so its weights equal the f32 tensor dequantised at load bit for bit.
// 4. Storage is immutable after init and freed with the object.

/// Weights per quantisation block (ggml's QK).
public let quantizedBlock = 32

/// A read-only weight matrix stored in 32-weight blocks for inference (Q8_0: int8 quants and a scale
/// per block; Q4_1: 4-bit quants, a scale and a minimum per block).
public final class QuantizedMatrix: @unchecked Sendable {
    /// The block formats the kernels read.
    public enum Format: String, Sendable, CaseIterable {
        /// 32 int8 quants q and a scale d: w = q·d (8.5 bits per weight as ggml stores it).
        case q8_0
        /// 32 4-bit quants q, a scale d and a minimum m: w = q·d + m (5 bits per weight as ggml stores it).
        case q4_1
    }

    /// The block format.
    public let format: Format
    /// Output features (rows of the PyTorch `[out, in]` weight).
    public let rows: Int
    /// Input features; a multiple of `quantizedBlock`.
    public let columns: Int
    /// Q8_0: `[rows, columns]` Int8; Q4_1: `[rows, columns / 2]` bytes, block b of a row at byte 16·b,
    /// byte j holding weight j in its low nibble and weight j + 16 in its high nibble (ggml's order).
    let quants: UnsafeMutableRawPointer
    /// `[rows, columns / 32]` block scales d.
    let scales: UnsafeMutablePointer<Float>
    /// `[rows, columns / 32]` block minimums m (Q4_1 only).
    let minimums: UnsafeMutablePointer<Float>?

    /// Blocks per row.
    var blocksPerRow: Int { columns / quantizedBlock }
    /// Bytes of quants per row.
    var quantBytesPerRow: Int { format == .q8_0 ? columns : columns / 2 }

    private init(format: Format, rows: Int, columns: Int) {
        precondition(rows >= 0 && columns > 0 && columns % quantizedBlock == 0,
                     "QuantizedMatrix: columns (\(columns)) must be a positive multiple of \(quantizedBlock)")
        self.format = format
        self.rows = rows
        self.columns = columns
        let blocks = max(rows * (columns / quantizedBlock), 1)
        let quantBytes = max(rows * (format == .q8_0 ? columns : columns / 2), 1)
        quants = .allocate(byteCount: quantBytes, alignment: 64)
        scales = .allocate(capacity: blocks)
        minimums = format == .q4_1 ? .allocate(capacity: blocks) : nil
    }

    deinit {
        quants.deallocate()
        scales.deallocate()
        minimums?.deallocate()
    }

    /// Bytes this copy holds (quants, scales and minimums).
    public var byteCount: Int {
        rows * quantBytesPerRow + rows * blocksPerRow * MemoryLayout<Float>.size * (format == .q4_1 ? 2 : 1)
    }

    /// Whether a `[rows, columns]` matrix can be stored in blocks (columns a positive multiple of 32).
    public static func canQuantize(columns: Int) -> Bool { columns > 0 && columns % quantizedBlock == 0 }

    /// Quantises f32 weights as ggml's reference quantisers do: Q8_0 `d = max|w| / 127`,
    /// `q = round(w / d)`; Q4_1 `m = min w`, `d = (max w − m) / 15`, `q = min(15, round((w − m) / d))`.
    /// Scales stay f32 (ggml rounds them to f16).
    // weights: [rows, columns] -> blocks
    public convenience init(quantizing weights: UnsafePointer<Float>, rows: Int, columns: Int, format: Format) {
        self.init(format: format, rows: rows, columns: columns)
        let blocks = rows * blocksPerRow
        for block in 0..<blocks {
            let w = weights + block * quantizedBlock
            switch format {
            case .q8_0:
                var amax: Float = 0
                for j in 0..<quantizedBlock { amax = max(amax, abs(w[j])) }
                let d = amax / 127, inverse = d == 0 ? 0 : 1 / d
                scales[block] = d
                let q = quants.assumingMemoryBound(to: Int8.self) + block * quantizedBlock
                for j in 0..<quantizedBlock { q[j] = Int8(max(-127, min(127, (w[j] * inverse).rounded()))) }
            case .q4_1:
                var low = w[0], high = w[0]
                for j in 0..<quantizedBlock { low = min(low, w[j]); high = max(high, w[j]) }
                let d = (high - low) / 15, inverse = d == 0 ? 0 : 1 / d
                scales[block] = d
                minimums![block] = low
                let q = quants.assumingMemoryBound(to: UInt8.self) + block * (quantizedBlock / 2)
                for j in 0..<(quantizedBlock / 2) {
                    let lo = UInt8(max(0, min(15, ((w[j] - low) * inverse).rounded())))
                    let hi = UInt8(max(0, min(15, ((w[j + 16] - low) * inverse).rounded())))
                    q[j] = lo | hi << 4
                }
            }
        }
    }

    /// A matrix holding a GGUF tensor's blocks as they are: row r is the file's row `rowOrder[r]`
    /// (the identity when nil; a Llama Q/K un-permutation otherwise). `raw` is ggml's layout: per block,
    /// Q8_0 `[d: f16][32 × int8]` (34 bytes), Q4_1 `[d: f16][m: f16][16 bytes of nibbles]` (20 bytes).
    // raw: [rows, columns / 32] blocks -> blocks
    public convenience init(ggmlBlocks raw: UnsafeRawPointer, format: Format, rows: Int, columns: Int, rowOrder: [Int]? = nil) {
        self.init(format: format, rows: rows, columns: columns)
        precondition(rowOrder == nil || rowOrder!.count == rows, "QuantizedMatrix: one source row per row")
        let perRow = blocksPerRow, blockBytes = format == .q8_0 ? 34 : 20, quantBytes = quantBytesPerRow / perRow
        func half(_ p: UnsafeRawPointer) -> Float { Float(Float16(bitPattern: p.loadUnaligned(as: UInt16.self))) }
        for r in 0..<rows {
            let sourceRow = rowOrder?[r] ?? r
            for b in 0..<perRow {
                let block = raw + (sourceRow * perRow + b) * blockBytes, index = r * perRow + b
                scales[index] = half(block)
                if format == .q4_1 { minimums![index] = half(block + 2) }
                let dataOffset = format == .q8_0 ? 2 : 4
                (quants + index * quantBytes).copyMemory(from: block + dataOffset, byteCount: quantBytes)
            }
        }
    }

    /// The f32 weight the kernels use at (row, column) (invariant 2).
    public func weight(row: Int, column: Int) -> Float {
        let block = row * blocksPerRow + column / quantizedBlock, j = column % quantizedBlock
        switch format {
        case .q8_0:
            return Float(quants.assumingMemoryBound(to: Int8.self)[row * columns + column]) * scales[block]
        case .q4_1:
            let byte = quants.assumingMemoryBound(to: UInt8.self)[block * 16 + j % 16]
            let q = j < 16 ? byte & 0x0F : byte >> 4
            return Float(q) * scales[block] + minimums![block]
        }
    }

    /// Every weight as f32 (`weight(row:column:)`), row-major. -> [rows, columns]
    public func dequantized() -> [Float] {
        var out = [Float](repeating: 0, count: rows * columns)
        for r in 0..<rows { for c in 0..<columns { out[r * columns + c] = weight(row: r, column: c) } }
        return out
    }
}
