/// Where one tensor of a GGUF file lives and how it is stored.
public struct GGUFTensorInfo: Sendable, Equatable {
    /// The tensor's GGUF name (e.g. `blk.0.attn_q.weight`).
    public let name: String
    /// The shape in numpy / Hugging Face order: ggml's `ne` reversed, so a matrix is [rows, cols].
    public let shape: [Int]
    /// The storage type.
    public let type: GGMLType
    /// Absolute byte offset of the tensor's data from the start of the file.
    public let offset: Int
    /// Bytes of data (`elementCount / type.blockSize × type.blockBytes`).
    public let byteCount: Int

    /// Number of elements (product of the shape).
    public var elementCount: Int { shape.reduce(1, *) }
}
