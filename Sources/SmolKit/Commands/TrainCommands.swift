import Foundation
import SmolCore
import SmolDatasets
import SmolLedger
import SmolModels
import SmolScript
import SmolTokenizers
import SmolTraining

/// `train.*`: pretraining, SFT, DPO and reward models on smol's own trainer (`SmolTraining.Trainer`),
/// and `train.resume`. Each logs per step loss, lr, grad_norm, tokens (supervised), real_tokens and
/// tokens_per_second, and records `lr_per_batch` beside its arguments.
enum TrainCommands {
    static var all: [CommandDefinition] { [pretrain, sft, dpo, rm, resume, ExternalTraining.importCommand] }
    typealias A = TrainingArguments

    static let pretrain = CommandDefinition(
        CommandSignature("train.pretrain", summary: "Causal-LM training on a text dataset, documents packed into seq_len windows separated by EOS (nothing padded).",
                         parameters: [
                             Parameter("model", .handle(.model), positional: true, doc: "model with a tokenizer"),
                             Parameter("corpus", .handle(.dataset), positional: true, doc: "documents (their text fields)"),
                             A.tokens, A.epochs(1), A.lr, A.batchSize("windows per step"),
                             Parameter("seq_len", .integer, default: .number(256), doc: "tokens per window"),
                             A.warmupRatio(0.03), A.schedule("cosine"), A.weightDecay(0.1), A.maxGradNorm(1), A.seed,
                             A.checkpointEvery,
                         ], returns: .handle(.model))
    ) { context in
        let bundle = try context.load("model", as: ModelBundle.self)
        let corpus = try context.load("corpus", as: Dataset.self)
        let tokenizer = try A.tokenizer(bundle)
        let batchSize = try A.positive(context, "batch_size"), length = try A.positive(context, "seq_len")
        let packed = PackedCorpus(texts: corpus.records.map(RecordText.of), tokenizer: tokenizer, eos: try A.eos(bundle, tokenizer),
                                  length: length, threads: context.threads)
        context.metric("data.tokens", Double(packed.stream.count))
        let model = try copy(bundle.model)
        let objective = try training { try PretrainingObjective(model: model, corpus: packed, batchSize: batchSize, seed: try seed(context)) }
        let steps = try A.totalSteps(context, batchesPerEpoch: objective.plan.batchesPerEpoch, batchSize: batchSize,
                                     meanLength: Double(length), defaultEpochs: 1)
        let settings = try A.settings(context, totalSteps: steps, schedule: try context.choice("schedule"), betas: (0.9, 0.95))
        try train(context, objective, settings, batchSize: batchSize)
        return .handle(try context.output(ModelBundle(model: model, tokenizer: bundle.tokenizer)))
    }

    static let sft = CommandDefinition(
        CommandSignature("train.sft", summary: "Supervised fine-tuning as open-instruct (Tulu 3): loss on assistant tokens only, sum reduction, gradient accumulation, linear schedule.",
                         parameters: [
                             Parameter("model", .handle(.model), positional: true, doc: "model with a tokenizer"),
                             Parameter("data", .handle(.dataset), positional: true,
                                       doc: "conversations (messages), or translation pairs, trained as a tagged conditional model (\"<en> source <ar> target\", loss on the target) for translate.run(…, format: \"tagged\")"),
                             A.lr, A.batchSize("sequences per optimiser step (effective batch)"), A.microBatch, A.epochs(2), A.tokens,
                             A.maxLength(2048),
                             Parameter("loss", .string, default: .string("sum"), choices: LossReduction.allCases.map(\.rawValue),
                                       doc: "sum over supervised tokens (Tulu 3) or their mean per micro-batch"),
                             A.warmupRatio(0.03), A.schedule("linear"), A.weightDecay(0), A.maxGradNorm(0), A.template, A.seed,
                             A.checkpointEvery,
                         ] + ExternalTraining.parameters, returns: ExternalTraining.returns)
    ) { context in
        let bundle = try context.load("model", as: ModelBundle.self)
        let data = try context.load("data", as: Dataset.self)
        let tokenizer = try A.tokenizer(bundle)
        let batchSize = try A.positive(context, "batch_size"), maxLength = try A.positive(context, "max_length")
        let micro = try A.microBatchSize(context, batchSize: batchSize)
        let template = try A.chatTemplate(context, tokenizer: tokenizer)
        let examples = try training {
            try SupervisedExamples(dataset: data, tokenizer: tokenizer, template: template, maxLength: maxLength, threads: context.threads)
        }
        A.reportTruncation(context, kept: examples.count, truncated: examples.truncated, dropped: examples.dropped,
                           unit: "examples", maxLength: maxLength)
        let model = try copy(bundle.model)
        let objective = try training {
            try SFTObjective(model: model, examples: examples, batchSize: batchSize, microBatchSize: micro,
                             reduction: try context.choice("loss"), padID: A.padID(bundle, tokenizer), seed: try seed(context))
        }
        let padding = objective.plan.paddingStats(epoch: 0)
        context.metric("data.pad_fraction", padding.padFraction)
        let meanLength = Double(examples.ids.reduce(0) { $0 + $1.count }) / Double(max(examples.count, 1))
        let steps = try A.totalSteps(context, batchesPerEpoch: objective.plan.batchesPerEpoch, batchSize: batchSize,
                                     meanLength: meanLength, defaultEpochs: 2)
        let settings = try A.settings(context, totalSteps: steps, schedule: try context.choice("schedule"))
        if let external = try ExternalTraining(context) {
            let recipe = TrainingRecipe(method: .sft, settings: settings, batchSize: batchSize, microBatchSize: micro, maxLength: maxLength,
                                        seed: try seed(context), template: template.rawValue, padID: A.padID(bundle, tokenizer),
                                        reduction: try context.choice("loss"))
            return try external.run(recipe, model: bundle, records: data.records, examples: .sft(examples),
                                    plan: objective.plan)
        }
        try train(context, objective, settings, batchSize: batchSize)
        let saved = data.schema == .translation ? tokenizer : A.carrying(template, tokenizer)
        return .handle(try context.output(ModelBundle(model: model, tokenizer: saved)))
    }

    static let dpo = CommandDefinition(
        CommandSignature("train.dpo", summary: "Direct preference optimisation (Tulu 3's dpo_norm by default) against reference log-probs computed once and cached.",
                         parameters: [
                             Parameter("model", .handle(.model), positional: true, doc: "policy and reference (an SFT model) with a tokenizer"),
                             Parameter("prefs", .handle(.dataset), positional: true, doc: "preference pairs (prompt, chosen, rejected)"),
                             Parameter("beta", .number, default: .number(5), doc: "β: strength of the pull towards the reference"),
                             Parameter("loss", .string, default: .string("dpo_norm"), choices: PreferenceLoss.Kind.allCases.map(\.rawValue),
                                       doc: "dpo_norm (length-averaged log-probs), sigmoid (summed) or ipo"),
                             Parameter("label_smoothing", .number, default: .number(0), doc: "ε of conservative DPO (sigmoid losses)"),
                             A.lr, A.batchSize("pairs per optimiser step"), A.microBatch, A.epochs(1), A.tokens, A.maxLength(2048),
                             A.warmupRatio(0.1), A.schedule("linear"), A.weightDecay(0), A.maxGradNorm(0), A.template, A.seed,
                             A.checkpointEvery,
                         ] + ExternalTraining.parameters, returns: ExternalTraining.returns)
    ) { context in
        let handle = try context.artifact("model", kind: .model)
        let bundle = try context.load("model", as: ModelBundle.self)
        let data = try context.load("prefs", as: Dataset.self)
        let tokenizer = try A.tokenizer(bundle)
        let batchSize = try A.positive(context, "batch_size"), maxLength = try A.positive(context, "max_length")
        let micro = try A.microBatchSize(context, batchSize: batchSize)
        let template = try A.chatTemplate(context, tokenizer: tokenizer)
        let pairs = try training { try PreferencePairs(dataset: data, tokenizer: tokenizer, template: template, maxLength: maxLength, threads: context.threads) }
        A.reportTruncation(context, kept: pairs.count, truncated: pairs.truncated, dropped: pairs.dropped, unit: "pairs", maxLength: maxLength)
        let loss: PreferenceLoss.Kind = try context.choice("loss")
        let padID = A.padID(bundle, tokenizer)
        if let external = try ExternalTraining(context) {
            let plan = DPOObjective.plan(pairs, batchSize: batchSize, seed: try seed(context))
            let steps = try A.totalSteps(context, batchesPerEpoch: plan.batchesPerEpoch, batchSize: batchSize,
                                         meanLength: pairs.meanLength, defaultEpochs: 1)
            let recipe = TrainingRecipe(method: .dpo, settings: try A.settings(context, totalSteps: steps, schedule: try context.choice("schedule")),
                                        batchSize: batchSize, microBatchSize: micro, maxLength: maxLength, seed: try seed(context),
                                        template: template.rawValue, padID: padID, preferenceLoss: loss, beta: try context.number("beta"),
                                        labelSmoothing: try context.number("label_smoothing"))
            return try external.run(recipe, model: bundle, records: data.records, examples: .dpo(pairs), plan: plan)
        }
        // The reference is the model as given; its log-probs are computed once and kept as an artifact.
        let reference = try ReferenceCache.logProbabilities(
            context, model: bundle.model, modelHash: handle.hash, dataHash: try context.artifact("prefs", kind: .dataset).hash,
            pairs: pairs, loss: loss, maxLength: maxLength, template: template, batchSize: micro, padID: padID)
        let model = try copy(bundle.model)
        let objective = try training {
            try DPOObjective(model: model, pairs: pairs, reference: reference, loss: loss, beta: try context.number("beta"),
                             labelSmoothing: try context.number("label_smoothing"), batchSize: batchSize, microBatchSize: micro,
                             padID: padID, seed: try seed(context))
        }
        let steps = try A.totalSteps(context, batchesPerEpoch: objective.plan.batchesPerEpoch, batchSize: batchSize,
                                     meanLength: pairs.meanLength, defaultEpochs: 1)
        try train(context, objective, try A.settings(context, totalSteps: steps, schedule: try context.choice("schedule")), batchSize: batchSize)
        return .handle(try context.output(ModelBundle(model: model, tokenizer: A.carrying(template, tokenizer))))
    }

    static let rm = CommandDefinition(
        CommandSignature("train.rm", summary: "A Bradley–Terry reward model: a scalar head on the last non-pad token, saved as LlamaForSequenceClassification.",
                         parameters: [
                             Parameter("model", .handle(.model), positional: true, doc: "backbone with a tokenizer (e.g. the SFT model)"),
                             Parameter("prefs", .handle(.dataset), positional: true, doc: "preference pairs (prompt, chosen, rejected)"),
                             A.lr, A.batchSize("pairs per optimiser step"), A.microBatch, A.epochs(1), A.tokens, A.maxLength(2048),
                             A.warmupRatio(0), A.schedule("linear"), A.weightDecay(0), A.maxGradNorm(0), A.template, A.seed,
                             A.checkpointEvery,
                         ], returns: .handle(.rewardModel))
    ) { context in
        let bundle = try context.load("model", as: ModelBundle.self)
        let data = try context.load("prefs", as: Dataset.self)
        let tokenizer = try A.tokenizer(bundle)
        let batchSize = try A.positive(context, "batch_size"), maxLength = try A.positive(context, "max_length")
        let micro = try A.microBatchSize(context, batchSize: batchSize)
        let template = try A.chatTemplate(context, tokenizer: tokenizer)
        let pairs = try training { try PreferencePairs(dataset: data, tokenizer: tokenizer, template: template, maxLength: maxLength, threads: context.threads) }
        A.reportTruncation(context, kept: pairs.count, truncated: pairs.truncated, dropped: pairs.dropped, unit: "pairs", maxLength: maxLength)
        let seed = try seed(context)
        let model = RewardModel(base: try copy(bundle.model), padTokenID: A.padID(bundle, tokenizer), tokenizer: A.carrying(template, tokenizer), seed: seed)
        let objective = try training { try RewardObjective(model: model, pairs: pairs, batchSize: batchSize, microBatchSize: micro, seed: seed) }
        let steps = try A.totalSteps(context, batchesPerEpoch: objective.plan.batchesPerEpoch, batchSize: batchSize,
                                     meanLength: pairs.meanLength, defaultEpochs: 1)
        try train(context, objective, try A.settings(context, totalSteps: steps, schedule: try context.choice("schedule")), batchSize: batchSize)
        return .handle(try context.output(model))
    }

    static let resume = CommandDefinition(
        CommandSignature("train.resume", summary: "Continues an interrupted training command from its checkpoint file, with its recorded arguments.",
                         parameters: [Parameter("path", .string, positional: true,
                                                doc: "checkpoint.safetensors (or its folder), e.g. under the workspace's checkpoints/")],
                         returns: .oneOf([.handle(.model), .handle(.rewardModel)]), cacheable: false)
    ) { context in
        var path = try context.path("path")
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue { path += "/checkpoint.safetensors" }
        guard FileManager.default.fileExists(atPath: path) else { throw SmolKitError.fileNotFound(path) }
        let folder = (path as NSString).deletingLastPathComponent
        guard (path as NSString).lastPathComponent == "checkpoint.safetensors" else {
            throw SmolKitError.argument("path", "name a checkpoint.safetensors written by a train.* command (or its folder)")
        }
        let checkpoint: TrainingCheckpoint
        do {
            guard let read = try CheckpointStore(folder: folder).load(identity: nil) else { throw SmolKitError.fileNotFound(path) }
            checkpoint = read
        } catch let error as TrainingError { throw SmolKitError.invalid(error.description) }
        guard let run = try? JSONParser.parse(checkpoint.run), case .string(let name)? = run["command"],
              case .object(let members)? = run["arguments"], let definition = context.session.registry[name] else {
            throw SmolKitError.argument("path", "the checkpoint does not say which command wrote it; it cannot be resumed by hand")
        }
        let arguments = members.map { (name: $0.key, value: ValueJSON.value(fromResult: $0.value)) }
        for (_, value) in arguments {
            for handle in ValueJSON.handles(in: value) where !context.store.holds(handle.ref) && !context.store.contains(handle.ref.sha256) {
                throw SmolKitError.missingArtifact(handle.ref.sha256)
            }
        }
        let invocation = CommandInvocation(signature: definition.signature, arguments: arguments,
                                           sourceText: context.invocation.sourceText, location: context.invocation.location,
                                           isCancelled: context.invocation.isCancelled)
        let child = CommandContext(invocation: invocation, session: context.session)
        child.cacheKey = checkpoint.identity
        child.checkpointFolder = folder
        context.print("train.resume: \(name) from step \(checkpoint.state.step) of \(checkpoint.settings.totalSteps)")
        for (name, value) in arguments {
            for handle in ValueJSON.handles(in: value) { context.input(handle.ref, role: name) }
        }
        let value: Value
        do { value = try definition.run(child) } catch {
            context.absorb(child)
            throw error
        }
        context.absorb(child)
        return value
    }

    // MARK: Shared

    /// Trains with progress and checkpoints, and records `lr_per_batch` (lr / batch_size) as a parameter.
    static func train<Objective: TrainingObjective>(_ context: CommandContext, _ objective: Objective, _ settings: TrainingSettings,
                                                    batchSize: Int) throws {
        context.derivedParameter("lr_per_batch", settings.learningRate / Double(batchSize))
        context.derivedParameter("steps", Double(settings.totalSteps))
        let trainer = try training { try Trainer(objective: objective, settings: settings, engine: A.engine(context)) }
        try TrainingRun(context: context).run(trainer)
    }

    /// A trainable copy of `model` (the input's payload stays as loaded: a handle may be used again).
    static func copy(_ model: LanguageModel) throws -> LanguageModel {
        var values: [String: [Float]] = [:]
        for (name, tensor) in model.parameters { values[name] = tensor.values }
        return try LanguageModel(config: model.config, values: values)
    }

    /// `seed:` as an unsigned integer.
    static func seed(_ context: CommandContext) throws -> UInt64 {
        let seed = try context.integer("seed")
        guard seed >= 0 else { throw SmolKitError.argument("seed", "is \(seed); give an integer ≥ 0") }
        return UInt64(seed)
    }

    /// Runs `body`, turning `TrainingError`s into command errors.
    static func training<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as TrainingError { throw SmolKitError.invalid(error.description) }
    }
}
