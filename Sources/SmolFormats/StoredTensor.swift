/// One tensor inside a memory-mapped safetensors file: name, dtype, shape and a view of its bytes.
///
/// The tensor keeps the file's mapping alive, so it stays valid after the `SafeTensorsFile` is gone.
public struct StoredTensor: Sendable {
    /// The tensor's name in the file (e.g. `model.layers.0.self_attn.q_proj.weight`).
    public let name: String
    /// The stored element type.
    public let dtype: DType
    /// The shape, outermost dimension first (row-major, as PyTorch/numpy).
    public let shape: [Int]
    /// Number of bytes of data (`elementCount × dtype.byteSize`).
    public let byteCount: Int
    let file: MappedFile
    let byteOffset: Int

    init(name: String, dtype: DType, shape: [Int], file: MappedFile, byteOffset: Int, byteCount: Int) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.file = file
        self.byteOffset = byteOffset
        self.byteCount = byteCount
    }

    /// Number of elements (product of the shape; 1 for a scalar).
    public var elementCount: Int { shape.reduce(1, *) }

    /// The path of the file this tensor lives in.
    public var path: String { file.path }

    /// Calls `body` with the raw little-endian bytes of the tensor (valid only inside `body`).
    public func withRawBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(file.slice(byteOffset, byteCount))
    }

    /// The values converted to Float (F32 copied; F16/BF16/F64 converted; integers and bools cast).
    public func floats() throws -> [Float] {
        ElementConversion.floats(file.slice(byteOffset, byteCount), dtype: dtype, count: elementCount)
    }

    /// The values of an integer (or bool) tensor as Int64; throws for floating-point dtypes.
    public func int64s() throws -> [Int64] {
        guard dtype.isInteger else {
            throw FormatError.wrongDType(path: file.path, tensor: name, dtype: dtype.rawValue, wanted: "an integer dtype")
        }
        return ElementConversion.int64s(file.slice(byteOffset, byteCount), dtype: dtype, count: elementCount)
    }
}
