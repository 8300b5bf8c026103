import SmolCore

/// Everything that can go wrong reading or writing a checkpoint container (safetensors, GGUF).
///
/// Every case names the file it concerns; `description` reads `path: what, and how to fix`.
public enum FormatError: Error, CustomStringConvertible, Sendable {
    /// The file could not be opened, stat'ed or mapped.
    case io(path: String, String)
    /// The file ends before a structure it declares (header, string, tensor data).
    case truncated(path: String, String)
    /// The declared header is larger than the file or than the 100 MB cap.
    case headerTooLarge(path: String, length: UInt64, limit: UInt64)
    /// The safetensors header is not valid UTF-8 JSON.
    case headerNotJSON(path: String, String)
    /// The safetensors header is JSON but not an object, or an entry has the wrong fields.
    case invalidHeader(path: String, String)
    /// A tensor's dtype string is not one this reader knows.
    case unknownDType(path: String, tensor: String, dtype: String)
    /// A shape has a negative dimension.
    case invalidShape(path: String, tensor: String, shape: [Int])
    /// The product of a shape (times the element size) does not fit in a 64-bit integer.
    case shapeOverflow(path: String, tensor: String)
    /// A tensor's byte range lies outside the data buffer or does not match dtype × shape.
    case offsetsOutOfBounds(path: String, tensor: String, String)
    /// Two tensors claim the same bytes.
    case overlappingTensors(path: String, first: String, second: String)
    /// The tensors leave bytes of the data buffer unclaimed.
    case notContiguous(path: String, String)
    /// A GGUF file does not start with the bytes `GGUF`.
    case badMagic(path: String, found: [UInt8])
    /// A GGUF version other than 2 or 3.
    case unsupportedVersion(path: String, version: UInt32)
    /// Tensor or key-value counts larger than the file could possibly hold.
    case countsTooLarge(path: String, tensors: UInt64, keyValues: UInt64, fileSize: Int)
    /// A GGUF string length runs past the end of the file.
    case stringOutOfBounds(path: String, offset: Int, length: UInt64)
    /// A GGUF metadata value type id outside the specification.
    case unknownValueType(path: String, key: String, type: UInt32)
    /// GGUF metadata that is structurally readable but invalid (duplicate keys, bad alignment, …).
    case invalidMetadata(path: String, String)
    /// A GGUF tensor uses a ggml type id this reader has no layout for.
    case unknownGGMLType(path: String, tensor: String, type: UInt32)
    /// A tensor's element type has no conversion to Float in this reader.
    case unsupportedConversion(path: String, tensor: String, type: String)
    /// No tensor of that name.
    case tensorNotFound(path: String, name: String)
    /// The caller asked for integers from a floating-point tensor (or the like).
    case wrongDType(path: String, tensor: String, dtype: String, wanted: String)
    /// A directory holds neither `model.safetensors` nor `model.safetensors.index.json`.
    case missingCheckpoint(directory: String)
    /// A `model.safetensors.index.json` that is unreadable or inconsistent with its shards.
    case invalidIndex(path: String, String)
    /// The tensors handed to a writer are inconsistent (duplicate names, value count ≠ shape).
    case invalidTensors(path: String, String)

    /// A JSON parse error as a clause inside a message: "line 1, column 2: reason" (no nested
    /// "error:" prefix), at most 200 characters.
    static func jsonProblem(_ error: any Error) -> String {
        guard let json = error as? JSONError else { return String(describing: error).prefix(200).description }
        return "line \(json.line), column \(json.column): \(json.reason)".prefix(200).description
    }

    /// `path: what, and how to fix`.
    public var description: String {
        switch self {
        case let .io(path, what):
            return "\(path): \(what), and check that the file exists and is readable"
        case let .truncated(path, what):
            return "\(path): file is truncated (\(what)); download or write it again"
        case let .headerTooLarge(path, length, limit):
            return "\(path): header declares \(length) bytes but at most \(limit) are possible; the file is corrupt or not this format"
        case let .headerNotJSON(path, what):
            return "\(path): safetensors header is not JSON (\(what)); the file is corrupt or not a safetensors file"
        case let .invalidHeader(path, what):
            return "\(path): invalid safetensors header: \(what); rewrite the file with a conforming writer"
        case let .unknownDType(path, tensor, dtype):
            return "\(path): tensor '\(tensor)' has unknown dtype '\(dtype)'; convert it to F32, F16 or BF16"
        case let .invalidShape(path, tensor, shape):
            return "\(path): tensor '\(tensor)' has shape \(shape) with a negative dimension; the header is corrupt"
        case let .shapeOverflow(path, tensor):
            return "\(path): tensor '\(tensor)' has a shape whose size overflows 64 bits; the header is corrupt"
        case let .offsetsOutOfBounds(path, tensor, what):
            return "\(path): tensor '\(tensor)' data offsets are invalid (\(what)); the file is corrupt or truncated"
        case let .overlappingTensors(path, first, second):
            return "\(path): tensors '\(first)' and '\(second)' overlap in the data buffer; rewrite the file"
        case let .notContiguous(path, what):
            return "\(path): tensor data does not cover the buffer contiguously (\(what)); rewrite the file"
        case let .badMagic(path, found):
            let hex = found.map { String($0, radix: 16) }.joined(separator: " ")
            return "\(path): not a GGUF file (magic bytes \(hex), expected 47 47 55 46 'GGUF')"
        case let .unsupportedVersion(path, version):
            return "\(path): GGUF version \(version) is not supported (2 and 3 are; a huge number means a big-endian file); convert it with a current llama.cpp"
        case let .countsTooLarge(path, tensors, keyValues, fileSize):
            return "\(path): header claims \(tensors) tensors and \(keyValues) metadata entries, impossible in \(fileSize) bytes; the file is corrupt"
        case let .stringOutOfBounds(path, offset, length):
            return "\(path): string at byte \(offset) claims \(length) bytes, past the end of the file; the file is corrupt or truncated"
        case let .unknownValueType(path, key, type):
            return "\(path): metadata '\(key)' has unknown value type \(type); the file is corrupt or from a newer GGUF"
        case let .invalidMetadata(path, what):
            return "\(path): invalid metadata: \(what)"
        case let .unknownGGMLType(path, tensor, type):
            return "\(path): tensor '\(tensor)' has ggml type \(type) (\(GGMLType.name(ofRawValue: type))), which this reader cannot lay out; requantise to Q8_0, Q4_0, Q4_1, F16 or F32"
        case let .unsupportedConversion(path, tensor, type):
            return "\(path): tensor '\(tensor)' of type \(type) cannot be converted to Float here; requantise to Q8_0, Q4_0, Q4_1, F16 or F32"
        case let .tensorNotFound(path, name):
            return "\(path): no tensor named '\(name)'; list the names to see what the file holds"
        case let .wrongDType(path, tensor, dtype, wanted):
            return "\(path): tensor '\(tensor)' is \(dtype), not \(wanted); read it with the matching accessor"
        case let .missingCheckpoint(directory):
            return "\(directory): neither model.safetensors nor model.safetensors.index.json is here; point at a Hugging Face checkpoint folder"
        case let .invalidIndex(path, what):
            return "\(path): invalid shard index: \(what); regenerate the index with the shards"
        case let .invalidTensors(path, what):
            return "\(path): cannot write: \(what); fix the tensor list"
        }
    }
}
