/// Bit-level conversions between Float and the 16-bit float formats, plus raw-buffer decoders.
///
/// Invariants:
/// 1. Files are little-endian and so is every supported host (x86-64, arm64); loads are unaligned-safe.
/// 2. Float → F16/BF16 rounds to nearest, ties to even; NaN stays NaN (BF16 NaN is canonical 0x7FC0).
/// 3. F16/BF16 → Float is exact.
enum ElementConversion {
    /// IEEE half bits → Float (exact).
    @inline(__always)
    static func float(fromHalf bits: UInt16) -> Float { Float(Float16(bitPattern: bits)) }

    /// bfloat16 bits → Float (exact: the high half of a float32).
    @inline(__always)
    static func float(fromBFloat bits: UInt16) -> Float { Float(bitPattern: UInt32(bits) << 16) }

    /// Float → IEEE half bits, round to nearest even.
    @inline(__always)
    static func half(from value: Float) -> UInt16 { Float16(value).bitPattern }

    /// Float → bfloat16 bits, round to nearest even (NaN → 0x7FC0 with the sign kept).
    @inline(__always)
    static func bfloat(from value: Float) -> UInt16 {
        let bits = value.bitPattern
        if value.isNaN { return UInt16(truncatingIfNeeded: (bits >> 16) | 0x0040) | 0x7FC0 }
        let roundingBias: UInt32 = 0x7FFF + ((bits >> 16) & 1)
        return UInt16(truncatingIfNeeded: (bits &+ roundingBias) >> 16)
    }

    /// Decodes `count` elements of `dtype` from `raw` into Floats.
    // raw: [count × dtype.byteSize] bytes -> [count] Float
    static func floats(_ raw: UnsafeRawBufferPointer, dtype: DType, count: Int) -> [Float] {
        precondition(raw.count >= count * dtype.byteSize)
        guard count > 0 else { return [] }
        return [Float](unsafeUninitializedCapacity: count) { out, initialized in
            let src = raw.baseAddress!
            switch dtype {
            case .f32:
                UnsafeMutableRawPointer(out.baseAddress!).copyMemory(from: src, byteCount: count * 4)
            case .f64:
                for i in 0..<count { out[i] = Float(src.loadUnaligned(fromByteOffset: i * 8, as: Double.self)) }
            case .f16:
                for i in 0..<count { out[i] = float(fromHalf: src.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)) }
            case .bf16:
                for i in 0..<count { out[i] = float(fromBFloat: src.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)) }
            case .i64:
                for i in 0..<count { out[i] = Float(src.loadUnaligned(fromByteOffset: i * 8, as: Int64.self)) }
            case .i32:
                for i in 0..<count { out[i] = Float(src.loadUnaligned(fromByteOffset: i * 4, as: Int32.self)) }
            case .i16:
                for i in 0..<count { out[i] = Float(src.loadUnaligned(fromByteOffset: i * 2, as: Int16.self)) }
            case .i8:
                for i in 0..<count { out[i] = Float(src.load(fromByteOffset: i, as: Int8.self)) }
            case .u8:
                for i in 0..<count { out[i] = Float(src.load(fromByteOffset: i, as: UInt8.self)) }
            case .bool:
                for i in 0..<count { out[i] = src.load(fromByteOffset: i, as: UInt8.self) != 0 ? 1 : 0 }
            }
            initialized = count
        }
    }

    /// Decodes `count` elements of an integer `dtype` from `raw` into Int64s.
    // raw: [count × dtype.byteSize] bytes -> [count] Int64
    static func int64s(_ raw: UnsafeRawBufferPointer, dtype: DType, count: Int) -> [Int64] {
        precondition(dtype.isInteger && raw.count >= count * dtype.byteSize)
        guard count > 0 else { return [] }
        let src = raw.baseAddress!
        return (0..<count).map { i -> Int64 in
            switch dtype {
            case .i64: return src.loadUnaligned(fromByteOffset: i * 8, as: Int64.self)
            case .i32: return Int64(src.loadUnaligned(fromByteOffset: i * 4, as: Int32.self))
            case .i16: return Int64(src.loadUnaligned(fromByteOffset: i * 2, as: Int16.self))
            case .i8: return Int64(src.load(fromByteOffset: i, as: Int8.self))
            case .u8: return Int64(src.load(fromByteOffset: i, as: UInt8.self))
            case .bool: return src.load(fromByteOffset: i, as: UInt8.self) != 0 ? 1 : 0
            case .f64, .f32, .f16, .bf16: preconditionFailure("not an integer dtype")
            }
        }
    }
}
