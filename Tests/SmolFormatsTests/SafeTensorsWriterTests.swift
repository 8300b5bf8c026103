import Foundation
import SmolCore
import Testing
@testable import SmolFormats

@Suite("SafeTensorsWriter")
struct SafeTensorsWriterTests {
    private let sample: [(name: String, shape: [Int], values: [Float])] = [
        ("z.bias", [3], [0.1, -2.5, 65504]),
        ("a.weight", [2, 3], [1, 1.0 / 3.0, -0.0, 1e-8, 3.14159265, -1234.5678]),
        ("scalar", [], [42]),
        ("empty", [0, 4], []),
    ]

    @Test(arguments: [DType.f32, .f16, .bf16])
    func roundTrip(dtype: DType) throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("rt.safetensors")
        try SafeTensorsWriter.write(sample, dtype: dtype, metadata: ["format": "pt", "note": "a \"quoted\"\nvalue"], to: path)
        let file = try SafeTensorsFile(path: path)
        #expect(file.names == ["a.weight", "empty", "scalar", "z.bias"])
        #expect(file.metadata == ["format": "pt", "note": "a \"quoted\"\nvalue"])
        for t in sample {
            let stored = try #require(file[t.name])
            #expect(stored.dtype == dtype)
            #expect(stored.shape == t.shape)
            let expected: [Float] = switch dtype {
            case .f16: t.values.map { Float(Float16($0)) }
            case .bf16: t.values.map { Float(bitPattern: UInt32(ElementConversion.bfloat(from: $0)) << 16) }
            default: t.values
            }
            #expect(try stored.floats().map(\.bitPattern) == expected.map(\.bitPattern), "\(t.name)")
        }
    }

    @Test(arguments: [DType.f32, .f16, .bf16])
    func bytesAreDeterministicAndAligned(dtype: DType) throws {
        let dir = try TemporaryDirectory()
        let first = dir.file("one.safetensors"), second = dir.file("two.safetensors")
        try SafeTensorsWriter.write(sample, dtype: dtype, metadata: ["b": "2", "a": "1"], to: first)
        try SafeTensorsWriter.write(sample.reversed(), dtype: dtype, metadata: ["a": "1", "b": "2"], to: second)
        #expect(try SHA256.hex(ofFileAt: first) == SHA256.hex(ofFileAt: second))
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: first)))
        let headerLength = Int(bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
        #expect((8 + headerLength) % 8 == 0)
        let header = String(decoding: bytes[8..<(8 + headerLength)], as: UTF8.self)
        #expect(header.hasPrefix(#"{"__metadata__":{"a":"1","b":"2"},"a.weight":{"dtype":"\#(dtype.rawValue)","shape":[2,3],"data_offsets":[0,"#))
        #expect(header.trimmingCharacters(in: .whitespaces).hasSuffix("}"))
        #expect(bytes.count == 8 + headerLength + 10 * dtype.byteSize)
    }

    /// Rewriting the HF-written fixtures reproduces them byte for byte (F32, and F32 → BF16).
    @Test func reproducesTransformersFilesExactly() throws {
        let root = try TestPaths.requireFixtures()
        let source = try SafeTensorsFile(path: root + "/tiny-llama-a/model.safetensors")
        let tensors = try source.names.map { name in
            let t = try #require(source[name])
            return (name: name, shape: t.shape, values: try t.floats())
        }
        let dir = try TemporaryDirectory()
        try SafeTensorsWriter.write(tensors, dtype: .f32, to: dir.file("f32.safetensors"))
        #expect(try SHA256.hex(ofFileAt: dir.file("f32.safetensors")) == SHA256.hex(ofFileAt: root + "/tiny-llama-a/model.safetensors"))
        try SafeTensorsWriter.write(tensors, dtype: .bf16, to: dir.file("bf16.safetensors"))
        #expect(try SHA256.hex(ofFileAt: dir.file("bf16.safetensors")) == SHA256.hex(ofFileAt: root + "/tiny-llama-a-bf16/model.safetensors"))
    }

    @Test func noMetadataOmitsTheKey() throws {
        let dir = try TemporaryDirectory()
        try SafeTensorsWriter.write([("x", [1], [1])], metadata: [:], to: dir.file("x.safetensors"))
        let file = try SafeTensorsFile(path: dir.file("x.safetensors"))
        #expect(file.metadata.isEmpty)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: dir.file("x.safetensors")))
        #expect(!String(decoding: bytes, as: UTF8.self).contains("__metadata__"))
    }

    @Test func unusualNamesSurviveEscaping() throws {
        let dir = try TemporaryDirectory()
        let names = ["quote\"d", "back\\slash", "tab\tand\u{1}ctl", "ünïcødé ✓"]
        try SafeTensorsWriter.write(names.map { ($0, [1], [1]) }, to: dir.file("n.safetensors"))
        #expect(try SafeTensorsFile(path: dir.file("n.safetensors")).names == names.sorted())
    }

    @Test func headerEscapesNamesLikeSerdeJSON() {
        // Short escapes for \b \f \n \r \t, lowercase \u00xx for other controls, raw UTF-8 otherwise.
        let header = SafeTensorsWriter.headerBytes([("q\"\\\u{8}\u{C}\u{1}é", [1], 1)], dtype: .f32, metadata: ["k": "v\n"])
        let text = String(decoding: header, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        #expect(text == #"{"__metadata__":{"k":"v\n"},"q\"\\\b\f\u0001é":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#)
    }

    @Test func rejectsInconsistentTensorsAndKeepsTheOldFile() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("keep.safetensors")
        try SafeTensorsWriter.write([("x", [2], [1, 2])], to: path)
        let before = try SHA256.hex(ofFileAt: path)
        guard case .invalidTensors = expectFormatError({ try SafeTensorsWriter.write([("x", [2, 2], [1, 2])], to: path) }) else {
            Issue.record("wrong error"); return
        }
        guard case .invalidTensors = expectFormatError({ try SafeTensorsWriter.write([("x", [1], [1]), ("x", [1], [2])], to: path) }) else {
            Issue.record("wrong error"); return
        }
        guard case .invalidTensors = expectFormatError({ try SafeTensorsWriter.write([("x", [1], [1])], dtype: .i64, to: path) }) else {
            Issue.record("wrong error"); return
        }
        #expect(try SHA256.hex(ofFileAt: path) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["keep.safetensors"])
    }
}
