/// ggml tensor element types whose storage layout this reader knows (ids from ggml's `ggml_type`).
///
/// Quantised types are stored in blocks along the innermost dimension: `blockSize` elements take
/// `blockBytes` bytes. Only F32, F16, BF16, Q8_0, Q4_0 and Q4_1 (and the plain integer/F64 types)
/// can be converted to Float; the others can be opened and listed but not dequantised.
public enum GGMLType: UInt32, Sendable, CaseIterable {
    case f32 = 0, f16 = 1, q4_0 = 2, q4_1 = 3, q5_0 = 6, q5_1 = 7, q8_0 = 8, q8_1 = 9
    case q2_K = 10, q3_K = 11, q4_K = 12, q5_K = 13, q6_K = 14, q8_K = 15
    case iq4_nl = 20, iq4_xs = 23
    case i8 = 24, i16 = 25, i32 = 26, i64 = 27, f64 = 28, bf16 = 30

    /// Elements per block (1 for plain types).
    public var blockSize: Int {
        switch self {
        case .f32, .f16, .bf16, .f64, .i8, .i16, .i32, .i64: return 1
        case .q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q8_1, .iq4_nl: return 32
        case .q2_K, .q3_K, .q4_K, .q5_K, .q6_K, .q8_K, .iq4_xs: return 256
        }
    }

    /// Bytes per block.
    public var blockBytes: Int {
        switch self {
        case .i8: return 1
        case .f16, .bf16, .i16: return 2
        case .f32, .i32: return 4
        case .f64, .i64: return 8
        case .q4_0: return 18    // f16 d + 16 bytes of nibbles
        case .q4_1: return 20    // f16 d + f16 m + 16 bytes of nibbles
        case .q5_0: return 22    // f16 d + 4 bytes high bits + 16 bytes of nibbles
        case .q5_1: return 24    // f16 d + f16 m + 4 + 16
        case .q8_0: return 34    // f16 d + 32 int8
        case .q8_1: return 36    // f16 d + f16 s + 32 int8
        case .iq4_nl: return 18  // f16 d + 16 bytes of nibble indices
        case .q2_K: return 84
        case .q3_K: return 110
        case .q4_K: return 144
        case .q5_K: return 176
        case .q6_K: return 210
        case .q8_K: return 292
        case .iq4_xs: return 136
        }
    }

    /// Whether `GGUFFile.floats` can convert this type.
    public var canDequantize: Bool {
        switch self {
        case .f32, .f16, .bf16, .f64, .i8, .i16, .i32, .i64, .q8_0, .q4_0, .q4_1: return true
        default: return false
        }
    }

    /// The ggml name (`Q4_1`, `F32`, …).
    public var name: String { GGMLType.name(ofRawValue: rawValue) }

    /// The ggml name of any type id, including ones without a layout here (`type 99` when unknown).
    public static func name(ofRawValue raw: UInt32) -> String {
        let names: [UInt32: String] = [
            0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 4: "Q4_2 (removed)", 5: "Q4_3 (removed)", 6: "Q5_0", 7: "Q5_1",
            8: "Q8_0", 9: "Q8_1", 10: "Q2_K", 11: "Q3_K", 12: "Q4_K", 13: "Q5_K", 14: "Q6_K", 15: "Q8_K",
            16: "IQ2_XXS", 17: "IQ2_XS", 18: "IQ3_XXS", 19: "IQ1_S", 20: "IQ4_NL", 21: "IQ3_S", 22: "IQ2_S",
            23: "IQ4_XS", 24: "I8", 25: "I16", 26: "I32", 27: "I64", 28: "F64", 29: "IQ1_M", 30: "BF16",
            34: "TQ1_0", 35: "TQ2_0", 39: "MXFP4",
        ]
        return names[raw] ?? "unknown type \(raw)"
    }
}
