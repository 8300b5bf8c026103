import Foundation
import SmolCore
import SmolLedger
import SmolScript
import SmolTestSupport
import SmolTokenizers
import SmolTraining
import Testing
@testable import SmolKit

/// The `train.*` commands through scripts: what they record, how they resume, cache and fail.
@Suite struct TrainCommandsTests {
    /// A tokenizer, a `tiny` model with it, SFT conversations and preference pairs (small and fast).
    static let prelude = """
    let corpus = data.generate("edu-corpus", n: 40, seed: 1)
    let tok = tokenizer.train(corpus, vocab: 300, special: ["<|endoftext|>"])
    let base = model.init(preset: "tiny", seed: 1, tokenizer: tok)
    let sft = data.generate("sft-mixture", n: 16, seed: 1)
    let prefs = data.generate("preference-pairs", n: 24, seed: 1)
    """

    static func commands(_ t: TestSession, named name: String) throws -> [CommandRecord] {
        try t.session.workspace.ledger.commands().filter { $0.name == name }
    }

    static func failure(_ t: TestSession, _ source: String) -> String? {
        do { try t.run(source); return nil } catch { return error.description }
    }

    /// Every step logs loss, lr, grad_norm, tokens, real_tokens and tokens_per_second at `step:`, and
    /// lr, batch_size, seed and lr_per_batch are recorded parameters.
    @Test func sftLogsEveryStepAndRecordsItsParameters() throws {
        let t = try TestSession()
        defer { try? FileManager.default.removeItem(atPath: t.directory) }
        try t.run(Self.prelude + "\nlet m = train.sft(base, sft, lr: 1e-3, batch_size: 4, micro_batch: 2, epochs: 2, max_length: 128, seed: 2)")
        let record = try #require(try Self.commands(t, named: "train.sft").first)
        #expect(record.status == .ok)
        let metrics = try t.session.workspace.ledger.metrics(command: try #require(record.id))
        for name in ["loss", "lr", "grad_norm", "tokens", "real_tokens", "tokens_per_second"] {
            #expect(metrics.filter { $0.name == name }.map(\.step) == Array(1...6), "\(name)")   // 10 examples kept, 3 batches × 2 epochs
        }
        #expect(metrics.contains { $0.name == "data.truncated" && $0.value > 0 })
        #expect(t.lines.contains { $0.hasPrefix("train.sft: ") && $0.contains("cut at max_length 128") })
        let params = try JSONParser.parse(record.paramsJSON)
        #expect(params["lr"]?.doubleValue == 1e-3 && params["batch_size"]?.doubleValue == 4 && params["seed"]?.doubleValue == 2)
        #expect(params["lr_per_batch"]?.doubleValue == 1e-3 / 4)
        #expect(!FileManager.default.fileExists(atPath: t.session.workspace.root + "/checkpoints/" + (record.cacheKey ?? "")))
        // Answered from the cache, the command records the same parameters, derived ones included, so a replay
        // (which runs it again) compares equal.
        try t.run("let again = train.sft(base, sft, lr: 1e-3, batch_size: 4, micro_batch: 2, epochs: 2, max_length: 128, seed: 2)")
        let cached = try #require(try Self.commands(t, named: "train.sft").last)
        #expect(cached.status == .cached)
        #expect(cached.paramsJSON == record.paramsJSON)
    }

    /// Ctrl-C stops at the next step with a checkpoint; running the script again resumes from it and
    /// ends with the model an uninterrupted run makes; `train.resume` continues one by hand the same way.
    @Test func aCancelledRunResumesWhenTheScriptRunsAgain() throws {
        let script = Self.prelude + "\nlet m = train.sft(base, sft, lr: 1e-3, batch_size: 4, epochs: 4, max_length: 128, seed: 2)\nprint(m.hash)"
        let whole = try TestSession()
        defer { try? FileManager.default.removeItem(atPath: whole.directory) }
        try whole.run(script)
        let expected = try #require(whole.lines.last)

        for byHand in [false, true] {
            let first = try TestSession()
            defer { try? FileManager.default.removeItem(atPath: first.directory) }
            var stop = false
            first.session.progress = { if $0.step == 3 { stop = true } }
            first.session.isCancelled = { stop }
            let message = try #require(Self.failure(first, script))
            #expect(message.contains("cancelled after step 3") && message.contains("checkpoint"), "\(message)")
            let key = try #require(try Self.commands(first, named: "train.sft").first?.cacheKey)
            let checkpoint = first.session.workspace.root + "/checkpoints/" + key + "/checkpoint.safetensors"
            #expect(FileManager.default.fileExists(atPath: checkpoint))
            first.session.close()

            let again = try TestSession(directory: first.directory, threads: 2)
            if byHand {
                try again.run(Self.prelude + "\nprint(train.resume(\"\(checkpoint)\").hash)")
                #expect(again.lines.contains("train.resume: train.sft from step 3 of 12"))
            } else {
                try again.run(script)
                #expect(again.lines.contains("train.sft: resumed from step 3 of 12"))
            }
            #expect(again.lines.last == expected)
            #expect(!FileManager.default.fileExists(atPath: checkpoint))   // removed once the run is recorded
        }
    }

    /// A diverging run stops naming the step and the first parameter affected; the row is `error`
    /// and keeps the metrics of the steps before it; nothing is written.
    @Test func aNonFiniteLossStopsTheRunAndKeepsItsMetrics() throws {
        let t = try TestSession()
        defer { try? FileManager.default.removeItem(atPath: t.directory) }
        let message = try #require(Self.failure(t, Self.prelude + "\ntrain.sft(base, sft, lr: 1e30, batch_size: 4, epochs: 1, max_length: 128, warmup_ratio: 0)"))
        #expect(message.contains("step 2") && message.contains("'model.embed_tokens.weight'"), "\(message)")
        let record = try #require(try Self.commands(t, named: "train.sft").first)
        #expect(record.status == .error)
        #expect(record.outputs.isEmpty)
        let metrics = try t.session.workspace.ledger.metrics(command: try #require(record.id))
        #expect(metrics.filter { $0.name == "loss" }.map(\.step) == [1])
    }

    /// DPO's reference log-probs are computed once per (model, data, loss, max length): a second run
    /// with another lr reuses them; another model, other data or other settings compute them again.
    @Test func referenceLogProbsAreReusedUntilModelDataOrSettingsChange() throws {
        let t = try TestSession()
        defer { try? FileManager.default.removeItem(atPath: t.directory) }
        try t.run(Self.prelude)
        func dpo(_ arguments: String, maxLength: Int = 128) throws -> Double {
            try t.run("train.dpo(\(arguments), batch_size: 4, epochs: 0.2, max_length: \(maxLength))")
            let record = try #require(try Self.commands(t, named: "train.dpo").last)
            let metrics = try t.session.workspace.ledger.metrics(command: try #require(record.id))
            #expect(metrics.contains { $0.name == "rewards/accuracy" && $0.step == 1 })
            return try #require(metrics.first { $0.name == "reference.cached" }?.value)
        }
        #expect(try dpo("base, prefs, lr: 1e-4") == 0)
        #expect(try dpo("base, prefs, lr: 2e-4") == 1)                       // nothing the reference depends on changed
        #expect(try dpo("base, prefs, lr: 2e-4, beta: 0.5") == 1)
        #expect(try dpo("base, prefs, lr: 1e-4, loss: \"sigmoid\", beta: 0.1") == 0)   // summed log-probs
        #expect(try dpo("base, prefs, lr: 1e-4", maxLength: 120) == 0)
        try t.run("let other = model.init(preset: \"tiny\", seed: 2, tokenizer: tok)\nlet prefs2 = data.generate(\"preference-pairs\", n: 24, seed: 2)")
        #expect(try dpo("other, prefs, lr: 1e-4") == 0)
        #expect(try dpo("base, prefs2, lr: 1e-4") == 0)
        #expect(try dpo("base, prefs2, lr: 3e-4") == 1)
    }

    /// A 2×2 sweep at a fixed token budget lands in the ledger with lr, batch_size, seed, lr_per_batch
    /// and its step count (tokens / (batch_size × seq_len)); tables and heat maps pivot on them.
    @Test func aSweepAtAFixedBudgetLandsInTheLedger() throws {
        let t = try TestSession()
        defer { try? FileManager.default.removeItem(atPath: t.directory) }
        try t.run(Self.prelude + """

        for lr in [1e-3, 3e-3] {
          for bs in [2, 4] {
            train.pretrain(base, corpus, tokens: 512, lr: lr, batch_size: bs, seq_len: 32, seed: 1)
          }
        }
        let table = report.table("sweep", rows: "lr", columns: "batch_size", value: "loss", aggregate: "last")
        let steps = report.table("steps", rows: "lr_per_batch", value: "grad_norm", aggregate: "last")
        let figure = report.figure("sweep", x: "lr", y: "loss", series: "batch_size", kind: "heatmap")
        print(table.rows * table.columns)
        print(figure.points)
        """)
        let runs = try Self.commands(t, named: "train.pretrain")
        #expect(runs.count == 4)
        var cells: Set<String> = []
        for run in runs {
            let p = try JSONParser.parse(run.paramsJSON)
            let lr = try #require(p["lr"]?.doubleValue), bs = try #require(p["batch_size"]?.doubleValue)
            #expect(p["seed"]?.doubleValue == 1)
            #expect(p["lr_per_batch"]?.doubleValue == lr / bs)
            #expect(p["steps"]?.doubleValue == 512 / (bs * 32))
            cells.insert("\(lr)x\(bs)")
        }
        #expect(cells.count == 4)
        #expect(t.lines.suffix(2) == ["4", "4"])
    }

    /// The reward model: trained, stored, reloaded with the same scores; `eval.rm` reports pairwise
    /// accuracy and margin; transformers loads the saved folder as LlamaForSequenceClassification and
    /// gives the same scores.
    @Test func aRewardModelRoundTripsAndLoadsInTransformers() throws {
        let t = try TestSession()
        defer { try? FileManager.default.removeItem(atPath: t.directory) }
        try t.run(Self.prelude + """

        let rm = train.rm(base, prefs, lr: 1e-3, batch_size: 4, epochs: 1, max_length: 128, seed: 3)
        let held = data.generate("preference-pairs", n: 8, seed: 1, split: "test")
        let a = eval.rm(rm, held, max_length: 128)
        print(a.pairs)
        print(a.accuracy >= 0 && a.accuracy <= 1)
        """)
        #expect(t.lines.suffix(2) == ["3", "true"])   // 5 of the 8 held-out pairs (easy level) do not fit max_length 128
        let handle = try #require(try Self.commands(t, named: "train.rm").first?.outputs.first)
        let folder = t.directory + "/rm"
        try t.session.workspace.store.linkTree(handle.sha256, into: folder)
        let model = try RewardModel.load(path: folder)
        let sequences = [[5, 6, 7, 8, 9, 10], [11, 12, 13], [20, 21, 22, 23]]
        let scores = model.rewards(of: sequences, batchSize: 3, engine: .init())
        // Reloading gives the same scores, one sequence at a time or in a padded batch.
        let again = try RewardModel.load(path: folder).rewards(of: sequences, batchSize: 1, engine: .init())
        #expect(zip(scores, again).allSatisfy { abs($0 - $1) < 1e-5 })

        guard let python = ReferencePython.transformers else { return }   // the differential half needs transformers
        let program = """
        import json, sys, torch
        from transformers import AutoModelForSequenceClassification
        m = AutoModelForSequenceClassification.from_pretrained(sys.argv[1], torch_dtype=torch.float32).eval()
        seqs = json.loads(sys.argv[2]); pad = m.config.pad_token_id
        width = max(len(s) for s in seqs)
        ids = torch.tensor([s + [pad] * (width - len(s)) for s in seqs])
        with torch.no_grad(): out = m(input_ids=ids, attention_mask=(ids != pad).long()).logits[:, 0]
        print(json.dumps([type(m).__name__] + out.tolist()))
        """
        let text = try ReferencePython.run(python, ["-c", program, folder, "[[5,6,7,8,9,10],[11,12,13],[20,21,22,23]]"])
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any])
        #expect(parsed.first as? String == "LlamaForSequenceClassification")
        let theirs = parsed.dropFirst().compactMap { ($0 as? NSNumber)?.floatValue }
        #expect(theirs.count == 3 && zip(scores, theirs).allSatisfy { abs($0 - $1) < 1e-4 }, "smol \(scores) transformers \(theirs)")
    }

    /// Runs on 1 and on 2 threads produce the same model bytes.
    @Test func oneAndTwoThreadsTrainTheSameModel() throws {
        var hashes: [String] = []
        for threads in [1, 2] {
            let t = try TestSession(threads: threads)
            defer { try? FileManager.default.removeItem(atPath: t.directory) }
            try t.run(Self.prelude + "\nprint(train.pretrain(base, corpus, tokens: 256, lr: 1e-3, batch_size: 2, seq_len: 32).hash)")
            hashes.append(try #require(t.lines.last))
        }
        #expect(hashes[0] == hashes[1])
    }

    @Test func tokenizerSaveWritesTheHuggingFaceFiles() throws {
        let t = try TestSession()
        defer { try? FileManager.default.removeItem(atPath: t.directory) }
        try t.run(Self.prelude + "\ntokenizer.save(tok, \"out\")\nlet back = tokenizer.load(\"out\")\nprint(back.hash == tok.hash)\ntokenizer.save(tok, \"single/tokenizer.json\")")
        #expect(t.lines.last == "true")
        for file in ["out/tokenizer.json", "out/tokenizer_config.json", "single/tokenizer.json", "single/tokenizer_config.json"] {
            #expect(FileManager.default.fileExists(atPath: t.directory + "/" + file), "\(file)")
        }
    }

    /// An SFT'd model saves the template it learned (tokenizer_config.json's chat_template, as TRL and
    /// open-instruct do), so `chat: true` evaluation asks it in that format; a base model has none to use.
    @Test func aFineTunedModelCarriesItsChatTemplate() throws {
        let t = try TestSession()
        defer { try? FileManager.default.removeItem(atPath: t.directory) }
        try t.run(Self.prelude + """

            let m = train.sft(base, sft, lr: 1e-3, batch_size: 4, epochs: 1, max_length: 128, template: "chatml", seed: 2)
            model.save(m, "tuned")
            print(eval.suite(m, tasks: ["mmlu-like"], n: 4, chat: true)["mmlu-like"] >= 0)
            """)
        #expect(t.lines.last == "true")
        let config = try JSONParser.parse(String(decoding: try Data(contentsOf: URL(fileURLWithPath: t.directory + "/tuned/tokenizer_config.json")), as: UTF8.self))
        #expect(config["chat_template"]?.stringValue == ChatTemplate.chatml.jinja)
        let message = try #require(Self.failure(t, "eval.suite(base, tasks: [\"mmlu-like\"], n: 4, chat: true)"))
        #expect(message.contains("chat template") && message.contains("chat: false"))
    }
}
