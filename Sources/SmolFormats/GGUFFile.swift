/// A GGUF (v2/v3) model file, memory-mapped and validated when opened.
///
/// Layout: magic `GGUF`, u32 version, u64 tensor count, u64 key-value count, the typed key-value
/// pairs, the tensor infos (name, u32 n_dims, u64 ne[n_dims], u32 ggml type, u64 offset), padding to
/// `general.alignment` (default 32), then the data section that tensor offsets are relative to.
///
/// Invariants checked by `init`:
/// 1. Every count, string length and array length fits in the bytes that remain, so a corrupt header
///    can neither read out of bounds nor make the reader allocate absurd amounts.
/// 2. Keys and tensor names are unique; `general.alignment`, when present, is a power of two.
/// 3. Every tensor has a known ggml type, non-negative dims whose product fits in any order (zeros aside), a row length that is a
///    multiple of its block size, an aligned offset, and data inside the file that overlaps no other tensor.
public final class GGUFFile: Sendable {
    /// Default data alignment when `general.alignment` is absent.
    public static let defaultAlignment = 32
    /// Deepest array nesting accepted in metadata (the spec allows arrays of arrays).
    static let maxArrayDepth = 8

    /// The path the file was opened from.
    public let path: String
    /// The format version (2 or 3).
    public let version: UInt32
    /// All metadata key-value pairs, in file order.
    public let metadata: [(key: String, value: GGUFValue)]
    /// All tensors, in file order.
    public let tensors: [GGUFTensorInfo]
    /// The data alignment in bytes.
    public let alignment: Int
    /// Absolute byte offset of the data section.
    public let dataOffset: Int
    private let metadataIndex: [String: Int]
    private let tensorIndex: [String: Int]
    private let file: MappedFile

    /// Opens, maps and validates `path`; throws `FormatError` describing the first problem found.
    public init(path: String) throws {
        let file = try MappedFile(path: path)
        self.file = file
        self.path = path
        var cursor = ByteCursor(file)
        guard file.count >= 4 else { throw FormatError.truncated(path: path, "\(file.count) bytes, too short for a GGUF header") }
        let magic = Array(file.slice(0, 4))
        guard magic == Array("GGUF".utf8) else { throw FormatError.badMagic(path: path, found: magic) }
        _ = try cursor.read(UInt32.self, "the magic")
        version = try cursor.read(UInt32.self, "the version")
        guard version == 2 || version == 3 else { throw FormatError.unsupportedVersion(path: path, version: version) }
        let tensorCount = try cursor.read(UInt64.self, "the tensor count")
        let kvCount = try cursor.read(UInt64.self, "the metadata count")
        // A key-value pair takes at least 13 bytes (u64 key length, u32 type, 1-byte value);
        // a tensor info at least 24 (u64 name length, u32 n_dims, u32 type, u64 offset).
        let room = UInt64(cursor.remaining)
        guard tensorCount <= room / 24, kvCount <= room / 13, tensorCount * 24 + kvCount * 13 <= room else {
            throw FormatError.countsTooLarge(path: path, tensors: tensorCount, keyValues: kvCount, fileSize: file.count)
        }

        var metadata: [(key: String, value: GGUFValue)] = []
        var metadataIndex: [String: Int] = [:]
        for _ in 0..<Int(kvCount) {
            let key = try cursor.readString("a metadata key")
            let type = try cursor.read(UInt32.self, "the type of '\(key)'")
            let value = try GGUFFile.readValue(type: type, key: key, from: &cursor, depth: 0)
            guard metadataIndex[key] == nil else {
                throw FormatError.invalidMetadata(path: path, "key '\(key)' appears twice; the file is corrupt")
            }
            metadataIndex[key] = metadata.count
            metadata.append((key, value))
        }
        self.metadata = metadata
        self.metadataIndex = metadataIndex

        var alignment = GGUFFile.defaultAlignment
        if let index = metadataIndex["general.alignment"] {
            guard let a = metadata[index].value.int, a > 0, a & (a - 1) == 0, a <= 1 << 20 else {
                throw FormatError.invalidMetadata(path: path, "general.alignment is \(metadata[index].value), not a power of two; the file is corrupt")
            }
            alignment = a
        }
        self.alignment = alignment

        var raw: [(name: String, ne: [Int], type: GGMLType, offset: Int)] = []
        for _ in 0..<Int(tensorCount) {
            raw.append(try GGUFFile.readTensorInfo(from: &cursor, alignment: alignment))
        }
        let dataOffset = (cursor.offset + alignment - 1) / alignment * alignment
        self.dataOffset = dataOffset
        (tensors, tensorIndex) = try GGUFFile.layOut(raw, dataOffset: dataOffset, fileSize: file.count, path: path)
    }

    /// The metadata value for `key`, if present.
    public func value(_ key: String) -> GGUFValue? {
        metadataIndex[key].map { metadata[$0].value }
    }

    /// The tensor info for `name`, if present.
    public func tensor(_ name: String) -> GGUFTensorInfo? {
        tensorIndex[name].map { tensors[$0] }
    }

    /// Calls `body` with the tensor's raw stored bytes (valid only inside `body`).
    public func withRawBytes<R>(of name: String, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        guard let info = tensor(name) else { throw FormatError.tensorNotFound(path: path, name: name) }
        return try body(file.slice(info.offset, info.byteCount))
    }

    /// The tensor's values as Float in its numpy-order shape (F32, F16, BF16, Q8_0, Q4_0, Q4_1, ints).
    public func floats(_ name: String) throws -> [Float] {
        guard let info = tensor(name) else { throw FormatError.tensorNotFound(path: path, name: name) }
        guard let values = Dequantize.floats(file.slice(info.offset, info.byteCount), type: info.type, count: info.elementCount) else {
            throw FormatError.unsupportedConversion(path: path, tensor: name, type: info.type.name)
        }
        return values
    }

    /// Reads one value of GGUF type id `type` (recursing into arrays up to `maxArrayDepth`).
    private static func readValue(type: UInt32, key: String, from cursor: inout ByteCursor, depth: Int) throws(FormatError) -> GGUFValue {
        switch type {
        case 0: return .uint8(try cursor.read(UInt8.self, "'\(key)'"))
        case 1: return .int8(try cursor.read(Int8.self, "'\(key)'"))
        case 2: return .uint16(try cursor.read(UInt16.self, "'\(key)'"))
        case 3: return .int16(try cursor.read(Int16.self, "'\(key)'"))
        case 4: return .uint32(try cursor.read(UInt32.self, "'\(key)'"))
        case 5: return .int32(try cursor.read(Int32.self, "'\(key)'"))
        case 6: return .float32(Float(bitPattern: try cursor.read(UInt32.self, "'\(key)'")))
        case 7:
            let byte = try cursor.read(UInt8.self, "'\(key)'")
            guard byte <= 1 else { throw .invalidMetadata(path: cursor.file.path, "'\(key)' holds bool byte \(byte), not 0 or 1") }
            return .bool(byte == 1)
        case 8: return .string(try cursor.readString("'\(key)'"))
        case 9:
            guard depth < maxArrayDepth else {
                throw .invalidMetadata(path: cursor.file.path, "'\(key)' nests arrays deeper than \(maxArrayDepth) levels")
            }
            let elementType = try cursor.read(UInt32.self, "the element type of '\(key)'")
            let count = try cursor.read(UInt64.self, "the length of '\(key)'")
            guard let minimum = minimumSize(ofType: elementType) else {
                throw .unknownValueType(path: cursor.file.path, key: key, type: elementType)
            }
            guard count <= UInt64(cursor.remaining / minimum) else {
                throw .truncated(path: cursor.file.path, "array '\(key)' claims \(count) elements, more than the \(cursor.remaining) remaining bytes hold")
            }
            var elements: [GGUFValue] = []
            elements.reserveCapacity(Int(count))
            for _ in 0..<Int(count) {
                elements.append(try readValue(type: elementType, key: key, from: &cursor, depth: depth + 1))
            }
            return .array(elements)
        case 10: return .uint64(try cursor.read(UInt64.self, "'\(key)'"))
        case 11: return .int64(try cursor.read(Int64.self, "'\(key)'"))
        case 12: return .float64(Double(bitPattern: try cursor.read(UInt64.self, "'\(key)'")))
        default: throw .unknownValueType(path: cursor.file.path, key: key, type: type)
        }
    }

    /// The fewest bytes one value of a type can take (nil for unknown types).
    private static func minimumSize(ofType type: UInt32) -> Int? {
        switch type {
        case 0, 1, 7: return 1
        case 2, 3: return 2
        case 4, 5, 6: return 4
        case 8, 10, 11, 12: return 8
        case 9: return 12
        default: return nil
        }
    }

    /// Reads one tensor info and checks its dims, type and offset alignment (invariant 3, first half).
    private static func readTensorInfo(from cursor: inout ByteCursor, alignment: Int) throws(FormatError) -> (name: String, ne: [Int], type: GGMLType, offset: Int) {
        let path = cursor.file.path
        let name = try cursor.readString("a tensor name")
        let dimCount = try cursor.read(UInt32.self, "the dimension count of '\(name)'")
        guard dimCount <= 4 else {
            throw .invalidMetadata(path: path, "tensor '\(name)' has \(dimCount) dimensions; ggml allows at most 4")
        }
        var ne: [Int] = []
        for _ in 0..<Int(dimCount) {
            let raw = try cursor.read(Int64.self, "a dimension of '\(name)'")
            guard raw >= 0 else { throw .invalidShape(path: path, tensor: name, shape: ne.reversed() + [Int(raw)]) }
            ne.append(Int(raw))
        }
        let typeID = try cursor.read(UInt32.self, "the type of '\(name)'")
        guard let type = GGMLType(rawValue: typeID) else { throw .unknownGGMLType(path: path, tensor: name, type: typeID) }
        let offset = try cursor.read(UInt64.self, "the offset of '\(name)'")
        guard offset <= UInt64(Int.max), Int(offset) % alignment == 0 else {
            throw .offsetsOutOfBounds(path: path, tensor: name, "offset \(offset) is not a multiple of the alignment \(alignment)")
        }
        return (name, ne, type, Int(offset))
    }

    /// Computes sizes and absolute offsets and checks bounds and overlaps (invariant 3, second half).
    private static func layOut(_ raw: [(name: String, ne: [Int], type: GGMLType, offset: Int)], dataOffset: Int,
                               fileSize: Int, path: String) throws(FormatError) -> ([GGUFTensorInfo], [String: Int]) {
        var infos: [GGUFTensorInfo] = []
        var index: [String: Int] = [:]
        for t in raw {
            // The product of the non-zero dims must fit, not just the running product: with a zero dim
            // first, [0, 2^40, 2^40] had a count of 0 while `elementCount` (reversed order) trapped.
            var nonZeroProduct = 1
            for d in t.ne where d != 0 {
                let (product, overflow) = nonZeroProduct.multipliedReportingOverflow(by: d)
                guard !overflow else { throw .shapeOverflow(path: path, tensor: t.name) }
                nonZeroProduct = product
            }
            let count = t.ne.contains(0) ? 0 : nonZeroProduct
            let rowLength = t.ne.first ?? 1
            guard rowLength % t.type.blockSize == 0 else {
                throw .invalidMetadata(path: path, "tensor '\(t.name)' rows of \(rowLength) are not a multiple of the \(t.type.name) block size \(t.type.blockSize)")
            }
            let (bytes, overflow) = (count / t.type.blockSize).multipliedReportingOverflow(by: t.type.blockBytes)
            guard !overflow else { throw .shapeOverflow(path: path, tensor: t.name) }
            guard t.offset <= fileSize - dataOffset, bytes <= fileSize - dataOffset - t.offset else {
                throw .offsetsOutOfBounds(path: path, tensor: t.name,
                                          "\(bytes) bytes at data offset \(t.offset) run past the end of the \(fileSize)-byte file")
            }
            guard index[t.name] == nil else { throw .invalidMetadata(path: path, "tensor '\(t.name)' appears twice; the file is corrupt") }
            index[t.name] = infos.count
            infos.append(GGUFTensorInfo(name: t.name, shape: t.ne.reversed(), type: t.type, offset: dataOffset + t.offset, byteCount: bytes))
        }
        let sorted = infos.sorted { ($0.offset, $0.byteCount) < ($1.offset, $1.byteCount) }
        for (a, b) in zip(sorted, sorted.dropFirst()) where b.offset < a.offset + a.byteCount {
            throw .overlappingTensors(path: path, first: a.name, second: b.name)
        }
        return (infos, index)
    }
}
