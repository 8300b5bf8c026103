import Foundation
import SmolCore
import SmolLedger
import SmolScript
import Testing
@testable import SmolKit

/// The `eval.*` commands end to end on the tiny fixture model (the scoring logic is tested in
/// SmolEvaluationTests); here: arguments, stored results, metrics with their tags, the cache, lineage.
@Suite struct EvalCommandsTests {
    static func fixture() throws -> String { try fixturesDirectory() + "/tiny-llama-a" }

    /// The metric points of the session's commands named `command`.
    func points(_ t: TestSession, _ command: String) throws -> [MetricPoint] {
        let ledger = t.session.workspace.ledger
        return try ledger.commands(session: t.session.sessionID).filter { $0.name == command }.flatMap { try ledger.metrics(command: $0.id!) }
    }

    @Test func mcqStoresRecordsLogsTaggedAccuraciesAndRescoresOffline() throws {
        let t = try TestSession()
        defer { try? FileManager.default.removeItem(atPath: t.directory) }
        try t.run("""
        let m = model.load("\(try Self.fixture())")
        let d = data.generate("mmlu-like", n: 5, seed: 2, split: "test")
        let r = eval.mcq([tiny: m], d, perturbations: ["original", "fix_A", "symbols_rare"], scoring: ["symbol", "cloze", "pmi"], task_name: "mini")
        print(r.records)
        let again = eval.mcq([tiny: m], d, perturbations: ["original", "fix_A", "symbols_rare"], scoring: ["cloze_norm", "hybrid"], task_name: "mini")
        let offline = eval.rescore(r, scoring: ["cloze_norm"])
        """)
        let printed = t.lines.joined(separator: "\n")
        #expect(printed.contains("| model | condition | symbol | cloze | pmi |"), "\(printed)")
        #expect(t.lines.contains("15"))
        // Metrics: one per model × condition × scoring, tagged.
        let first = try points(t, "eval.mcq").filter { $0.name == "mini.accuracy" }
        #expect(first.count == 3 * 3 + 3 * 2)
        #expect(Set(first.compactMap { $0.tags["condition"] }) == ["original", "fix_A", "symbols_rare"])
        #expect(first.allSatisfy { $0.tags["model"] == "tiny" && $0.tags["task"] == "mini" && $0.tags["path"] != nil })
        // The second run scored only the hybrid requests of the three conditions: the rest came from the cache.
        let scored = try points(t, "eval.mcq").filter { $0.name == "mcq.requests_scored" }.map(\.value)
        let cached = try points(t, "eval.mcq").filter { $0.name == "mcq.requests_cached" }.map(\.value)
        // (fix_A repeats the original prompt of an item whose answer is A already: those count as cached too.)
        #expect(scored.count == 2 && scored[1] + cached[1] == Double(5 * 3 * 8) && cached[1] >= Double(5 * 3 * 4) && scored[1] > 0)
        // eval.rescore from the stored records equals the fresh eval.mcq with that scoring.
        let fresh = first.isEmpty ? [] : try points(t, "eval.mcq").filter { $0.name == "mini.accuracy" && $0.tags["scoring"] == "cloze_norm" }
        let offline = try points(t, "eval.rescore").filter { $0.name == "mini.accuracy" }
        #expect(offline.count == 3)
        for point in offline {
            #expect(fresh.first { $0.tags["condition"] == point.tags["condition"] }?.value == point.value)
        }
        // Pivot: rows model, columns condition.
        let before = t.lines.count
        try t.run("""
        let table = report.table("mini_symbol", rows: "model", columns: "condition", value: "mini.accuracy", where: [scoring: "symbol"])
        print(table.rows)
        print(table.markdown)
        """)
        // A string in `where:` matches the tag's text (it once compared against the quoted JSON and matched nothing).
        #expect(t.lines[before] == "1")
        #expect(t.lines.joined(separator: "\n").contains("\n| tiny |"))
    }

    @Test func resultsAreStoredInTheHarnessShape() throws {
        let t = try TestSession()
        defer { try? FileManager.default.removeItem(atPath: t.directory) }
        try t.run("""
        let m = model.load("\(try Self.fixture())")
        let r = eval.mcq(m, data.generate("arc-like", n: 3, seed: 1, split: "test"), scoring: ["symbol", "cloze_norm"], shots: 1)
        """)
        let command = try #require(try t.session.workspace.ledger.commands(session: t.session.sessionID).first { $0.name == "eval.mcq" })
        let files = try t.session.workspace.store.treeManifest(try #require(command.outputs.first).sha256)
        #expect(Set(files.keys) == ["eval.json", "samples.jsonl", "results-0.json"])
        let results = try JSONParser.parse(try t.session.workspace.store.read(files["results-0.json"]!))
        for key in ["results", "configs", "versions", "n-shot", "n-samples", "config"] { #expect(results[key] != nil, "\(key)") }
        let task = try #require(results["results"]?.objectValue?.first)
        #expect(task.value["acc_symbol,none"]?.doubleValue != nil && task.value["acc_cloze_norm_stderr,none"] != nil)
        #expect(results["n-samples"]?[task.key]?["effective"]?.intValue == 3)
        #expect(results["n-shot"]?[task.key]?.intValue == 1)
        let lines = try t.session.workspace.store.read(files["samples.jsonl"]!).split(separator: 0x0A)
        #expect(lines.count == 3)
        let record = try JSONParser.parse(Array(lines[0]))
        let choice = try #require(record["choices"]?.arrayValue?.first)
        for key in ["continuation", "ll", "greedy", "tokens", "chars", "bytes"] { #expect(choice["cloze"]?[key] != nil, "\(key)") }
        #expect(record["contexts"]?["symbol"]?.stringValue?.hasSuffix("Answer:") == true)
    }

    @Test func suiteLogsEachFamilyWithTheModelsParameters() throws {
        let t = try TestSession()
        defer { try? FileManager.default.removeItem(atPath: t.directory) }
        try t.run("""
        let tok = tokenizer.train(data.generate("edu-corpus", n: 40, seed: 1), vocab: 300, special: ["<|endoftext|>"])
        for s in [1, 2] {
          let m = model.init(preset: "tiny", seed: s, tokenizer: tok)
          eval.suite(m, tasks: ["arc-like", "gsm-like", "ifeval-like"], n: 2, max_tokens: 4, tags: [run: "smoke"])
        }
        print(report.table("suite", rows: "seed", columns: "task", value: "arc-like.accuracy").markdown)
        """)
        let accuracy = try points(t, "eval.suite").filter { $0.name.hasSuffix(".accuracy") }
        #expect(accuracy.count == 2 * 3)
        #expect(Set(accuracy.compactMap { $0.tags["seed"] }) == ["1", "2"])
        #expect(accuracy.allSatisfy { $0.tags["preset"] == "tiny" && $0.tags["run"] == "smoke" })
        let printed = t.lines.joined(separator: "\n")
        #expect(printed.contains("\n| 1 |") && printed.contains("\n| 2 |"), "\(printed)")
    }

    @Test func generationAndGivenResponses() throws {
        let t = try TestSession()
        defer { try? FileManager.default.removeItem(atPath: t.directory) }
        try t.run("""
        let m = model.load("\(try Self.fixture())")
        let g = eval.generate(m, data.generate("gsm-like", n: 2, seed: 1, split: "test"), task: "gsm", shots: 1, max_tokens: 6)
        let prompts = data.generate("ifeval-like", n: 2, seed: 4, split: "test")
        let i = eval.ifeval(prompts, responses: ["", "x"])
        """)
        let gsm = try points(t, "eval.generate").filter { $0.name.hasSuffix(".accuracy") }
        #expect(Set(gsm.compactMap { $0.tags["scoring"] }) == ["strict-match", "flexible-extract"])
        let ifeval = try points(t, "eval.ifeval")
        #expect(Set(ifeval.compactMap { $0.tags["scoring"] }) == ["prompt_level_strict_acc", "inst_level_strict_acc", "prompt_level_loose_acc", "inst_level_loose_acc"])
        #expect(ifeval.first { $0.tags["scoring"] == "prompt_level_strict_acc" }?.value == 0)   // "" follows nothing
        do {
            try t.run("eval.ifeval(prompts, responses: [\"only one\"])")
            Issue.record("a response count that does not match should fail")
        } catch {
            #expect(error.description.contains("has 1 responses for 2 records"))
        }
    }

    @Test func leaderboardRegistersTablesAndASlopeFigure() throws {
        let t = try TestSession()
        defer { try? FileManager.default.removeItem(atPath: t.directory) }
        try t.run("""
        let tok = tokenizer.train(data.generate("edu-corpus", n: 40, seed: 1), vocab: 300, special: ["<|endoftext|>"])
        let models = [a: model.init(preset: "tiny", seed: 1, tokenizer: tok), b: model.init(preset: "tiny", seed: 2, tokenizer: tok),
                      c: model.init(preset: "tiny", seed: 3, tokenizer: tok)]
        let r = eval.mcq(models, data.generate("arc-like", n: 4, seed: 1, split: "test"), perturbations: ["original", "swap_AC_BD"], scoring: ["symbol"])
        let board = eval.leaderboard(r, scoring: "symbol", resamples: 50, name: "lb")
        print(board.baseline)
        let cmp = eval.compare(r, a: "a", b: "b", method: "mcnemar")
        print(cmp.n)
        """)
        #expect(t.lines.contains("original") && t.lines.contains("4"))
        let ledger = t.session.workspace.ledger
        #expect(Set(try ledger.tables().map(\.name)).isSuperset(of: ["lb_accuracy", "lb_rank", "lb_tau"]))
        let figure = try #require(try ledger.figures().first { $0.name == "lb_slope" })
        #expect(figure.kind == .slope)
        let svg = try SVGChart.render(try ledger.table(figure.table), figure)
        #expect(svg.contains("<polyline") && svg.contains(">a<"))
        let ranks = try points(t, "eval.leaderboard").filter { $0.name == "leaderboard.rank" }
        #expect(ranks.count == 3 * 2 && ranks.allSatisfy { $0.tags["leaderboard"] == "lb" })
    }

    @Test func argumentsAreChecked() throws {
        let t = try TestSession()
        defer { try? FileManager.default.removeItem(atPath: t.directory) }
        try t.run("let m = model.load(\"\(try Self.fixture())\")\nlet d = data.generate(\"arc-like\", n: 2, seed: 1)")
        for (source, message) in [
            ("eval.mcq(m, d, perturbations: [\"fix_Z\"])", "unknown perturbation 'fix_Z'"),
            ("eval.mcq(m, d, format: \"cloze\", scoring: [\"symbol\"])", "needs the choices listed"),
            ("eval.mcq([m, m], d)", "is given twice"),
            ("eval.generate(m, d, task: \"gsm\", max_tokens: 0)", "max_tokens"),
        ] {
            do {
                try t.run(source)
                Issue.record("\(source) should fail")
            } catch {
                #expect(error.description.contains(message), "\(error.description)")
            }
        }
    }
}
