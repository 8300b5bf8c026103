import SmolCore

/// A model that was evaluated: its display name and artifact hash.
public struct EvaluatedModel: Sendable, Equatable {
    public var name: String
    public var hash: String

    public init(name: String, hash: String) {
        self.name = name
        self.hash = hash
    }
}

/// One cell of a results table: a metric of one model on one task under one condition and scoring.
public struct AccuracyCell: Sendable, Equatable {
    public var model: String
    public var task: String
    public var condition: String
    /// The scoring or filter: "symbol", "cloze_norm", "strict-match", "prompt_level_loose_acc", …
    public var scoring: String
    public var value: Double
    /// Items behind the value.
    public var n: Int
    /// Standard error of the mean (lm-evaluation-harness's `_stderr`).
    public var stderr: Double
}

/// The outcome of an evaluation: what ran (settings), on which models, and every per-item record —
/// enough to recompute every table and scoring without a model.
///
/// Stored as a tree: `eval.json` (kind, task, models, settings), `samples.jsonl` (one record per
/// line: model × condition × item for multiple choice, model × item for generation) and, per model,
/// `results-<i>.json` shaped like lm-evaluation-harness's results (`results`, `configs`, `versions`,
/// `n-shot`, `n-samples`, `config`).
public struct EvalResult: Sendable {
    public enum Kind: String, Sendable { case mcq, generation }

    public var kind: Kind
    public var task: String
    public var models: [EvaluatedModel]
    /// What was run (format, conditions, scorings, shots, seed… for multiple choice; task, shots,
    /// max_tokens for generation), as given.
    public var settings: JSONValue
    public var conditions: [String]
    public var scorings: [ScoringMethod]
    public var generationTask: GenerationTask?
    public var itemRecords: [ItemRecord]
    public var generationRecords: [GenerationRecord]

    public init(kind: Kind, task: String, models: [EvaluatedModel], settings: JSONValue, conditions: [String] = ["original"],
                scorings: [ScoringMethod] = [], generationTask: GenerationTask? = nil, itemRecords: [ItemRecord] = [],
                generationRecords: [GenerationRecord] = []) {
        self.kind = kind
        self.task = task
        self.models = models
        self.settings = settings
        self.conditions = conditions
        self.scorings = scorings
        self.generationTask = generationTask
        self.itemRecords = itemRecords
        self.generationRecords = generationRecords
    }

    // MARK: Tables

    /// Accuracy per model × condition × scoring (multiple choice: `scorings`, default the result's;
    /// generation: the task's metrics), models and conditions in the result's order.
    public func accuracies(scorings requested: [ScoringMethod]? = nil) throws -> [AccuracyCell] {
        switch kind {
        case .mcq:
            let methods = requested ?? scorings
            var byKey: [String: [ItemRecord]] = [:]
            for record in itemRecords { byKey["\(record.model)\u{1F}\(record.condition)", default: []].append(record) }
            var cells: [AccuracyCell] = []
            for model in models {
                for condition in conditions {
                    let records = byKey["\(model.name)\u{1F}\(condition)"] ?? []
                    for method in methods {
                        var outcomes: [Double] = []
                        for record in records {
                            guard let correct = record.correct(method) else {
                                let missing = method.kinds.filter { !record.kinds.contains($0) }.map(\.rawValue)
                                throw EvaluationError.missingRecords("scoring '\(method.rawValue)' needs \(missing.joined(separator: " and ")) log-likelihoods, which this result did not record; run eval.mcq with scoring: [\"\(method.rawValue)\"] (known requests come from the cache)")
                            }
                            outcomes.append(correct ? 1 : 0)
                        }
                        cells.append(AccuracyCell(model: model.name, task: task, condition: condition, scoring: method.rawValue,
                                                  value: outcomes.isEmpty ? .nan : outcomes.reduce(0, +) / Double(outcomes.count),
                                                  n: outcomes.count, stderr: Bootstrap.standardError(outcomes)))
                    }
                }
            }
            return cells
        case .generation:
            guard let generationTask else { return [] }
            var cells: [AccuracyCell] = []
            for model in models {
                let records = generationRecords.filter { $0.model == model.name }
                for (name, value) in GenerationEvaluation.metrics(records, task: generationTask) {
                    let outcomes: [Double]
                    switch generationTask {
                    case .gsm: outcomes = records.map { $0.correct[String(name.split(separator: ",").last ?? "")] == true ? 1 : 0 }
                    case .ifeval:
                        outcomes = name.hasPrefix("prompt")
                            ? records.map { (name.contains("strict") ? $0.verdict.promptStrict : $0.verdict.promptLoose) ? 1 : 0 }
                            : records.flatMap { (name.contains("strict") ? $0.followStrict : $0.followLoose).map { $0 ? 1 : 0 } }
                    }
                    let scoring = generationTask == .gsm ? String(name.split(separator: ",").last ?? "") : name
                    cells.append(AccuracyCell(model: model.name, task: task, condition: "original", scoring: scoring, value: value,
                                              n: outcomes.count, stderr: Bootstrap.standardError(outcomes)))
                }
            }
            return cells
        }
    }

    // MARK: Files

    /// `eval.json`.
    public var manifest: JSONValue {
        [
            "kind": .string(kind.rawValue), "task": .string(task),
            "models": .array(models.map { ["name": .string($0.name), "hash": .string($0.hash)] }),
            "settings": settings, "conditions": .array(conditions.map(JSONValue.string)),
            "scorings": .array(scorings.map { .string($0.rawValue) }),
            "generation_task": generationTask.map { .string($0.rawValue) } ?? .null,
            "smol_eval_version": 1,
        ]
    }

    /// `samples.jsonl`: canonical JSON, one record per line.
    public func samplesJSONL() -> [UInt8] {
        var out: [UInt8] = []
        for record in itemRecords {
            out += record.json(scorings: scorings).canonicalBytes()
            out.append(0x0A)
        }
        for record in generationRecords {
            out += record.json.canonicalBytes()
            out.append(0x0A)
        }
        return out
    }

    /// The lm-evaluation-harness-shaped results of one model.
    public func resultsJSON(model: EvaluatedModel) throws -> JSONValue {
        let cells = try accuracies().filter { $0.model == model.name }
        var results: [(key: String, value: JSONValue)] = [], configs: [(key: String, value: JSONValue)] = []
        var versions: [(key: String, value: JSONValue)] = [], shots: [(key: String, value: JSONValue)] = []
        var samples: [(key: String, value: JSONValue)] = []
        let conditionNames = kind == .mcq ? conditions : ["original"]
        for condition in conditionNames {
            let name = conditionNames.count == 1 && condition == "original" ? task : "\(task)_\(condition)"
            var metrics: [(key: String, value: JSONValue)] = [("alias", .string(name))]
            let mine = cells.filter { $0.condition == condition }
            for cell in mine {
                let metric = kind == .mcq ? "acc_\(cell.scoring)" : (generationTask == .gsm ? "exact_match" : cell.scoring)
                let filter = kind == .mcq || generationTask == .ifeval ? "none" : cell.scoring
                metrics.append(("\(metric),\(filter)", .number(cell.value)))
                metrics.append(("\(metric)_stderr,\(filter)", cell.stderr.isNaN ? .string("N/A") : .number(cell.stderr)))
            }
            results.append((name, .object(metrics)))
            let metricList: [JSONValue] = kind == .mcq
                ? scorings.map { ["metric": .string($0.metricName), "aggregation": "mean", "higher_is_better": true] }
                : (generationTask?.metricNames ?? []).map { ["metric": .string($0), "aggregation": "mean", "higher_is_better": true] }
            configs.append((name, [
                "task": .string(name), "output_type": .string(kind == .mcq ? "multiple_choice" : "generate_until"),
                "num_fewshot": settings["shots"] ?? 0, "target_delimiter": " ", "fewshot_delimiter": "\n\n",
                "metric_list": .array(metricList),
                "metadata": ["condition": .string(condition), "settings": settings, "version": 1],
            ]))
            versions.append((name, 1))
            shots.append((name, settings["shots"] ?? 0))
            let n = mine.first?.n ?? 0
            samples.append((name, ["original": .number(Double(n)), "effective": .number(Double(n))]))
        }
        return [
            "results": .object(results), "configs": .object(configs), "versions": .object(versions),
            "n-shot": .object(shots), "n-samples": .object(samples),
            "config": ["model": "smol", "model_name": .string(model.name), "model_hash": .string(model.hash),
                       "device": "cpu", "batch_size": "auto"],
        ]
    }

    /// Reads back the files written from `manifest` and `samplesJSONL()`.
    public init(manifest: JSONValue, samples: [UInt8]) throws {
        guard let kind = manifest["kind"]?.stringValue.flatMap(Kind.init), let task = manifest["task"]?.stringValue else {
            throw EvaluationError.malformedResult("eval.json needs kind and task")
        }
        self.kind = kind
        self.task = task
        models = (manifest["models"]?.arrayValue ?? []).compactMap { m in
            guard let name = m["name"]?.stringValue, let hash = m["hash"]?.stringValue else { return nil }
            return EvaluatedModel(name: name, hash: hash)
        }
        settings = manifest["settings"] ?? .object([])
        conditions = (manifest["conditions"]?.arrayValue ?? []).compactMap(\.stringValue)
        scorings = try ScoringMethod.parse((manifest["scorings"]?.arrayValue ?? []).compactMap(\.stringValue))
        generationTask = manifest["generation_task"]?.stringValue.flatMap(GenerationTask.init)
        itemRecords = []
        generationRecords = []
        var start = 0
        while start < samples.count {
            var end = start
            while end < samples.count && samples[end] != 0x0A { end += 1 }
            if end > start {
                let record = try JSONParser.parse(Array(samples[start..<end]))
                if record["type"]?.stringValue == "generation" {
                    generationRecords.append(try GenerationRecord(json: record))
                } else {
                    itemRecords.append(try ItemRecord(json: record))
                }
            }
            start = end + 1
        }
    }
}
