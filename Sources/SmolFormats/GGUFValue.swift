/// A typed GGUF metadata value (type ids 0…12 of the GGUF specification).
public indirect enum GGUFValue: Sendable, Equatable {
    case uint8(UInt8), int8(Int8), uint16(UInt16), int16(Int16), uint32(UInt32), int32(Int32)
    case uint64(UInt64), int64(Int64), float32(Float), float64(Double), bool(Bool), string(String)
    case array([GGUFValue])

    /// Any integer value as Int (nil for non-integers and for UInt64 values above Int.max).
    public var int: Int? {
        switch self {
        case let .uint8(v): return Int(v)
        case let .int8(v): return Int(v)
        case let .uint16(v): return Int(v)
        case let .int16(v): return Int(v)
        case let .uint32(v): return Int(v)
        case let .int32(v): return Int(v)
        case let .uint64(v): return Int(exactly: v)
        case let .int64(v): return Int(v)
        default: return nil
        }
    }

    /// Any numeric value as Double (integers converted; nil for bool, string, array).
    public var double: Double? {
        switch self {
        case let .float32(v): return Double(v)
        case let .float64(v): return v
        default: return int.map(Double.init)
        }
    }

    /// The boolean, when this is one.
    public var bool: Bool? { if case let .bool(v) = self { v } else { nil } }

    /// The string, when this is one.
    public var string: String? { if case let .string(v) = self { v } else { nil } }

    /// The elements, when this is an array.
    public var array: [GGUFValue]? { if case let .array(v) = self { v } else { nil } }

    /// The elements as strings, when this is an array of strings only.
    public var strings: [String]? { all(\.string) }

    /// The elements as Ints, when this is an array of integers only.
    public var ints: [Int]? { all(\.int) }

    /// The elements as Doubles, when this is an array of numbers only.
    public var doubles: [Double]? { all(\.double) }

    /// Every element converted by `convert`, or nil when this is not an array or any element fails.
    private func all<T>(_ convert: (GGUFValue) -> T?) -> [T]? {
        guard let array else { return nil }
        var out: [T] = []
        out.reserveCapacity(array.count)
        for element in array {
            guard let v = convert(element) else { return nil }
            out.append(v)
        }
        return out
    }
}

extension GGUFValue: CustomStringConvertible {
    /// The value as a user reads it in an error message: numbers plain, strings quoted, arrays by length.
    public var description: String {
        switch self {
        case let .uint8(v): return "\(v)"
        case let .int8(v): return "\(v)"
        case let .uint16(v): return "\(v)"
        case let .int16(v): return "\(v)"
        case let .uint32(v): return "\(v)"
        case let .int32(v): return "\(v)"
        case let .uint64(v): return "\(v)"
        case let .int64(v): return "\(v)"
        case let .float32(v): return "\(v)"
        case let .float64(v): return "\(v)"
        case let .bool(v): return "\(v)"
        case let .string(v): return "'\(v)'"
        case let .array(v): return "an array of \(v.count) values"
        }
    }
}
