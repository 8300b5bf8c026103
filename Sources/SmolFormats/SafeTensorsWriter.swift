import SmolCore

/// Writes safetensors files that `transformers` and `safetensors` load, with deterministic bytes.
///
/// Invariants:
/// 1. Same tensors, dtype and metadata ⇒ identical bytes: tensors sorted by name, header keys in a
///    fixed order, no whitespace except the trailing spaces that pad the header.
/// 2. The header is padded with spaces so the data buffer starts at a multiple of 8 bytes.
/// 3. Tensor data is laid out contiguously in name order, so the file passes `SafeTensorsFile`'s checks.
/// 4. The file appears atomically (`AtomicFile`): a crash leaves the old file or none, never half of one.
public enum SafeTensorsWriter {
    /// Writes `tensors` as `dtype` (F32, F16 or BF16; rounding to nearest even) to `path`.
    public static func write(_ tensors: [(name: String, shape: [Int], values: [Float])], dtype: DType = .f32,
                             metadata: [String: String] = ["format": "pt"], to path: String) throws {
        guard dtype == .f32 || dtype == .f16 || dtype == .bf16 else {
            throw FormatError.invalidTensors(path: path, "dtype \(dtype.rawValue) is not writable; use F32, F16 or BF16")
        }
        let sorted = tensors.sorted { $0.name < $1.name }
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.name == b.name {
            throw FormatError.invalidTensors(path: path, "tensor '\(a.name)' is given twice")
        }
        for t in sorted {
            if t.name == "__metadata__" { throw FormatError.invalidTensors(path: path, "'__metadata__' is reserved") }
            guard t.shape.allSatisfy({ $0 >= 0 }) else {
                throw FormatError.invalidTensors(path: path, "tensor '\(t.name)' has negative dims \(t.shape)")
            }
            let (count, overflow) = t.shape.reduce((1, false)) { acc, d in
                let (p, o) = acc.0.multipliedReportingOverflow(by: d)
                return (p, acc.1 || o)
            }
            guard !overflow, count == t.values.count else {
                throw FormatError.invalidTensors(path: path, "tensor '\(t.name)' has \(t.values.count) values but shape \(t.shape)")
            }
        }
        let header = headerBytes(sorted.map { ($0.name, $0.shape, $0.values.count) }, dtype: dtype, metadata: metadata)
        try AtomicFile.write(to: path) { fd in
            var length = UInt64(header.count).littleEndian
            try withUnsafeBytes(of: &length) { try AtomicFile.writeAll(fd, $0) }
            try header.withUnsafeBytes { try AtomicFile.writeAll(fd, $0) }
            for t in sorted { try writeValues(t.values, dtype: dtype, fd: fd) }
        }
    }

    /// The JSON header, space-padded to a multiple of 8 bytes.
    static func headerBytes(_ tensors: [(name: String, shape: [Int], count: Int)], dtype: DType,
                            metadata: [String: String]) -> [UInt8] {
        var parts: [String] = []
        if !metadata.isEmpty {
            let members = metadata.keys.sorted().map { "\(jsonString($0)):\(jsonString(metadata[$0]!))" }
            parts.append("\"__metadata__\":{\(members.joined(separator: ","))}")
        }
        var offset = 0
        for t in tensors {
            let end = offset + t.count * dtype.byteSize
            let shape = t.shape.map(String.init).joined(separator: ",")
            parts.append("\(jsonString(t.name)):{\"dtype\":\"\(dtype.rawValue)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        var bytes = Array("{\(parts.joined(separator: ","))}".utf8)
        while bytes.count % 8 != 0 { bytes.append(0x20) }
        return bytes
    }

    /// A JSON string literal for `s`, escaped as `SmolCore`'s serializer (and serde_json) do.
    static func jsonString(_ s: String) -> String { JSONValue.string(s).compactText() }

    /// Encodes and writes values in chunks of 64 Ki elements.
    private static func writeValues(_ values: [Float], dtype: DType, fd: Int32) throws {
        let chunk = 1 << 16
        var buffer = [UInt8](repeating: 0, count: chunk * dtype.byteSize)
        var start = 0
        while start < values.count {
            let end = min(start + chunk, values.count)
            let n = end - start
            try buffer.withUnsafeMutableBytes { out in
                let base = out.baseAddress!
                for i in 0..<n {
                    let v = values[start + i]
                    switch dtype {
                    case .f16: base.storeBytes(of: ElementConversion.half(from: v).littleEndian, toByteOffset: i * 2, as: UInt16.self)
                    case .bf16: base.storeBytes(of: ElementConversion.bfloat(from: v).littleEndian, toByteOffset: i * 2, as: UInt16.self)
                    default: base.storeBytes(of: v.bitPattern.littleEndian, toByteOffset: i * 4, as: UInt32.self)
                    }
                }
                try AtomicFile.writeAll(fd, UnsafeRawBufferPointer(rebasing: out[0..<(n * dtype.byteSize)]))
            }
            start = end
        }
    }
}
