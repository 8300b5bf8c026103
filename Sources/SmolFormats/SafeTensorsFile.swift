import SmolCore

/// A safetensors file, memory-mapped and fully validated when opened.
///
/// Layout: 8-byte little-endian header length N, N bytes of UTF-8 JSON (optionally padded with spaces),
/// then the data buffer. The JSON maps each tensor name to `{dtype, shape, data_offsets: [begin, end]}`
/// (offsets relative to the buffer) plus an optional `__metadata__` string→string object.
///
/// Invariants checked by `init` (no tensor is handed out before all hold):
/// 1. N ≤ 100 MB and 8 + N ≤ file size.
/// 2. The header is a strict JSON object (`SmolCore.JSONParser`: no duplicate keys); every entry has a
///    known dtype, non-negative integer dims, and two integer offsets with begin ≤ end, every integer
///    exact (at most 2^53 − 1; larger ones are refused, never rounded).
/// 3. shape product × element size fits in Int (the product of the non-zero dims too, so any order of
///    multiplying them is safe) and equals end − begin.
/// 4. Sorted by begin, the tensors neither overlap nor leave gaps, start at 0 and end exactly at the
///    end of the buffer (a shorter buffer is reported as truncation, a stray range as out of bounds).
public final class SafeTensorsFile: Sendable {
    /// Largest header accepted (the reference implementation's cap).
    public static let maxHeaderBytes: UInt64 = 100_000_000

    /// The path the file was opened from.
    public let path: String
    /// The `__metadata__` strings (empty when absent).
    public let metadata: [String: String]
    private let tensors: [String: StoredTensor]

    /// Opens, maps and validates `path`; throws `FormatError` describing the first problem found.
    public init(path: String) throws {
        let file = try MappedFile(path: path)
        self.path = path
        (metadata, tensors) = try SafeTensorsFile.parse(file)
    }

    /// Tensor names, sorted.
    public var names: [String] { tensors.keys.sorted() }

    /// All tensors by name.
    public var allTensors: [String: StoredTensor] { tensors }

    /// The tensor called `name`, if present.
    public subscript(name: String) -> StoredTensor? { tensors[name] }

    /// The tensor called `name`, or a `tensorNotFound` error naming the file.
    public func tensor(_ name: String) throws -> StoredTensor {
        guard let tensor = tensors[name] else { throw FormatError.tensorNotFound(path: path, name: name) }
        return tensor
    }

    private struct Entry {
        let name: String, dtype: DType, shape: [Int], begin: Int, end: Int
    }

    private static func parse(_ file: MappedFile) throws(FormatError) -> ([String: String], [String: StoredTensor]) {
        let path = file.path
        guard file.count >= 8 else {
            throw .truncated(path: path, "\(file.count) bytes, shorter than the 8-byte header length")
        }
        let headerLength = file.bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
        guard headerLength <= maxHeaderBytes else {
            throw .headerTooLarge(path: path, length: headerLength, limit: maxHeaderBytes)
        }
        guard headerLength <= UInt64(file.count - 8) else {
            throw .headerTooLarge(path: path, length: headerLength, limit: UInt64(file.count - 8))
        }
        let dataStart = 8 + Int(headerLength)
        let bufferSize = file.count - dataStart

        let json: JSONValue
        do {
            json = try file.slice(8, Int(headerLength)).withMemoryRebound(to: UInt8.self) { try JSONParser.parse($0) }
        } catch {
            throw .headerNotJSON(path: path, FormatError.jsonProblem(error))
        }
        guard let object = json.objectValue else { throw .invalidHeader(path: path, "the header is not a JSON object") }

        var metadata: [String: String] = [:]
        var entries: [Entry] = []
        for (name, value) in object {
            if name == "__metadata__" {
                guard let members = value.objectValue else { throw .invalidHeader(path: path, "__metadata__ is not an object") }
                for (key, member) in members {
                    guard let string = member.stringValue else {
                        throw .invalidHeader(path: path, "__metadata__['\(key)'] is not a string")
                    }
                    metadata[key] = string
                }
                continue
            }
            entries.append(try entry(name, value, bufferSize: bufferSize, path: path))
        }

        try checkLayout(entries, bufferSize: bufferSize, path: path)
        var tensors: [String: StoredTensor] = [:]
        for e in entries {
            tensors[e.name] = StoredTensor(name: e.name, dtype: e.dtype, shape: e.shape, file: file,
                                           byteOffset: dataStart + e.begin, byteCount: e.end - e.begin)
        }
        return (metadata, tensors)
    }

    /// Validates one header entry (invariants 2 and 3).
    private static func entry(_ name: String, _ value: JSONValue, bufferSize: Int, path: String) throws(FormatError) -> Entry {
        guard value.objectValue != nil else { throw .invalidHeader(path: path, "entry '\(name)' is not an object") }
        guard let dtypeName = value["dtype"]?.stringValue else {
            throw .invalidHeader(path: path, "tensor '\(name)' has no string 'dtype'")
        }
        guard let dtype = DType(rawValue: dtypeName) else { throw .unknownDType(path: path, tensor: name, dtype: dtypeName) }
        guard let dims = value["shape"]?.arrayValue else { throw .invalidHeader(path: path, "tensor '\(name)' has no 'shape' array") }
        var shape: [Int] = []
        for dim in dims {
            guard let d = dim.intValue else {
                throw .shapeOverflow(path: path, tensor: name)  // fractions, numbers beyond ±(2^53 − 1), or junk
            }
            shape.append(d)
        }
        guard shape.allSatisfy({ $0 >= 0 }) else { throw .invalidShape(path: path, tensor: name, shape: shape) }
        // Zeros aside, the product must fit, so callers may multiply the dims in any order (a running
        // product stops overflowing at the first 0, but [0, 2^40, 2^40]'s rows × cols would not).
        var nonZeroBytes = dtype.byteSize
        for d in shape where d != 0 {
            let (product, overflow) = nonZeroBytes.multipliedReportingOverflow(by: d)
            guard !overflow else { throw .shapeOverflow(path: path, tensor: name) }
            nonZeroBytes = product
        }
        let byteCount = shape.contains(0) ? 0 : nonZeroBytes
        guard let offsets = value["data_offsets"]?.arrayValue, offsets.count == 2,
              let begin = offsets[0].intValue, let end = offsets[1].intValue else {
            throw .invalidHeader(path: path, "tensor '\(name)' needs 'data_offsets' as two integers below 2^53")
        }
        guard begin >= 0, end >= begin else {
            throw .offsetsOutOfBounds(path: path, tensor: name, "[\(begin), \(end)) is not a valid range")
        }
        guard end - begin == byteCount else {
            throw .offsetsOutOfBounds(path: path, tensor: name,
                                      "[\(begin), \(end)) holds \(end - begin) bytes but \(dtypeName) \(shape) needs \(byteCount)")
        }
        return Entry(name: name, dtype: dtype, shape: shape, begin: begin, end: end)
    }

    /// Checks that the ranges tile the buffer exactly (invariant 4).
    private static func checkLayout(_ entries: [Entry], bufferSize: Int, path: String) throws(FormatError) {
        let sorted = entries.sorted { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        var cursor = 0
        var previous: String? = nil
        var firstGap: String? = nil
        for e in sorted {
            if e.begin < cursor {
                throw .overlappingTensors(path: path, first: previous ?? "", second: e.name)
            }
            if e.begin > cursor, firstGap == nil {
                firstGap = "bytes [\(cursor), \(e.begin)) before '\(e.name)' belong to no tensor"
            }
            cursor = e.end
            previous = e.name
        }
        if firstGap == nil, cursor > bufferSize {
            throw .truncated(path: path, "tensor data needs \(cursor) bytes after the header but only \(bufferSize) are present")
        }
        for e in sorted where e.end > bufferSize {
            throw .offsetsOutOfBounds(path: path, tensor: e.name,
                                      "[\(e.begin), \(e.end)) runs past the \(bufferSize)-byte data buffer")
        }
        if let firstGap { throw .notContiguous(path: path, firstGap) }
        if cursor < bufferSize {
            throw .notContiguous(path: path, "\(bufferSize - cursor) trailing bytes after the last tensor belong to no tensor")
        }
    }
}
