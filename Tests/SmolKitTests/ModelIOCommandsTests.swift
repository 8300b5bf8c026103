import Foundation
import SmolCore
import SmolFormats
import SmolScript
import Testing
@testable import SmolKit

/// model.load / model.save / model.info: dtypes, destinations, tokenizers and the store's copies.
@Suite struct ModelIOCommandsTests {
    /// The message of a script that must fail.
    static func failure(_ t: TestSession, _ source: String) -> String? {
        do { try t.run(source) } catch { return "\(error)" }
        return nil
    }

    @Test func savingOverAFileSaysWhatToDo() throws {
        let t = try TestSession()
        try Data("x".utf8).write(to: URL(fileURLWithPath: t.directory + "/taken"))
        let message = try #require(Self.failure(t, #"model.save(model.init(preset: "tiny", seed: 1), "taken")"#))
        #expect(message.contains("exists and is a file; give the path of a new or empty folder"), "\(message)")
        #expect(!message.contains("NSCocoaErrorDomain"))
    }

    @Test func aBadConfigSaysErrorOnceAndNamesTheField() throws {
        let t = try TestSession()
        try Data(#"{"model_type":"llama","vocab_size":10,"hidden_size":8,"intermediate_size":16,"num_hidden_layers":1,"num_attention_heads":2,"rms_norm_eps":-1}"#.utf8)
            .write(to: URL(fileURLWithPath: t.directory + "/config.json"))
        let message = try #require(Self.failure(t, #"model.init(config: "config.json")"#))
        #expect(message.components(separatedBy: "error:").count == 2, "\(message)")
        #expect(message.contains("rms_norm_eps is -1.0"), "\(message)")
    }

    @Test func aHugeInitIsRefusedBeforeAllocating() throws {
        let t = try TestSession()
        try Data(#"{"model_type":"llama","vocab_size":10,"hidden_size":8,"intermediate_size":16,"num_hidden_layers":2000000000,"num_attention_heads":2}"#.utf8)
            .write(to: URL(fileURLWithPath: t.directory + "/config.json"))
        let message = try #require(Self.failure(t, #"model.init(config: "config.json")"#))
        #expect(message.contains("more than half of this machine's memory"), "\(message)")
    }

    @Test func infoDescribesTheDtypeOfThisModelAndSaveKeepsIt() throws {
        let t = try TestSession()
        let fixtures = try fixturesDirectory()
        try t.run("""
        let a = model.load("\(fixtures)/tiny-llama-a")
        let b = model.load("\(fixtures)/tiny-llama-a-bf16")
        print(model.info(a).dtype)
        print(model.info(b).dtype)
        print(model.info(a).tokenizer)
        model.save(b, "b16")
        model.save(b, "b32", dtype: "f32")
        let back = model.load("b16")
        print(model.info(back).dtype)
        print(back.hash == b.hash)
        """)
        #expect(t.lines == ["f32", "bf16", "true", "bf16", "true"])
        let b16 = try SafeTensorsFile(path: t.directory + "/b16/model.safetensors")
        let b32 = try SafeTensorsFile(path: t.directory + "/b32/model.safetensors")
        #expect(b16.allTensors.values.allSatisfy { $0.dtype == .bf16 } && b32.allTensors.values.allSatisfy { $0.dtype == .f32 })
        #expect(Self.failure(t, "model.save(model.load(\"b16\"), \"b8\", dtype: \"int8\")")?.contains(#"must be one of "f32", "bf16", "f16""#) == true)
    }

    @Test func aTokenizerCanBeAttachedToAModelThatHasNone() throws {
        let t = try TestSession()
        let fixtures = try fixturesDirectory()
        try t.run("""
        let bare = model.load("\(fixtures)/tiny-qwen2")
        print(model.info(bare).tokenizer)
        print(bare)
        let tok = tokenizer.load("\(fixtures)/tiny-llama-a")
        let m = model.load("\(fixtures)/tiny-qwen2", tokenizer: tok)
        print(model.info(m).tokenizer)
        print(len(model.generate(m, "hello", max_tokens: 2)) >= 0)
        """)
        #expect(t.lines.count == 4 && t.lines[0] == "false" && t.lines[1].contains("(no tokenizer)") && t.lines[2] == "true")
    }

    @Test func reloadingAStoredModelLinksTheStoredObjectsInsteadOfCopyingThem() throws {
        let first = try TestSession()
        let fixtures = try fixturesDirectory()
        let script = "let m = model.load(\"\(fixtures)/tiny-llama-a-bf16\")\nprint(model.info(m).parameters)"
        try first.run(script)
        // A second session answers model.load from the ledger; saving needs the weights, which are
        // reloaded from the store.
        let second = try TestSession(directory: first.directory)
        try second.run(script + "\nmodel.save(m, \"copy\")")
        let cache = first.directory + "/ws/cache/models"
        let folders = try FileManager.default.contentsOfDirectory(atPath: cache)
        #expect(folders.count == 1)
        let weights = cache + "/" + folders[0] + "/model.safetensors"
        let target = try FileManager.default.destinationOfSymbolicLink(atPath: weights)
        #expect(target.hasPrefix(first.directory + "/ws/objects/"))
        // The stored weights are bf16, as loaded: half the size of float32.
        let size = try #require(try FileManager.default.attributesOfItem(atPath: target)[.size] as? Int)
        let parameters = try #require(Int(second.lines.last ?? ""))
        #expect(size < parameters * 2 + 16_384)
    }

    @Test func loadingRecordsEveryFileItReadsAsAnInput() throws {
        let t = try TestSession()
        let folder = t.directory + "/checkpoint"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for name in ["config.json", "model.safetensors", "tokenizer.json"] {
            try FileManager.default.copyItem(atPath: try fixturesDirectory() + "/tiny-llama-a/" + name, toPath: folder + "/" + name)
        }
        try t.run(#"let m = model.load("checkpoint")"# + "\n" + #"let tok = tokenizer.load("checkpoint/tokenizer.json")"#)
        let commands = try t.session.workspace.ledger.commands(session: try t.session.beginLedgerSession())
        let load = try #require(commands.first { $0.name == "model.load" })
        #expect(load.inputs.map { $0.name ?? "" } == ["path/config.json", "path/model.safetensors", "path/tokenizer.json"])
        for input in load.inputs {
            let file = folder + "/" + (input.name ?? "").dropFirst("path/".count)
            #expect(input.sha256 == (try FileDigest(ofFileAt: file)).sha256)
        }
        let tokenizer = try #require(commands.first { $0.name == "tokenizer.load" })
        #expect(tokenizer.inputs.map(\.sha256) == [try FileDigest(ofFileAt: folder + "/tokenizer.json").sha256])
    }
}
