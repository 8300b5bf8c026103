/// Converts ggml tensor storage to Float.
///
/// Block layouts (little-endian, QK = 32 elements per block):
/// - Q8_0: f16 scale d, then 32 int8 q; x[j] = q[j] · d.
/// - Q4_0: f16 d, then 16 bytes; byte j holds element j in its low nibble and element j + 16 in its
///   high nibble; x = (q − 8) · d.
/// - Q4_1: f16 d, f16 min m, then 16 bytes of nibbles as in Q4_0; x = q · d + m.
/// Arithmetic is float32, as in ggml's reference dequantisers, so results match bit for bit.
enum Dequantize {
    /// Decodes `count` elements of `type` stored at `raw` (which holds exactly their blocks).
    // raw: [count / blockSize × blockBytes] bytes -> [count] Float
    static func floats(_ raw: UnsafeRawBufferPointer, type: GGMLType, count: Int) -> [Float]? {
        precondition(count % type.blockSize == 0 && raw.count >= count / type.blockSize * type.blockBytes)
        switch type {
        case .f32: return ElementConversion.floats(raw, dtype: .f32, count: count)
        case .f16: return ElementConversion.floats(raw, dtype: .f16, count: count)
        case .bf16: return ElementConversion.floats(raw, dtype: .bf16, count: count)
        case .f64: return ElementConversion.floats(raw, dtype: .f64, count: count)
        case .i8: return ElementConversion.floats(raw, dtype: .i8, count: count)
        case .i16: return ElementConversion.floats(raw, dtype: .i16, count: count)
        case .i32: return ElementConversion.floats(raw, dtype: .i32, count: count)
        case .i64: return ElementConversion.floats(raw, dtype: .i64, count: count)
        case .q8_0: return blocks(raw, count: count, blockBytes: 34, decode: q8_0)
        case .q4_0: return blocks(raw, count: count, blockBytes: 18, decode: q4_0)
        case .q4_1: return blocks(raw, count: count, blockBytes: 20, decode: q4_1)
        default: return nil
        }
    }

    /// Runs `decode` over each 32-element block.
    private static func blocks(_ raw: UnsafeRawBufferPointer, count: Int, blockBytes: Int,
                               decode: (UnsafeRawPointer, UnsafeMutablePointer<Float>) -> Void) -> [Float] {
        guard count > 0 else { return [] }
        return [Float](unsafeUninitializedCapacity: count) { out, initialized in
            let src = raw.baseAddress!, dst = out.baseAddress!
            for block in 0..<(count / 32) {
                decode(src + block * blockBytes, dst + block * 32)
            }
            initialized = count
        }
    }

    @inline(__always)
    private static func half(_ p: UnsafeRawPointer, _ offset: Int) -> Float {
        ElementConversion.float(fromHalf: p.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    /// One Q8_0 block: [d: f16][q: 32 × int8] -> 32 floats.
    static func q8_0(_ block: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>) {
        let d = half(block, 0)
        let q = (block + 2).assumingMemoryBound(to: Int8.self)
        for j in 0..<32 { out[j] = Float(q[j]) * d }
    }

    /// One Q4_0 block: [d: f16][16 bytes: lo nibble = x[j], hi nibble = x[j+16]] -> 32 floats.
    static func q4_0(_ block: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>) {
        let d = half(block, 0)
        let q = (block + 2).assumingMemoryBound(to: UInt8.self)
        for j in 0..<16 {
            out[j] = Float(Int32(q[j] & 0x0F) - 8) * d
            out[j + 16] = Float(Int32(q[j] >> 4) - 8) * d
        }
    }

    /// One Q4_1 block: [d: f16][m: f16][16 bytes of nibbles as Q4_0] -> 32 floats.
    static func q4_1(_ block: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>) {
        let d = half(block, 0), m = half(block, 2)
        let q = (block + 4).assumingMemoryBound(to: UInt8.self)
        for j in 0..<16 {
            out[j] = Float(q[j] & 0x0F) * d + m
            out[j + 16] = Float(q[j] >> 4) * d + m
        }
    }
}
