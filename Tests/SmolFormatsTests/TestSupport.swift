import Foundation
import SmolTestSupport
import Testing
@testable import SmolFormats

/// Locations of the golden fixtures (Tests/Fixtures) and downloaded files.
enum TestPaths {
    /// The repository root (the folder holding Package.swift).
    static var repositoryRoot: String { Repository.root }

    /// The fixtures folder, or a test failure naming it when it is missing.
    static func requireFixtures() throws -> String {
        try #require(FileManager.default.fileExists(atPath: Repository.fixtures + "/tiny-llama-a/model.safetensors"),
                     "golden fixtures missing from \(Repository.fixtures); regenerate with scripts/fixtures/make-fixtures.py")
        return Repository.fixtures
    }

    /// The real SmolLM2 GGUF fetched by scripts/fetch-smollm2.sh.
    static let smolLM2GGUF = repositoryRoot + "/downloads/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
}

/// A fresh temporary directory, removed when the value is deinitialised.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "smolformats-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// A path inside the directory.
    func file(_ name: String) -> String { path + "/" + name }

    /// Writes raw bytes to `name` and returns its path.
    func write(_ bytes: [UInt8], _ name: String) throws -> String {
        let p = file(name)
        try Data(bytes).write(to: URL(fileURLWithPath: p))
        return p
    }
}

/// Appends little-endian scalars and GGUF strings to a byte array.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    mutating func i64(_ v: Int64) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    mutating func f32(_ v: Float) { u32(v.bitPattern) }
    mutating func string(_ s: String) { u64(UInt64(s.utf8.count)); bytes += Array(s.utf8) }
    mutating func pad(to alignment: Int) { while bytes.count % alignment != 0 { bytes.append(0) } }
}

/// A tiny GGUF writer for building valid and deliberately broken test files.
struct GGUFBuilder {
    struct Tensor {
        var name: String
        var ne: [Int64]          // ggml order: innermost first
        var type: UInt32
        var data: [UInt8]
        var offset: UInt64? = nil  // nil: packed after the previous tensor, aligned
    }

    var version: UInt32 = 3
    var tensorCount: UInt64? = nil  // nil: the real count
    var keyValueCount: UInt64? = nil
    var metadata: [(String, (inout ByteWriter) -> Void)] = []
    var tensors: [Tensor] = []
    var alignment = 32

    /// Adds a key with a raw type id and a value encoder.
    mutating func add(_ key: String, type: UInt32, _ encode: @escaping (inout ByteWriter) -> Void) {
        metadata.append((key, { w in w.u32(type); encode(&w) }))
    }

    mutating func addString(_ key: String, _ value: String) { add(key, type: 8) { $0.string(value) } }
    mutating func addUInt32(_ key: String, _ value: UInt32) { add(key, type: 4) { $0.u32(value) } }

    /// Adds an array of strings.
    mutating func addStrings(_ key: String, _ values: [String]) {
        add(key, type: 9) { w in
            w.u32(8); w.u64(UInt64(values.count))
            for v in values { w.string(v) }
        }
    }

    mutating func addTensor(_ name: String, ne: [Int64], type: GGMLType, data: [UInt8]) {
        tensors.append(Tensor(name: name, ne: ne, type: type.rawValue, data: data))
    }

    func bytes() -> [UInt8] {
        var w = ByteWriter()
        w.bytes = Array("GGUF".utf8)
        w.u32(version)
        w.u64(tensorCount ?? UInt64(tensors.count))
        w.u64(keyValueCount ?? UInt64(metadata.count))
        for (key, encode) in metadata { w.string(key); encode(&w) }
        var offsets: [UInt64] = []
        var next: UInt64 = 0
        for t in tensors {
            let offset = t.offset ?? next
            offsets.append(offset)
            next = (offset + UInt64(t.data.count) + UInt64(alignment) - 1) / UInt64(alignment) * UInt64(alignment)
        }
        for (t, offset) in zip(tensors, offsets) {
            w.string(t.name); w.u32(UInt32(t.ne.count))
            for d in t.ne { w.i64(d) }
            w.u32(t.type); w.u64(offset)
        }
        w.pad(to: alignment)
        let dataStart = w.bytes.count
        for (t, offset) in zip(tensors, offsets) where t.offset == nil {
            w.bytes += [UInt8](repeating: 0, count: dataStart + Int(offset) - w.bytes.count)
            w.bytes += t.data
        }
        return w.bytes
    }
}

/// Encodes Floats as little-endian F32 bytes.
func f32Bytes(_ values: [Float]) -> [UInt8] {
    var w = ByteWriter()
    for v in values { w.f32(v) }
    return w.bytes
}

/// Runs `body`, requires it to throw a `FormatError`, and returns it.
func expectFormatError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> FormatError? {
    do {
        try body()
        Issue.record("expected a FormatError, but nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as FormatError {
        #expect(!error.description.isEmpty, sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected a FormatError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
