import Foundation
import Testing
@testable import SmolFormats

@Suite("SafeTensorsFile")
struct SafeTensorsFileTests {
    /// Every *.safetensors under the fixtures opens, and every tensor converts to the right count.
    @Test func readsEveryFixture() throws {
        let root = try TestPaths.requireFixtures()
        let files = FileManager.default.enumerator(atPath: root)!.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".safetensors") }.sorted()
        #expect(files.count >= 14)
        for relative in files {
            let file = try SafeTensorsFile(path: root + "/" + relative)
            #expect(!file.names.isEmpty, "\(relative)")
            #expect(file.names == file.names.sorted())
            for name in file.names {
                let tensor = try #require(file[name])
                #expect(tensor.name == name)
                #expect(try tensor.floats().count == tensor.shape.reduce(1, *), "\(relative) \(name)")
            }
        }
    }

    @Test func tinyLlamaNamesDTypesAndShapes() throws {
        let root = try TestPaths.requireFixtures()
        let model = try SafeTensorsFile(path: root + "/tiny-llama-a/model.safetensors")
        #expect(model.metadata == ["format": "pt"])
        #expect(model.names.count == 20)
        let embed = try #require(model["model.embed_tokens.weight"])
        #expect(embed.dtype == .f32)
        #expect(embed.shape == [320, 64])
        // 2 KV heads × head_dim 16 = 32 rows for k/v; 4 heads × 16 = 64 for q.
        #expect(model["model.layers.0.self_attn.k_proj.weight"]?.shape == [32, 64])
        #expect(model["model.layers.0.self_attn.q_proj.weight"]?.shape == [64, 64])
        #expect(model["model.layers.1.mlp.down_proj.weight"]?.shape == [64, 176])
        #expect(model["model.norm.weight"]?.shape == [64])
        #expect(model["lm_head.weight"] == nil)  // tied embeddings
        let values = try embed.floats()
        #expect(values.allSatisfy { $0.isFinite })
        #expect(values.contains { $0 != 0 })
    }

    @Test func goldenInputIdsAreInt64() throws {
        let root = try TestPaths.requireFixtures()
        let golden = try SafeTensorsFile(path: root + "/tiny-llama-a/golden_forward.safetensors")
        #expect(golden.metadata.isEmpty)
        let ids = try #require(golden["input_ids"])
        #expect(ids.dtype == .i64)
        #expect(ids.shape == [2, 24])
        let values = try ids.int64s()
        #expect(values.count == 48)
        #expect(values.allSatisfy { (0..<320).contains($0) })
        #expect(try ids.floats() == values.map(Float.init))
        let logits = try #require(golden["logits"])
        #expect(logits.shape == [2, 24, 320])
        #expect(throws: FormatError.self) { try logits.int64s() }
    }

    /// The bf16 fixture holds the f32 weights rounded to bfloat16 (round to nearest even).
    @Test func bf16FixtureMatchesRoundedF32() throws {
        let root = try TestPaths.requireFixtures()
        let f32 = try SafeTensorsFile(path: root + "/tiny-llama-a/model.safetensors")
        let bf16 = try SafeTensorsFile(path: root + "/tiny-llama-a-bf16/model.safetensors")
        #expect(bf16.names == f32.names)
        for name in bf16.names {
            let stored = try #require(bf16[name]), reference = try #require(f32[name])
            #expect(stored.dtype == .bf16)
            #expect(stored.shape == reference.shape)
            let converted = try stored.floats()
            let expected = try reference.floats().map { Float(bitPattern: UInt32(ElementConversion.bfloat(from: $0)) << 16) }
            #expect(converted == expected, "\(name)")
        }
    }

    // MARK: - Malformed files, one per invariant

    /// Writes `[u64 header length][header][data]`; the length defaults to the header's size.
    private func raw(_ dir: TemporaryDirectory, header: String, data: [UInt8], declaredLength: UInt64? = nil) throws -> String {
        var w = ByteWriter()
        w.u64(declaredLength ?? UInt64(header.utf8.count))
        w.bytes += Array(header.utf8) + data
        return try dir.write(w.bytes, "bad.safetensors")
    }

    @Test func acceptsHandBuiltValidFile() throws {
        let dir = try TemporaryDirectory()
        let path = try raw(dir, header: #"{"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#,
                           data: f32Bytes([1, 2, 3, 4]))
        let file = try SafeTensorsFile(path: path)
        #expect(file.names == ["a", "b"])
        #expect(try file["a"]?.floats() == [1, 2])
        #expect(try file["b"]?.floats() == [3, 4])
    }

    @Test func headerLongerThanFile() throws {
        let dir = try TemporaryDirectory()
        let path = try raw(dir, header: "{}", data: [], declaredLength: 1000)
        guard case .headerTooLarge(_, 1000, 2) = expectFormatError({ _ = try SafeTensorsFile(path: path) }) else {
            Issue.record("wrong error"); return
        }
    }

    @Test func headerOverCap() throws {
        let dir = try TemporaryDirectory()
        let path = try raw(dir, header: "{}", data: [], declaredLength: 200_000_000)
        guard case .headerTooLarge(_, _, SafeTensorsFile.maxHeaderBytes) = expectFormatError({ _ = try SafeTensorsFile(path: path) }) else {
            Issue.record("wrong error"); return
        }
    }

    @Test func fileShorterThanLengthPrefix() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write([1, 2, 3], "short.safetensors")
        guard case .truncated = expectFormatError({ _ = try SafeTensorsFile(path: path) }) else { Issue.record("wrong error"); return }
    }

    @Test func nonJSONHeader() throws {
        let dir = try TemporaryDirectory()
        let path = try raw(dir, header: "{not json at all", data: [])
        guard case .headerNotJSON = expectFormatError({ _ = try SafeTensorsFile(path: path) }) else { Issue.record("wrong error"); return }
    }

    @Test func headerNotAnObject() throws {
        let dir = try TemporaryDirectory()
        let path = try raw(dir, header: "[1, 2, 3]", data: [])
        guard case .invalidHeader = expectFormatError({ _ = try SafeTensorsFile(path: path) }) else { Issue.record("wrong error"); return }
    }

    @Test func unknownDType() throws {
        let dir = try TemporaryDirectory()
        let path = try raw(dir, header: #"{"x":{"dtype":"F8_E4M3","shape":[4],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0])
        guard case .unknownDType(_, "x", "F8_E4M3") = expectFormatError({ _ = try SafeTensorsFile(path: path) }) else {
            Issue.record("wrong error"); return
        }
    }

    @Test func negativeDimension() throws {
        let dir = try TemporaryDirectory()
        let path = try raw(dir, header: #"{"x":{"dtype":"F32","shape":[-1,4],"data_offsets":[0,0]}}"#, data: [])
        guard case .invalidShape(_, "x", [-1, 4]) = expectFormatError({ _ = try SafeTensorsFile(path: path) }) else {
            Issue.record("wrong error"); return
        }
    }

    @Test func shapeProductOverflows() throws {
        let dir = try TemporaryDirectory()
        let path = try raw(dir, header: #"{"x":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,16]}}"#, data: f32Bytes([1, 2, 3, 4]))
        guard case .shapeOverflow(_, "x") = expectFormatError({ _ = try SafeTensorsFile(path: path) }) else {
            Issue.record("wrong error"); return
        }
    }

    @Test func nonIntegralDimensionIsRejected() throws {
        let dir = try TemporaryDirectory()
        let path = try raw(dir, header: #"{"x":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}}"#, data: f32Bytes([1, 2]))
        guard case .shapeOverflow(_, "x") = expectFormatError({ _ = try SafeTensorsFile(path: path) }) else {
            Issue.record("wrong error"); return
        }
    }

    @Test func nonIntegralOffsetIsRejected() throws {
        let dir = try TemporaryDirectory()
        for offsets in ["[0,8.5]", "[0.5,8]", "[0,\"8\"]", "[0]"] {
            let path = try raw(dir, header: #"{"x":{"dtype":"F32","shape":[2],"data_offsets":\#(offsets)}}"#, data: f32Bytes([1, 2]))
            guard case .invalidHeader = expectFormatError({ _ = try SafeTensorsFile(path: path) }) else {
                Issue.record("wrong error for \(offsets)"); return
            }
        }
    }

    @Test func integersUpTo2To53AreExact() throws {
        // 2^53 − 1 bytes of U8: shape and offsets agree exactly, so the only problem is the missing data.
        let dir = try TemporaryDirectory()
        let path = try raw(dir, header: #"{"x":{"dtype":"U8","shape":[9007199254740991],"data_offsets":[0,9007199254740991]}}"#, data: [])
        guard case .truncated = expectFormatError({ _ = try SafeTensorsFile(path: path) }) else { Issue.record("wrong error"); return }
    }

    @Test func integersBeyond2To53AreRefusedNotRounded() throws {
        // 2^53 + 1 would parse as 2^53; the reader refuses it instead of using a wrong size.
        let dir = try TemporaryDirectory()
        let path = try raw(dir, header: #"{"x":{"dtype":"U8","shape":[9007199254740993],"data_offsets":[0,9007199254740993]}}"#, data: [])
        guard case .shapeOverflow(_, "x") = expectFormatError({ _ = try SafeTensorsFile(path: path) }) else {
            Issue.record("wrong error"); return
        }
        let offsets = try raw(dir, header: #"{"x":{"dtype":"U8","shape":[0],"data_offsets":[9007199254740993,9007199254740993]}}"#, data: [])
        guard case .invalidHeader = expectFormatError({ _ = try SafeTensorsFile(path: offsets) }) else { Issue.record("wrong error"); return }
    }

    @Test func duplicateKeysAreNotJSONForTheReader() throws {
        // The safetensors format disallows duplicate keys; a lenient parser would silently keep one.
        let dir = try TemporaryDirectory()
        let path = try raw(dir, header: #"{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#,
                           data: f32Bytes([1]))
        guard case let .headerNotJSON(_, reason) = expectFormatError({ _ = try SafeTensorsFile(path: path) }) else {
            Issue.record("wrong error"); return
        }
        #expect(reason.contains("duplicate key \"x\""))
        // One "error:" per message: the parser's position reads as a clause, not a nested diagnostic.
        #expect(reason.hasPrefix("line 1, column ") && !reason.contains("error:"))
    }

    @Test func offsetsDisagreeWithShape() throws {
        let dir = try TemporaryDirectory()
        let path = try raw(dir, header: #"{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,16]}}"#, data: f32Bytes([1, 2, 3, 4]))
        guard case .offsetsOutOfBounds(_, "x", _) = expectFormatError({ _ = try SafeTensorsFile(path: path) }) else {
            Issue.record("wrong error"); return
        }
    }

    @Test func offsetsPastTheBuffer() throws {
        let dir = try TemporaryDirectory()
        let path = try raw(dir, header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4096,4104]}}"#,
                           data: f32Bytes([1, 2, 3, 4]))
        guard case .offsetsOutOfBounds(_, "b", _) = expectFormatError({ _ = try SafeTensorsFile(path: path) }) else {
            Issue.record("wrong error"); return
        }
    }

    @Test func overlappingTensors() throws {
        let dir = try TemporaryDirectory()
        let path = try raw(dir, header: #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,12]},"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}"#,
                           data: f32Bytes([1, 2, 3, 4]))
        guard case .overlappingTensors(_, "a", "b") = expectFormatError({ _ = try SafeTensorsFile(path: path) }) else {
            Issue.record("wrong error"); return
        }
    }

    @Test func gapBetweenTensors() throws {
        let dir = try TemporaryDirectory()
        let path = try raw(dir, header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}"#,
                           data: f32Bytes([1, 2, 3, 4]))
        guard case .notContiguous = expectFormatError({ _ = try SafeTensorsFile(path: path) }) else { Issue.record("wrong error"); return }
    }

    @Test func trailingBytesAfterLastTensor() throws {
        let dir = try TemporaryDirectory()
        let path = try raw(dir, header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, data: f32Bytes([1, 2, 3]))
        guard case .notContiguous = expectFormatError({ _ = try SafeTensorsFile(path: path) }) else { Issue.record("wrong error"); return }
    }

    @Test func truncatedFixture() throws {
        let root = try TestPaths.requireFixtures()
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: root + "/tiny-llama-a/model.safetensors")))
        let dir = try TemporaryDirectory()
        let path = try dir.write(Array(bytes.dropLast(1000)), "cut.safetensors")
        guard case .truncated = expectFormatError({ _ = try SafeTensorsFile(path: path) }) else { Issue.record("wrong error"); return }
    }

    @Test func metadataMustBeStrings() throws {
        let dir = try TemporaryDirectory()
        let path = try raw(dir, header: #"{"__metadata__":{"format":3}}"#, data: [])
        guard case .invalidHeader = expectFormatError({ _ = try SafeTensorsFile(path: path) }) else { Issue.record("wrong error"); return }
    }

    @Test func missingFileIsIOError() throws {
        guard case .io = expectFormatError({ _ = try SafeTensorsFile(path: "/nonexistent/model.safetensors") }) else {
            Issue.record("wrong error"); return
        }
    }
}

/// The safetensors side of the GGUF fuzz finding: a zero dim must not hide an overflowing product.
extension SafeTensorsFileTests {
    @Test func hugeDimsAroundAZeroAreRefusedInAnyOrder() throws {
        let dir = try TemporaryDirectory()
        for shape in ["[0,1099511627776,1099511627776]", "[1099511627776,0,1099511627776]"] {
            let path = try raw(dir, header: #"{"x":{"dtype":"F32","shape":\#(shape),"data_offsets":[0,0]}}"#, data: [])
            guard case .shapeOverflow(_, "x") = expectFormatError({ _ = try SafeTensorsFile(path: path) }) else {
                Issue.record("wrong error for \(shape)"); return
            }
        }
        let path = try raw(dir, header: #"{"x":{"dtype":"F32","shape":[0,1048576],"data_offsets":[0,0]}}"#, data: [])
        let file = try SafeTensorsFile(path: path)
        #expect(try file.tensor("x").elementCount == 0)
    }
}
