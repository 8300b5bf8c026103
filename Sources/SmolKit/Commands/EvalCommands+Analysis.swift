import Foundation
import SmolCore
import SmolDatasets
import SmolEvaluation
import SmolLedger
import SmolModels
import SmolScript

/// `eval.suite`, `eval.leaderboard`, `eval.compare` and `eval.rescore`.
extension EvalCommands {
    /// The built-in families `eval.suite` runs, and the scoring each reports as `<task>.accuracy`.
    static let suiteHeadlines: [String: String] = [
        "arc-like": ScoringMethod.clozeNorm.rawValue, "hellaswag-like": ScoringMethod.clozeNorm.rawValue,
        "mmlu-like": ScoringMethod.symbol.rawValue, "gsm-like": "strict-match", "ifeval-like": "average",
    ]

    static let suite = CommandDefinition(
        CommandSignature(
            "eval.suite",
            summary: "The built-in task families on one model in one call (test splits generated from seed): <task>.accuracy per task (arc-like, hellaswag-like: cloze_norm; mmlu-like: symbol; gsm-like: strict-match; ifeval-like: the mean of the four IFEval accuracies) and <task>.<scoring> for every scoring, tagged with the model's training parameters from the ledger lineage so sweeps pivot on lr, batch, ….",
            parameters: [
                Parameter("model", .handle(.model), positional: true, doc: "model with a tokenizer"),
                Parameter("tasks", .list(.string), default: .emptyList, choices: ["arc-like", "gsm-like", "hellaswag-like", "ifeval-like", "mmlu-like"],
                          doc: "families to run ([] means arc-like, gsm-like, hellaswag-like, ifeval-like)"),
                Parameter("n", .integer, default: .number(50), doc: "items per task"),
                Parameter("seed", .integer, default: .number(0), doc: "generator seed of the test items (and the gsm shots' train items)"),
                Parameter("shots", .integer, default: .number(0), doc: "k-shot examples (multiple choice: from the dev split; gsm: worked train examples)"),
                Parameter("max_tokens", .integer, default: .number(96), doc: "new tokens per generated answer (gsm-like, ifeval-like)"),
                Parameter("chat", .optional(.bool),
                          doc: "render every prompt as a user turn of the model's chat template, answers scored or generated as the reply (default: only ifeval-like, when the tokenizer has a template)"),
                tagsParameter,
            ],
            returns: .record)
    ) { context in
        try EvalSupport.translate {
            let model = try EvalSupport.models(context, "model")[0]
            let evaluated = EvaluatedModel(name: model.name, hash: model.handle.hash)
            let tasks = try context.strings("tasks")
            let families = tasks.isEmpty ? ["arc-like", "gsm-like", "hellaswag-like", "ifeval-like"] : tasks
            let n = try context.integer("n"), seed = try context.integer("seed"), shots = try context.integer("shots")
            let maxTokens = try context.integer("max_tokens"), chat = try context.optionalBool("chat")
            guard n >= 1 else { throw SmolKitError.argument("n", "is \(n); give 1 or more items") }
            guard seed >= 0, shots >= 0, maxTokens >= 1 else { throw SmolKitError.invalid("seed and shots must be ≥ 0 and max_tokens ≥ 1") }
            let userTags = try EvalSupport.userTags(context)
            var fields: [(String, Double)] = [], handles: [Value] = []
            for family in families {
                let data = try TaskGenerator.generate(family, n: n, seed: UInt64(seed), split: "test")
                let result: EvalResult
                if family == "gsm-like" || family == "ifeval-like" {
                    let task: GenerationTask = family == "gsm-like" ? .gsm : .ifeval
                    let pool = shots > 0 ? try TaskGenerator.generate(family, n: shots, seed: UInt64(seed), split: "train").records : []
                    let settings = GenerationSettings(task: task, taskName: family, shots: shots, maxTokens: maxTokens,
                                                      chat: chat ?? (task == .ifeval && model.bundle.tokenizer?.chatTemplateText != nil))
                    let records = try GenerationEvaluation.run(model.bundle, model: model.name, records: data.records, pool: pool,
                                                               settings: settings, engine: EvalSupport.engine(context),
                                                               isCancelled: { context.isCancelled })
                    result = EvalResult(kind: .generation, task: family, models: [evaluated],
                                        settings: ["task": .string(task.rawValue), "shots": .number(Double(shots)),
                                                   "max_tokens": .number(Double(maxTokens)), "items": .number(Double(n))],
                                        generationTask: task, generationRecords: records)
                } else {
                    let items = try MCQItem.items(data.records)
                    let pool = shots > 0 ? try MCQItem.items(try TaskGenerator.generate(family, n: max(shots * 4, 8), seed: UInt64(seed), split: "dev").records) : []
                    let settings = MCQSettings(task: family, format: .mmlu, conditions: [try Condition("original")],
                                               scorings: ScoringMethod.allCases, shots: shots, seed: UInt64(seed),
                                               chat: chat == true ? try EvalSupport.chatTurn(model) : nil)
                    let records = try MCQEvaluation.run(try EvalSupport.scorer(context, model), model: model.name, items: items,
                                                        pool: pool, settings: settings)
                    result = EvalResult(kind: .mcq, task: family, models: [evaluated],
                                        settings: ["format": "mmlu", "shots": .number(Double(shots)), "items": .number(Double(n)),
                                                   "chat": .bool(chat == true)],
                                        conditions: ["original"], scorings: ScoringMethod.allCases, itemRecords: records)
                }
                let cells = try result.accuracies()
                let headline = suiteHeadlines[family]!
                let value = headline == "average" ? cells.map(\.value).reduce(0, +) / Double(max(cells.count, 1))
                    : cells.first { $0.scoring == headline }?.value ?? .nan
                context.metric("\(family).accuracy", value,
                               tags: EvalSupport.tags(context, model: evaluated, userTags: userTags, task: family, condition: "original", scoring: headline))
                for cell in cells {
                    context.metric("\(family).\(cell.scoring)", cell.value,
                                   tags: EvalSupport.tags(context, model: evaluated, userTags: userTags, task: family, condition: "original", scoring: cell.scoring))
                }
                fields.append((family, value))
                handles.append(.handle(try context.output(result)))
            }
            let lineage = EvalSupport.lineageParameters(of: model.handle.hash, ledger: context.session.workspace.ledger)
            context.print(fields.map { "\($0.0): \(String(format: "%.3f", $0.1))" }.joined(separator: "  ")
                          + (lineage.isEmpty ? "" : "  (" + lineage.sorted { $0.key < $1.key }.prefix(6).map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + ")"))
            return .record(Record(fields.map { ($0.0, EvalSupport.number($0.1)) } + [("results", .list(handles))]))
        }
    }

    static let resultsParameter = Parameter("results", .oneOf([.handle(.evalResult), .list(.handle(.evalResult))]), positional: true,
                                            doc: "eval.mcq results (one, or several to rank together)")

    /// The item records of the results argument (several results are concatenated).
    static func itemRecords(_ context: CommandContext) throws -> (records: [ItemRecord], models: [EvaluatedModel], results: [EvalResult]) {
        let values: [Value]
        if case .list(let items) = context["results"] { values = items } else { values = [context["results"]] }
        var results: [EvalResult] = []
        for value in values {
            guard case .handle(let h) = value, let handle = h as? ArtifactHandle, handle.artifactKind == .evalResult else {
                throw SmolKitError.argument("results", "expected eval results")
            }
            results.append(try context.load(handle, as: EvalResult.self))
        }
        let records = results.flatMap(\.itemRecords)
        guard !records.isEmpty else { throw SmolKitError.argument("results", "holds no multiple-choice records; pass results of eval.mcq") }
        var models: [EvaluatedModel] = []
        for model in results.flatMap(\.models) where !models.contains(where: { $0.name == model.name }) { models.append(model) }
        return (records, models, results)
    }

    static let leaderboard = CommandDefinition(
        CommandSignature(
            "eval.leaderboard",
            summary: "Ranks models under each condition: accuracy with seeded bootstrap intervals, rank and rank change against the baseline, Kendall τ-b and τ-a, largest |Δrank|, selection bias (predicted-slot histogram, RStd); logs leaderboard.* metrics and registers the tables NAME_accuracy and NAME_tau and the slope figure NAME_slope.",
            parameters: [
                resultsParameter,
                Parameter("conditions", .list(.string), default: .emptyList, doc: "conditions to rank ([] means all, in the results' order)"),
                Parameter("baseline", .optional(.string), doc: "the condition ranks are compared against (default: the first)"),
                Parameter("scoring", .string, default: .string("symbol"), choices: ScoringMethod.allCases.map(\.rawValue), doc: "how answers are chosen"),
                Parameter("resamples", .integer, default: .number(1000), doc: "bootstrap resamples for the intervals"),
                Parameter("level", .number, default: .number(0.95), doc: "interval coverage"),
                Parameter("seed", .integer, default: .number(0), doc: "bootstrap seed"),
                Parameter("name", .string, default: .string("leaderboard"), doc: "prefix of the registered tables and figure"),
            ],
            returns: .record)
    ) { context in
        try EvalSupport.translate {
            let (records, models, _) = try itemRecords(context)
            let wanted = try context.strings("conditions")
            let scoring = try context.choice("scoring", as: ScoringMethod.self)
            let resamples = try context.integer("resamples"), seed = try context.integer("seed"), level = try context.number("level")
            guard resamples >= 1, seed >= 0, level > 0, level < 1 else {
                throw SmolKitError.invalid("resamples must be ≥ 1, seed ≥ 0 and level in (0, 1)")
            }
            let name = try context.string("name")
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "_-.".contains($0) }) else {
                throw SmolKitError.argument("name", "use letters, digits, '_', '-' or '.' (it names tables and a figure)")
            }
            let board = try Leaderboard.analyse(records, scoring: scoring, conditions: wanted.isEmpty ? nil : wanted,
                                                baseline: try context.optionalString("baseline"), resamples: resamples, level: level,
                                                seed: UInt64(seed))
            for e in board.entries {
                var tags = EvalSupport.tags(context, model: models.first { $0.name == e.model }, userTags: [:], task: records[0].task,
                                            condition: e.condition, scoring: scoring.rawValue)
                tags["leaderboard"] = name
                for (metric, value) in [("accuracy", e.accuracy), ("ci_low", e.low), ("ci_high", e.high), ("rank", Double(e.rank)),
                                        ("rank_change", Double(e.rankChange)), ("rstd", e.recallStd)] where !value.isNaN {
                    context.metric("leaderboard.\(metric)", value, tags: tags)
                }
            }
            for a in board.agreements {
                let tags = ["leaderboard": name, "condition": a.condition, "baseline": board.baseline, "scoring": scoring.rawValue]
                for (metric, value) in [("kendall_tau_b", a.tauB), ("kendall_tau_a", a.tauA), ("max_abs_rank_change", Double(a.maxAbsRankChange)),
                                        ("models_changed", Double(a.modelsChanged))] where !value.isNaN {
                    context.metric("leaderboard.\(metric)", value, tags: tags)
                }
            }
            let session = try context.session.beginLedgerSession()
            let filter = ["leaderboard": name, "scoring": scoring.rawValue]
            context.register(TableSpec(name: "\(name)_accuracy", rows: "model", columns: "condition", value: "leaderboard.accuracy",
                                       filter: filter, scope: .session, session: session))
            context.register(TableSpec(name: "\(name)_rank", rows: "model", columns: "condition", value: "leaderboard.rank",
                                       filter: filter, scope: .session, session: session))
            if !board.agreements.isEmpty {
                context.register(TableSpec(name: "\(name)_tau", rows: "condition", value: "leaderboard.kendall_tau_b",
                                           filter: filter, scope: .session, session: session))
            }
            context.register(FigureSpec(table: TableSpec(name: "\(name)_slope", rows: "condition", columns: "model", value: "leaderboard.rank",
                                                         filter: filter, scope: .session, session: session),
                                        kind: .slope, title: "Rank per model (\(scoring.rawValue))"))
            let chance = records.reduce(0) { $0 + 1 / Double(max($1.choices.count, 1)) } / Double(records.count)
            let accuracy = board.accuracyMarkdown(chance: chance), tau = board.tauMarkdown(), bias = board.biasMarkdown()
            context.print(accuracy + (board.agreements.isEmpty ? "" : "\n\n" + tau))
            let entries: [Value] = board.entries.map { e in
                .record(Record([("model", .string(e.model)), ("condition", .string(e.condition)), ("accuracy", EvalSupport.number(e.accuracy)),
                                ("low", EvalSupport.number(e.low)), ("high", EvalSupport.number(e.high)), ("rank", .number(Double(e.rank))),
                                ("rank_change", .number(Double(e.rankChange))), ("rstd", EvalSupport.number(e.recallStd)),
                                ("predicted", .list(e.predicted.map { .number(Double($0)) }))]))
            }
            let agreements: [Value] = board.agreements.map { a in
                .record(Record([("condition", .string(a.condition)), ("kendall_tau_b", EvalSupport.number(a.tauB)), ("kendall_tau_a", EvalSupport.number(a.tauA)),
                                ("max_abs_rank_change", .number(Double(a.maxAbsRankChange))), ("models_changed", .number(Double(a.modelsChanged)))]))
            }
            return .record(Record([("baseline", .string(board.baseline)), ("scoring", .string(scoring.rawValue)),
                                   ("entries", .list(entries)), ("agreements", .list(agreements)),
                                   ("accuracy_table", .string(accuracy)), ("tau_table", .string(tau)), ("bias_table", .string(bias))]))
        }
    }

    static let compare = CommandDefinition(
        CommandSignature(
            "eval.compare",
            summary: "A paired comparison of two models on the same items: accuracy difference with a paired bootstrap interval and p-value, or McNemar's exact test.",
            parameters: [
                resultsParameter,
                Parameter("a", .string, doc: "first model's name"),
                Parameter("b", .string, doc: "second model's name"),
                Parameter("condition", .string, default: .string("original"), doc: "the condition compared under"),
                Parameter("scoring", .string, default: .string("symbol"), choices: ScoringMethod.allCases.map(\.rawValue), doc: "how answers are chosen"),
                Parameter("method", .string, default: .string("bootstrap"), choices: PairedComparison.Method.allCases.map(\.rawValue),
                          doc: "bootstrap (paired resampling of items) or mcnemar (exact binomial test on discordant items)"),
                Parameter("resamples", .integer, default: .number(1000), doc: "bootstrap resamples"),
                Parameter("seed", .integer, default: .number(0), doc: "bootstrap seed"),
            ],
            returns: .record)
    ) { context in
        try EvalSupport.translate {
            let (records, _, _) = try itemRecords(context)
            let resamples = try context.integer("resamples"), seed = try context.integer("seed")
            guard resamples >= 1, seed >= 0 else { throw SmolKitError.invalid("resamples must be ≥ 1 and seed ≥ 0") }
            let c = try PairedComparison.compare(records, first: try context.string("a"), second: try context.string("b"),
                                                 condition: try context.string("condition"), scoring: try context.choice("scoring"),
                                                 method: try context.choice("method"), resamples: resamples, seed: UInt64(seed))
            let tags = ["a": c.first, "b": c.second, "condition": c.condition, "scoring": try context.string("scoring")]
            context.metric("compare.difference", c.difference, tags: tags)
            context.metric("compare.p", c.p, tags: tags)
            return .record(Record([("a", .string(c.first)), ("b", .string(c.second)), ("n", .number(Double(c.n))),
                                   ("difference", EvalSupport.number(c.difference)), ("low", EvalSupport.number(c.low)), ("high", EvalSupport.number(c.high)),
                                   ("only_a", .number(Double(c.onlyFirst))), ("only_b", .number(Double(c.onlySecond))), ("p", EvalSupport.number(c.p))]))
        }
    }

    static let rescore = CommandDefinition(
        CommandSignature(
            "eval.rescore",
            summary: "Recomputes accuracies under other scorings from the stored per-choice records (no model is loaded); logs <task>.accuracy like eval.mcq.",
            parameters: [
                Parameter("results", .handle(.evalResult), positional: true, doc: "an eval.mcq result"),
                Parameter("scoring", .list(.string), choices: ScoringMethod.allCases.map(\.rawValue), doc: "the scorings to compute"),
                tagsParameter,
            ],
            returns: .handle(.evalResult))
    ) { context in
        try EvalSupport.translate {
            var result = try context.load("results", as: EvalResult.self)
            guard result.kind == .mcq else { throw SmolKitError.argument("results", "is a generation result; rescoring applies to eval.mcq results") }
            let scorings = try ScoringMethod.parse(try context.strings("scoring"))
            guard !scorings.isEmpty else { throw SmolKitError.argument("scoring", "give at least one scoring") }
            result.scorings = scorings
            result.settings = result.settings.setting("scorings", to: .array(scorings.map { .string($0.rawValue) }))
            return .handle(try EvalSupport.publish(result, context))
        }
    }

    static let save = CommandDefinition(
        CommandSignature(
            "eval.save",
            summary: "Writes a result's files into a folder: eval.json, samples.jsonl (per-item records) and results-<model>.json (lm-evaluation-harness's shape).",
            parameters: [
                Parameter("results", .handle(.evalResult), positional: true, doc: "the result to write"),
                Parameter("path", .string, positional: true, doc: "destination folder (created; files of the same names are replaced)"),
            ],
            returns: .string, cacheable: false)
    ) { context in
        try EvalSupport.translate {
            let handle = try context.artifact("results", kind: .evalResult)
            let path = try context.path("path")
            let store = context.session.workspace.store
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            let result = try context.load(handle, as: EvalResult.self)
            for (name, object) in try store.treeManifest(handle.hash) {
                var file = name
                if name.hasPrefix("results-"), let i = Int(name.dropFirst("results-".count).dropLast(".json".count)), i < result.models.count {
                    let safe = result.models[i].name.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "_" }
                    file = "results-" + String(safe) + ".json"
                }
                try AtomicFile.write(try store.read(object), to: path + "/" + file)
            }
            return .string(path)
        }
    }
}
