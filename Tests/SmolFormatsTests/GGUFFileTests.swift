import Foundation
import Testing
@testable import SmolFormats

@Suite("GGUFFile")
struct GGUFFileTests {
    /// A small valid file: metadata of several types, an F32 matrix and a Q8_0 row.
    private func validBuilder() -> GGUFBuilder {
        var b = GGUFBuilder()
        b.addString("general.architecture", "llama")
        b.addUInt32("llama.block_count", 2)
        b.add("llama.rope.freq_base", type: 6) { $0.f32(10000) }
        b.add("general.flag", type: 7) { $0.u8(1) }
        b.add("general.big", type: 10) { $0.u64(1 << 40) }
        b.addStrings("tokenizer.ggml.tokens", ["a", "b", "ab"])
        b.add("nested", type: 9) { w in
            w.u32(9); w.u64(2)
            w.u32(5); w.u64(1); w.u32(UInt32(bitPattern: -7))
            w.u32(0); w.u64(2); w.u8(1); w.u8(2)
        }
        b.addTensor("m.weight", ne: [3, 2], type: .f32, data: f32Bytes([1, 2, 3, 4, 5, 6]))
        var q8 = ByteWriter()
        q8.u16(Float16(0.5).bitPattern)
        for j in 0..<32 { q8.u8(UInt8(bitPattern: Int8(j - 16))) }
        b.addTensor("q.weight", ne: [32], type: .q8_0, data: q8.bytes)
        return b
    }

    @Test func readsHandBuiltFile() throws {
        let dir = try TemporaryDirectory()
        let file = try GGUFFile(path: dir.write(validBuilder().bytes(), "ok.gguf"))
        #expect(file.version == 3)
        #expect(file.alignment == 32)
        #expect(file.metadata.map(\.key) == ["general.architecture", "llama.block_count", "llama.rope.freq_base",
                                             "general.flag", "general.big", "tokenizer.ggml.tokens", "nested"])
        #expect(file.value("general.architecture")?.string == "llama")
        #expect(file.value("llama.block_count")?.int == 2)
        #expect(file.value("llama.rope.freq_base")?.double == 10000)
        #expect(file.value("general.flag")?.bool == true)
        #expect(file.value("general.big")?.int == 1 << 40)
        #expect(file.value("tokenizer.ggml.tokens")?.strings == ["a", "b", "ab"])
        #expect(file.value("nested") == .array([.array([.int32(-7)]), .array([.uint8(1), .uint8(2)])]))
        #expect(file.value("missing") == nil)
        #expect(file.tensors.map(\.name) == ["m.weight", "q.weight"])
        let m = try #require(file.tensor("m.weight"))
        #expect(m.shape == [2, 3])  // ggml ne [3, 2] reversed
        #expect(m.type == .f32)
        #expect(m.offset % 32 == 0 && m.offset == file.dataOffset)
        #expect(try file.floats("m.weight") == [1, 2, 3, 4, 5, 6])
        #expect(try file.floats("q.weight") == (0..<32).map { Float($0 - 16) * 0.5 })
        guard case .tensorNotFound = expectFormatError({ _ = try file.floats("nope") }) else { Issue.record("wrong error"); return }
    }

    @Test func honoursGeneralAlignment() throws {
        var b = validBuilder()
        b.alignment = 64
        b.addUInt32("general.alignment", 64)
        let dir = try TemporaryDirectory()
        let file = try GGUFFile(path: dir.write(b.bytes(), "a64.gguf"))
        #expect(file.alignment == 64)
        #expect(file.dataOffset % 64 == 0)
        #expect(try file.floats("q.weight") == (0..<32).map { Float($0 - 16) * 0.5 })
    }

    @Test func versionTwoIsAccepted() throws {
        var b = validBuilder()
        b.version = 2
        let dir = try TemporaryDirectory()
        #expect(try GGUFFile(path: dir.write(b.bytes(), "v2.gguf")).version == 2)
    }

    // MARK: - Malformed files

    private func open(_ bytes: [UInt8]) throws -> FormatError? {
        let dir = try TemporaryDirectory()
        let path = try dir.write(bytes, "bad.gguf")
        return expectFormatError { _ = try GGUFFile(path: path) }
    }

    @Test func badMagic() throws {
        var bytes = validBuilder().bytes()
        bytes[0] = 0x47; bytes[3] = 0x00
        guard case .badMagic(_, [0x47, 0x47, 0x55, 0x00]) = try open(bytes) else { Issue.record("wrong error"); return }
    }

    @Test func unsupportedVersion() throws {
        var b = validBuilder()
        b.version = 1
        guard case .unsupportedVersion(_, 1) = try open(b.bytes()) else { Issue.record("wrong error"); return }
    }

    @Test func absurdCounts() throws {
        var b = validBuilder()
        b.tensorCount = 1 << 40
        guard case .countsTooLarge = try open(b.bytes()) else { Issue.record("wrong error"); return }
        b = validBuilder()
        b.keyValueCount = UInt64.max
        guard case .countsTooLarge = try open(b.bytes()) else { Issue.record("wrong error"); return }
    }

    @Test func stringLengthPastEnd() throws {
        var b = GGUFBuilder()
        b.add("name", type: 8) { w in w.u64(1 << 50); w.bytes += Array("short".utf8) }
        guard case .stringOutOfBounds(_, _, 1 << 50) = try open(b.bytes()) else { Issue.record("wrong error"); return }
    }

    @Test func keyLengthPastEnd() throws {
        var w = ByteWriter()
        w.bytes = Array("GGUF".utf8)
        w.u32(3); w.u64(0); w.u64(1)
        w.u64(UInt64.max); w.bytes += [UInt8](repeating: 65, count: 16)
        guard case .stringOutOfBounds = try open(w.bytes) else { Issue.record("wrong error"); return }
    }

    @Test func unknownValueType() throws {
        var b = validBuilder()
        b.add("weird", type: 13) { $0.u32(0) }
        guard case .unknownValueType(_, "weird", 13) = try open(b.bytes()) else { Issue.record("wrong error"); return }
    }

    @Test func unknownArrayElementType() throws {
        var b = validBuilder()
        b.add("weird", type: 9) { w in w.u32(77); w.u64(1); w.u32(0) }
        guard case .unknownValueType(_, "weird", 77) = try open(b.bytes()) else { Issue.record("wrong error"); return }
    }

    @Test func arrayLongerThanFile() throws {
        var b = validBuilder()
        b.add("huge", type: 9) { w in w.u32(4); w.u64(1 << 60) }
        guard case .truncated = try open(b.bytes()) else { Issue.record("wrong error"); return }
    }

    @Test func arraysNestedTooDeep() throws {
        var b = GGUFBuilder()
        b.add("deep", type: 9) { w in
            for _ in 0..<100 { w.u32(9); w.u64(1) }
            w.u32(0); w.u64(0)
        }
        guard case .invalidMetadata = try open(b.bytes()) else { Issue.record("wrong error"); return }
    }

    @Test func duplicateKey() throws {
        var b = validBuilder()
        b.addString("general.architecture", "again")
        guard case .invalidMetadata = try open(b.bytes()) else { Issue.record("wrong error"); return }
    }

    @Test func alignmentNotPowerOfTwo() throws {
        var b = validBuilder()
        b.addUInt32("general.alignment", 24)
        guard case .invalidMetadata = try open(b.bytes()) else { Issue.record("wrong error"); return }
    }

    @Test func truncatedInsideMetadata() throws {
        // Byte 190 falls inside the u64 value of "general.big" (header 24 + 139 bytes of earlier keys + 27).
        let bytes = validBuilder().bytes()
        guard case .truncated = try open(Array(bytes.prefix(190))) else { Issue.record("wrong error"); return }
    }

    @Test func tensorDataPastEnd() throws {
        let bytes = validBuilder().bytes()
        guard case .offsetsOutOfBounds(_, "q.weight", _) = try open(Array(bytes.dropLast(10))) else {
            Issue.record("wrong error"); return
        }
    }

    @Test func tensorOffsetFarAway() throws {
        var b = validBuilder()
        b.tensors[1].offset = 1 << 40
        guard case .offsetsOutOfBounds(_, "q.weight", _) = try open(b.bytes()) else { Issue.record("wrong error"); return }
    }

    @Test func misalignedTensorOffset() throws {
        var b = validBuilder()
        b.tensors[1].offset = 33
        guard case .offsetsOutOfBounds(_, "q.weight", _) = try open(b.bytes()) else { Issue.record("wrong error"); return }
    }

    @Test func overlappingTensors() throws {
        var b = validBuilder()
        b.tensors[1].offset = 0
        b.tensors[1].data = []
        var bytes = b.bytes()
        bytes += [UInt8](repeating: 0, count: 64)
        guard case .overlappingTensors(_, _, _) = try open(bytes) else { Issue.record("wrong error"); return }
    }

    @Test func unknownGGMLType() throws {
        var b = validBuilder()
        b.tensors[0].type = 99
        guard case .unknownGGMLType(_, "m.weight", 99) = try open(b.bytes()) else { Issue.record("wrong error"); return }
        #expect(FormatError.unknownGGMLType(path: "f", tensor: "t", type: 16).description.contains("IQ2_XXS"))
    }

    @Test func dimsOverflow() throws {
        var b = validBuilder()
        b.tensors[0].ne = [1 << 32, 1 << 32, 1 << 32]
        guard case .shapeOverflow(_, "m.weight") = try open(b.bytes()) else { Issue.record("wrong error"); return }
    }

    @Test func negativeDim() throws {
        var b = validBuilder()
        b.tensors[0].ne = [3, -2]
        guard case .invalidShape(_, "m.weight", _) = try open(b.bytes()) else { Issue.record("wrong error"); return }
    }

    @Test func tooManyDims() throws {
        var b = validBuilder()
        b.tensors[0].ne = [1, 1, 1, 1, 6]
        guard case .invalidMetadata = try open(b.bytes()) else { Issue.record("wrong error"); return }
    }

    @Test func rowNotMultipleOfBlock() throws {
        var b = validBuilder()
        b.tensors[1].ne = [16, 2]
        guard case .invalidMetadata = try open(b.bytes()) else { Issue.record("wrong error"); return }
    }

    @Test func layoutOnlyTypeCannotBeDequantised() throws {
        var b = validBuilder()
        b.addTensor("k.weight", ne: [256], type: .q4_K, data: [UInt8](repeating: 0, count: 144))
        let dir = try TemporaryDirectory()
        let file = try GGUFFile(path: dir.write(b.bytes(), "k.gguf"))
        #expect(file.tensor("k.weight")?.byteCount == 144)
        guard case .unsupportedConversion(_, "k.weight", "Q4_K") = expectFormatError({ _ = try file.floats("k.weight") }) else {
            Issue.record("wrong error"); return
        }
    }
}

/// Inputs found by `scripts/fuzz.sh gguf` (libFuzzer + ASan), minimised; each used to crash.
@Suite("GGUFFile fuzz regressions")
struct GGUFFileFuzzRegressionTests {
    @Test func zeroDimBeforeHugeDimsIsAnOverflowNotATrap() throws {
        // Minimised fuzz input: a tensor with ne [0, 2^40, 2^40]-like dims passed the running-product check
        // (0 × anything = 0) and `elementCount`, multiplying the reversed shape, trapped in floats().
        let crash = Array(Data(base64Encoded: "R0dVRgMAAAACAAAAAAAAAAEAAAAAAAAAFAAAAAAAAABlbmVyYWwuYXJjaGkARGVmYmlnCgAAAAABAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAEQAAAAAAAABsbGFtYS5ibG9ja19jb3VudAQAAAAAAAAAAAAAAGxsYW1hLmJsb2Nrc3JvdW50AAAAAAAAAAAAAAAAAAAAAAAAABYXGRwdHgAAABw=")!)
        let dir = try TemporaryDirectory()
        let path = try dir.write(crash, "crash.gguf")
        guard case .shapeOverflow(_, "llama.block_count") = expectFormatError({ _ = try GGUFFile(path: path) }) else {
            Issue.record("wrong error"); return
        }
    }

    @Test func hugeDimsAfterAZeroAreRefusedInAnyOrder() throws {
        let dir = try TemporaryDirectory()
        for ne: [Int64] in [[0, 1 << 40, 1 << 40], [1 << 40, 0, 1 << 40], [1 << 40, 1 << 40, 0]] {
            var b = GGUFBuilder()
            b.addTensor("m.weight", ne: ne, type: .f32, data: [])
            guard case .shapeOverflow(_, "m.weight") = expectFormatError({ _ = try GGUFFile(path: dir.write(b.bytes(), "z.gguf")) }) else {
                Issue.record("wrong error for \(ne)"); return
            }
        }
        var empty = GGUFBuilder()
        empty.addTensor("e.weight", ne: [0, 1 << 20], type: .f32, data: [])
        let file = try GGUFFile(path: dir.write(empty.bytes(), "e.gguf"))
        #expect(file.tensor("e.weight")?.elementCount == 0)
        #expect(try file.floats("e.weight") == [])
    }
}
