import Foundation
import SmolCore
import SmolFormats
import SmolModels
import SmolTestSupport
@testable import SmolTraining
import Testing

/// The TRL bundle (`TRLBundle`, `TrainingRecipe.trlArguments`) and the import of a finished run
/// (`TrainerOutput`, invariants 1–2), on a real trainer_state.json from the CPU cross-check
/// (scripts/bridge-crosscheck.sh, Tests/Fixtures/bridge/) and on corrupt or partial folders.
@Suite struct TRLBundleTests {
    func recipe(_ method: TrainingRecipe.Method, loss: PreferenceLoss.Kind = .dpoNorm, clip: Double = 0,
                schedule: TrainingSettings.Schedule = .linear, smoothing: Double = 0) -> TrainingRecipe {
        TrainingRecipe(method: method, settings: TrainingSettings(learningRate: 1e-3, totalSteps: 6, warmupSteps: 1, schedule: schedule, maxGradNorm: clip),
                       batchSize: 4, microBatchSize: 2, maxLength: 64, seed: 1, template: "tulu", padID: 1,
                       reduction: .sum, preferenceLoss: loss, beta: 5, labelSmoothing: smoothing)
    }

    @Test func settingsMapOntoTRLArguments() throws {
        let sft = try recipe(.sft).trlArguments()
        #expect(sft["max_steps"]?.intValue == 6 && sft["per_device_train_batch_size"]?.intValue == 2)
        #expect(sft["lr_scheduler_type"]?.stringValue == "linear" && sft["warmup_steps"]?.intValue == 1)
        #expect(sft["max_grad_norm"]?.doubleValue == TrainingRecipe.noClipping, "no clipping still logs the norm")
        #expect(sft["optim"]?.stringValue == "adamw_torch" && sft["bf16"]?.boolValue == false)
        #expect(try recipe(.sft, clip: 1).trlArguments()["max_grad_norm"]?.doubleValue == 1)
        let cosine = try recipe(.sft, schedule: .cosine).trlArguments()
        #expect(cosine["lr_scheduler_type"]?.stringValue == "cosine_with_min_lr" && cosine["lr_scheduler_kwargs"]?["min_lr_rate"]?.doubleValue == 0.1)
        #expect(try recipe(.sft, schedule: .constant).trlArguments()["lr_scheduler_type"]?.stringValue == "constant_with_warmup")
        for (loss, trl) in [(PreferenceLoss.Kind.dpoNorm, "sigmoid_norm"), (.sigmoid, "sigmoid"), (.ipo, "ipo")] {
            let dpo = try recipe(.dpo, loss: loss).trlArguments()
            #expect(dpo["loss_type"]?.arrayValue == [.string(trl)], "\(loss)")
            #expect(dpo["beta"]?.doubleValue == 5 && dpo["precompute_ref_log_probs"]?.boolValue == true)
        }
        #expect(throws: TrainingError.self) { try recipe(.dpo, smoothing: 0.1).trlArguments() }
        #expect(recipe(.sft).trlNotes.contains { $0.hasPrefix("loss sum:") })
    }

    @Test func anSFTBundleHoldsTheModelTheDataTheOrderAndTheLauncher() throws {
        let folder = temporaryFolder("trl-bundle")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let examples = microExamples(count: 6)
        let records: [JSONValue] = (0..<6).map { i in
            ["messages": [["role": "user", "content": .string("q\(i)")], ["role": "assistant", "content": .string("a\(i)")]]]
        }
        let steps = [[[0, 1], [2, 3]], [[4, 5]]]
        let files = try TRLBundle.write(recipe: recipe(.sft), model: ModelBundle(model: microModel(), tokenizer: nil), records: records,
                                        examples: .sft(examples), steps: steps, to: folder)
        for name in ["model/config.json", "model/model.safetensors", "data/train.jsonl", "data/train.tokenized.jsonl", "order.json",
                     "recipe.json", "train.py", "requirements.txt", "accelerate.yaml", "ds_zero2.json", "ds_zero3.json", "launch.sh", "README.md"] {
            #expect(files[name] != nil, "\(name)")
        }
        let lines = try String(contentsOfFile: folder + "/data/train.tokenized.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 6)
        let first = try JSONParser.parse(String(lines[0]))
        #expect(first["input_ids"]?.arrayValue?.compactMap(\.intValue) == examples.ids[0])
        #expect(first["labels"]?.arrayValue?.compactMap(\.intValue) == examples.labels[0])
        let raw = try JSONParser.parse(String(try String(contentsOfFile: folder + "/data/train.jsonl", encoding: .utf8).split(separator: "\n")[0]))
        #expect(raw["messages"]?.arrayValue?.count == 2)
        let order = try JSONParser.parse([UInt8](FileManager.default.contents(atPath: folder + "/order.json")!))
        #expect(order["steps"]?.arrayValue?.count == 2 && order["steps"]?.arrayValue?[1].arrayValue?.count == 1)
        let recipeJSON = try JSONParser.parse([UInt8](FileManager.default.contents(atPath: folder + "/recipe.json")!))
        #expect(recipeJSON["method"]?.stringValue == "sft" && recipeJSON["loss"]?.stringValue == "sum")
        #expect(recipeJSON["trl"]?["args"] == (try recipe(.sft).trlArguments()))
        for name in ["ds_zero2.json", "ds_zero3.json"] {
            let ds = try JSONParser.parse([UInt8](FileManager.default.contents(atPath: folder + "/" + name)!))
            #expect(ds["zero_optimization"]?["stage"]?.intValue == (name.contains("2") ? 2 : 3))
        }
        #expect(try String(contentsOfFile: folder + "/requirements.txt", encoding: .utf8).contains("trl==\(TRLBundleFiles.trlVersion)"))
        #expect(try String(contentsOfFile: folder + "/train.py", encoding: .utf8).contains("class SmolSFTTrainer(SmolSteps, SFTTrainer)"))
        // A second write replaces the bundle; a folder that is not one is refused (invariant 2).
        try TRLBundle.write(recipe: recipe(.sft), model: ModelBundle(model: microModel(), tokenizer: nil), records: records,
                            examples: .sft(examples), steps: steps, to: folder)
        let other = temporaryFolder("not-a-bundle")
        defer { try? FileManager.default.removeItem(atPath: other) }
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: other + "/notes.txt"))
        #expect(throws: TrainingError.self) {
            try TRLBundle.write(recipe: recipe(.sft), model: ModelBundle(model: microModel(), tokenizer: nil), records: records,
                                examples: .sft(examples), steps: steps, to: other)
        }
    }

    @Test func preferencePairsSplitIntoPromptAndCompletions() throws {
        let chosen = SupervisedExamples(ids: [[5, 6, 7, 8]], labels: [[-100, -100, 7, 8]])
        let rejected = SupervisedExamples(ids: [[5, 6, 9]], labels: [[-100, -100, 9]])
        let rows = try TRLBundle.tokenizedRows(.dpo(PreferencePairs(chosen: chosen, rejected: rejected)))
        #expect(rows[0]["prompt_ids"]?.arrayValue?.compactMap(\.intValue) == [5, 6])
        #expect(rows[0]["chosen_ids"]?.arrayValue?.compactMap(\.intValue) == [7, 8])
        #expect(rows[0]["rejected_ids"]?.arrayValue?.compactMap(\.intValue) == [9])
        let gap = SupervisedExamples(ids: [[5, 6, 7, 8]], labels: [[-100, -100, 7, -100]])
        #expect(throws: TrainingError.self) { try TRLBundle.tokenizedRows(.dpo(PreferencePairs(chosen: gap, rejected: rejected))) }
    }

    /// A run folder like TRL's: a saved model and the cross-check's trainer_state.json.
    func runFolder() throws -> String {
        let folder = temporaryFolder("trl-output")
        try microModel().save(to: folder)
        try FileManager.default.copyItem(atPath: Repository.fixture("bridge/trainer_state.json"), toPath: folder + "/trainer_state.json")
        return folder
    }

    @Test func aFinishedRunImportsWithSmolsMetricNames() throws {
        let folder = try runFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try TrainerOutput(folder: folder)
        #expect(run.steps.map(\.step) == Array(1...6) && run.globalStep == 6)
        #expect(run.modelFiles.starts(with: ["config.json", "model.safetensors"]))
        let first = run.steps[0]
        #expect(first["loss"] != nil && first["lr"] == 0.001 && first["grad_norm"] != nil && first["tokens"] == 26 && first["real_tokens"] == 220)
        #expect(!first.names.contains("learning_rate") && !first.names.contains("epoch"))
        #expect(run.summary.contains { $0.name == "train_runtime" })
    }

    func expectImportError(_ folder: String, mentions text: String) {
        do {
            _ = try TrainerOutput(folder: folder)
            Issue.record("expected an error mentioning \(text)")
        } catch {
            #expect("\(error)".contains(text), "\(error)")
        }
    }

    @Test func corruptOrPartialFoldersNameTheFileAtFault() throws {
        let folder = try runFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let state = folder + "/trainer_state.json"
        let good = try Data(contentsOf: URL(fileURLWithPath: state))
        // Truncated JSON: the file, line and column.
        try good.prefix(300).write(to: URL(fileURLWithPath: state))
        expectImportError(folder, mentions: "trainer_state.json:")
        // A run that stopped early.
        var text = String(decoding: good, as: UTF8.self).replacingOccurrences(of: "\"global_step\": 6", with: "\"global_step\": 4")
        try Data(text.utf8).write(to: URL(fileURLWithPath: state))
        expectImportError(folder, mentions: "global_step 4 of max_steps 6")
        // No log_history.
        text = String(decoding: good, as: UTF8.self).replacingOccurrences(of: "\"log_history\"", with: "\"history\"")
        try Data(text.utf8).write(to: URL(fileURLWithPath: state))
        expectImportError(folder, mentions: "no log_history")
        // No trainer_state.json at all.
        try FileManager.default.removeItem(atPath: state)
        expectImportError(folder, mentions: "trainer_state.json: missing")
        try good.write(to: URL(fileURLWithPath: state))
        // Sharded weights with a shard missing.
        try FileManager.default.moveItem(atPath: folder + "/model.safetensors", toPath: folder + "/model-00001-of-00002.safetensors")
        let index: JSONValue = ["metadata": [:], "weight_map": ["model.embed_tokens.weight": "model-00001-of-00002.safetensors",
                                                               "model.norm.weight": "model-00002-of-00002.safetensors"]]
        try Data(index.prettyBytes()).write(to: URL(fileURLWithPath: folder + "/model.safetensors.index.json"))
        expectImportError(folder, mentions: "model-00002-of-00002.safetensors: missing")
        // No weights, no config.
        try FileManager.default.removeItem(atPath: folder + "/model.safetensors.index.json")
        expectImportError(folder, mentions: "model.safetensors: missing")
        try FileManager.default.removeItem(atPath: folder + "/config.json")
        expectImportError(folder, mentions: "config.json: missing")
        expectImportError(folder + "/nowhere", mentions: "no such folder")
    }
}
