import Foundation
import Testing
@testable import SmolFormats

@Suite("SafeTensorsCheckpoint")
struct SafeTensorsCheckpointTests {
    private func writeIndex(_ map: [String: String], in dir: TemporaryDirectory) throws {
        let json = try JSONSerialization.data(withJSONObject: ["metadata": ["total_size": 0], "weight_map": map], options: [.sortedKeys])
        try json.write(to: URL(fileURLWithPath: dir.file("model.safetensors.index.json")))
    }

    @Test func loadsTwoShardsThroughTheIndex() throws {
        let dir = try TemporaryDirectory()
        try SafeTensorsWriter.write([("a", [2], [1, 2]), ("b", [1], [3])], to: dir.file("model-00001-of-00002.safetensors"))
        try SafeTensorsWriter.write([("c", [2, 1], [4, 5])], dtype: .bf16, to: dir.file("model-00002-of-00002.safetensors"))
        try writeIndex(["a": "model-00001-of-00002.safetensors", "b": "model-00001-of-00002.safetensors",
                        "c": "model-00002-of-00002.safetensors"], in: dir)
        let tensors = try SafeTensorsCheckpoint.load(directory: dir.path)
        #expect(tensors.keys.sorted() == ["a", "b", "c"])
        #expect(try tensors["a"]?.floats() == [1, 2])
        #expect(try tensors["b"]?.floats() == [3])
        #expect(tensors["c"]?.dtype == .bf16)
        #expect(tensors["c"]?.shape == [2, 1])
        #expect(try tensors["c"]?.floats() == [4, 5])
    }

    @Test func singleFileWins() throws {
        let root = try TestPaths.requireFixtures()
        let tensors = try SafeTensorsCheckpoint.load(directory: root + "/tiny-qwen2")
        #expect(tensors.count == 26)
        #expect(tensors["model.layers.0.self_attn.q_proj.bias"] != nil)
    }

    @Test func emptyFolderIsMissingCheckpoint() throws {
        let dir = try TemporaryDirectory()
        guard case .missingCheckpoint = expectFormatError({ _ = try SafeTensorsCheckpoint.load(directory: dir.path) }) else {
            Issue.record("wrong error"); return
        }
    }

    @Test func indexNamingAnAbsentTensor() throws {
        let dir = try TemporaryDirectory()
        try SafeTensorsWriter.write([("a", [1], [1])], to: dir.file("s1.safetensors"))
        try writeIndex(["a": "s1.safetensors", "ghost": "s1.safetensors"], in: dir)
        guard case .invalidIndex = expectFormatError({ _ = try SafeTensorsCheckpoint.load(directory: dir.path) }) else {
            Issue.record("wrong error"); return
        }
    }

    @Test func tensorInTwoShards() throws {
        let dir = try TemporaryDirectory()
        try SafeTensorsWriter.write([("a", [1], [1])], to: dir.file("s1.safetensors"))
        try SafeTensorsWriter.write([("a", [1], [2])], to: dir.file("s2.safetensors"))
        try writeIndex(["a": "s1.safetensors", "b": "s2.safetensors"], in: dir)
        guard case .invalidIndex = expectFormatError({ _ = try SafeTensorsCheckpoint.load(directory: dir.path) }) else {
            Issue.record("wrong error"); return
        }
    }

    @Test func shardOutsideTheFolder() throws {
        let dir = try TemporaryDirectory()
        try writeIndex(["a": "../elsewhere.safetensors"], in: dir)
        guard case .invalidIndex = expectFormatError({ _ = try SafeTensorsCheckpoint.load(directory: dir.path) }) else {
            Issue.record("wrong error"); return
        }
    }

    @Test func missingShardIsIOError() throws {
        let dir = try TemporaryDirectory()
        try writeIndex(["a": "absent.safetensors"], in: dir)
        guard case .io = expectFormatError({ _ = try SafeTensorsCheckpoint.load(directory: dir.path) }) else {
            Issue.record("wrong error"); return
        }
    }
}
