import SmolCore
import SmolKernels
import SmolModels
import SmolTokenizers

/// The generation tasks.
public enum GenerationTask: String, CaseIterable, Sendable {
    /// GSM8K-style math (`math` records: question, answer "… #### N"): strict-match and flexible-extract.
    case gsm
    /// IFEval (`instruction` records: prompt, instruction_id_list, kwargs): strict and loose accuracy.
    case ifeval

    /// The metrics a task reports, in lm-evaluation-harness's names.
    public var metricNames: [String] {
        switch self {
        case .gsm: ["exact_match,strict-match", "exact_match,flexible-extract"]
        case .ifeval: ["prompt_level_strict_acc", "inst_level_strict_acc", "prompt_level_loose_acc", "inst_level_loose_acc"]
        }
    }
}

/// One generated (or given) answer and its verdict.
public struct GenerationRecord: Sendable, Equatable {
    public var model: String
    public var task: String
    public var index: Int
    public var itemID: String
    public var prompt: String
    public var output: String
    /// The reference answer (GSM: the worked solution).
    public var target: String?
    /// Extracted answers by filter ("strict-match", "flexible-extract").
    public var extracted: [String: String]
    /// Verdicts by filter (GSM) or level ("strict", "loose" for the whole IFEval prompt).
    public var correct: [String: Bool]
    /// IFEval: the instructions and whether each was followed.
    public var instructionIDs: [String]
    public var followStrict: [Bool]
    public var followLoose: [Bool]

    public init(model: String, task: String, index: Int, itemID: String, prompt: String, output: String, target: String? = nil,
                extracted: [String: String] = [:], correct: [String: Bool] = [:], instructionIDs: [String] = [],
                followStrict: [Bool] = [], followLoose: [Bool] = []) {
        self.model = model
        self.task = task
        self.index = index
        self.itemID = itemID
        self.prompt = prompt
        self.output = output
        self.target = target
        self.extracted = extracted
        self.correct = correct
        self.instructionIDs = instructionIDs
        self.followStrict = followStrict
        self.followLoose = followLoose
    }

    public var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("type", "generation"), ("model", .string(model)), ("task", .string(task)), ("doc_id", .number(Double(index))),
            ("item_id", .string(itemID)), ("prompt", .string(prompt)), ("output", .string(output)),
            ("target", target.map(JSONValue.string) ?? .null),
            ("extracted", .object(extracted.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("correct", .object(correct.sorted { $0.key < $1.key }.map { ($0.key, .bool($0.value)) })),
        ]
        if !instructionIDs.isEmpty {
            members.append(("instruction_id_list", .array(instructionIDs.map(JSONValue.string))))
            members.append(("follow_instruction_list_strict", .array(followStrict.map(JSONValue.bool))))
            members.append(("follow_instruction_list_loose", .array(followLoose.map(JSONValue.bool))))
        }
        return .object(members)
    }

    public init(json: JSONValue) throws {
        guard let model = json["model"]?.stringValue, let task = json["task"]?.stringValue, let index = json["doc_id"]?.intValue,
              let output = json["output"]?.stringValue else {
            throw EvaluationError.malformedResult("a generation record needs model, task, doc_id and output")
        }
        var extracted: [String: String] = [:], correct: [String: Bool] = [:]
        for m in json["extracted"]?.objectValue ?? [] { if let s = m.value.stringValue { extracted[m.key] = s } }
        for m in json["correct"]?.objectValue ?? [] { if let b = m.value.boolValue { correct[m.key] = b } }
        self.init(model: model, task: task, index: index, itemID: json["item_id"]?.stringValue ?? "", prompt: json["prompt"]?.stringValue ?? "",
                  output: output, target: json["target"]?.stringValue, extracted: extracted, correct: correct,
                  instructionIDs: (json["instruction_id_list"]?.arrayValue ?? []).compactMap(\.stringValue),
                  followStrict: (json["follow_instruction_list_strict"]?.arrayValue ?? []).compactMap(\.boolValue),
                  followLoose: (json["follow_instruction_list_loose"]?.arrayValue ?? []).compactMap(\.boolValue))
    }

    /// IFEval's verdict, rebuilt from the record.
    var verdict: IFEvalChecker.Verdict { IFEvalChecker.Verdict(strict: followStrict, loose: followLoose) }
}

/// What a generation evaluation runs.
public struct GenerationSettings: Sendable {
    public var task: GenerationTask
    /// The name the results and metrics carry (the dataset's, by default).
    public var taskName: String
    public var shots: Int
    public var maxTokens: Int
    /// Render each prompt as one user turn of the tokenizer's chat template.
    public var chat: Bool

    public init(task: GenerationTask, taskName: String, shots: Int = 0, maxTokens: Int = 256, chat: Bool = false) {
        self.task = task
        self.taskName = taskName
        self.shots = shots
        self.maxTokens = maxTokens
        self.chat = chat
    }
}

/// Generation tasks: prompts, greedy generation, extraction and verdicts.
public enum GenerationEvaluation {
    /// The prompt of record `record` (GSM: after the first `shots` records of `pool` other than it).
    public static func prompt(_ record: JSONValue, index: Int, settings: GenerationSettings, pool: [JSONValue]) throws -> String {
        switch settings.task {
        case .gsm:
            guard let question = record["question"]?.stringValue else {
                throw EvaluationError.invalidItem(index: index, "has no \"question\"; GSM needs math records (question, answer ending in '#### N')")
            }
            let shots = pool.filter { $0["question"]?.stringValue != question }.prefix(settings.shots).compactMap { shot -> (String, String)? in
                guard let q = shot["question"]?.stringValue, let a = shot["answer"]?.stringValue else { return nil }
                return (q, a)
            }
            return GSMTask.prompt(question: question, shots: shots)
        case .ifeval:
            guard let prompt = record["prompt"]?.stringValue else {
                throw EvaluationError.invalidItem(index: index, "has no \"prompt\"; IFEval needs instruction records (prompt, instruction_id_list, kwargs)")
            }
            return prompt
        }
    }

    /// Scores an output for a record.
    public static func score(_ record: JSONValue, index: Int, output: String, prompt: String, model: String,
                             settings: GenerationSettings) throws -> GenerationRecord {
        let id = record["id"]?.stringValue ?? ""
        switch settings.task {
        case .gsm:
            let reference = record["answer"]?.stringValue ?? record["final"]?.stringValue ?? ""
            let strict = GSMTask.strictMatch(output), flexible = GSMTask.flexibleExtract(output)
            return GenerationRecord(model: model, task: settings.taskName, index: index, itemID: id, prompt: prompt, output: output,
                                    target: reference, extracted: ["strict-match": strict, "flexible-extract": flexible],
                                    correct: ["strict-match": GSMTask.isCorrect(strict, reference: reference),
                                              "flexible-extract": GSMTask.isCorrect(flexible, reference: reference)])
        case .ifeval:
            let ids = (record["instruction_id_list"]?.arrayValue ?? []).compactMap(\.stringValue)
            let verdict = try IFEvalChecker.check(response: output, instructionIDs: ids, kwargs: record["kwargs"]?.arrayValue ?? [])
            return GenerationRecord(model: model, task: settings.taskName, index: index, itemID: id, prompt: prompt, output: output,
                                    correct: ["strict": verdict.promptStrict, "loose": verdict.promptLoose], instructionIDs: ids,
                                    followStrict: verdict.strict, followLoose: verdict.loose)
        }
    }

    /// Generates greedily for every record (batches of `batch` prompts) and scores each output.
    public static func run(_ bundle: ModelBundle, model: String, records: [JSONValue], pool: [JSONValue], settings: GenerationSettings,
                           engine: EngineOptions, batch: Int = 8, isCancelled: @escaping () -> Bool = { false },
                           progress: (Int, Int) -> Void = { _, _ in }) throws -> [GenerationRecord] {
        guard let tokenizer = bundle.tokenizer else {
            throw EvaluationError.unsupported("the model has no tokenizer; load a folder with tokenizer.json or attach one with tokenizer:")
        }
        let turn = settings.chat ? try ChatTurn(tokenizer: tokenizer) : nil
        let prompts = try records.enumerated().map { try prompt($1, index: $0, settings: settings, pool: pool) }
        let rendered = prompts.map { text in turn?.render(text) ?? text }
        let stops = settings.task == .gsm ? GSMTask.stopStrings : []
        var options = GenerationOptions(maxNewTokens: settings.maxTokens, temperature: 0, stopStrings: stops, stopAtEndOfSequence: true)
        if let eos = tokenizer.eosTokenID { options.stopTokens.insert(eos) }
        // A prompt longer than the model's positions minus the answer loses tokens on the left
        // (lm-evaluation-harness `generate_until`).
        let room = max(bundle.model.config.maxPositionEmbeddings - settings.maxTokens, 1)
        let tokens = try bundle.promptTokens(rendered).map { $0.count > room ? Array($0.suffix(room)) : $0 }
        let decode: ([Int]) -> String = { tokenizer.decode($0) }
        let cutter = stops.isEmpty ? nil : StopStrings(stops, decode: decode)
        var outputs: [String] = []
        var start = 0
        while start < tokens.count {
            if isCancelled() { throw EvaluationError.cancelled }
            let end = min(start + batch, tokens.count)
            let generated = try bundle.model.generate(Array(tokens[start..<end]), options: options, engine: engine, decode: decode,
                                                      isCancelled: isCancelled)
            outputs += generated.map { cutter?.cut(decode($0)) ?? decode($0) }
            progress(end, tokens.count)
            start = end
        }
        return try records.indices.map {
            try score(records[$0], index: $0, output: outputs[$0], prompt: rendered[$0], model: model, settings: settings)
        }
    }

    /// Task metrics over a model's records.
    public static func metrics(_ records: [GenerationRecord], task: GenerationTask) -> [(name: String, value: Double)] {
        guard !records.isEmpty else { return [] }
        switch task {
        case .gsm:
            return ["strict-match", "flexible-extract"].map { filter in
                ("exact_match,\(filter)", Double(records.filter { $0.correct[filter] == true }.count) / Double(records.count))
            }
        case .ifeval:
            return IFEvalChecker.accuracies(records.map(\.verdict))
        }
    }
}
