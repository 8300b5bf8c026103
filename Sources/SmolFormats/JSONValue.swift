import Foundation

/// A parsed JSON value, strict about numbers: integers stay exact, floats never pass as integers.
enum JSONValue: Decodable, Sendable {
    case null, bool(Bool), int(Int), double(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null; return }
        if let value = try? container.decode(Bool.self) { self = .bool(value); return }
        if let value = try? container.decode(Int.self) { self = .int(value); return }
        if let value = try? container.decode(Double.self) { self = .double(value); return }
        if let value = try? container.decode(String.self) { self = .string(value); return }
        if let value = try? container.decode([JSONValue].self) { self = .array(value); return }
        self = .object(try container.decode([String: JSONValue].self))
    }

    /// Parses `bytes` as one JSON value; nil with a reason when they are not JSON.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> Result<JSONValue, Error> {
        let data = Data(bytes)
        return Result { try JSONDecoder().decode(JSONValue.self, from: data) }
    }

    /// The integer, when this is one.
    var int: Int? { if case let .int(v) = self { v } else { nil } }
    /// The string, when this is one.
    var string: String? { if case let .string(v) = self { v } else { nil } }
    /// The elements, when this is an array.
    var array: [JSONValue]? { if case let .array(v) = self { v } else { nil } }
    /// The members, when this is an object.
    var object: [String: JSONValue]? { if case let .object(v) = self { v } else { nil } }
}
