import SmolDatasets
import SmolKernels
import SmolModels
import SmolScript
import SmolTokenizers
import SmolTraining

/// The argument checks and shared parameters of the `train.*` commands.
enum TrainingArguments {
    // Declared once so the commands' docs cannot drift apart.
    static let lr = Parameter("lr", .number, doc: "peak learning rate")
    static func batchSize(_ doc: String) -> Parameter { Parameter("batch_size", .integer, default: .number(8), doc: doc) }
    static let microBatch = Parameter("micro_batch", .optional(.integer), default: .null,
                                      doc: "sequences (or pairs) per forward; batch_size / micro_batch gradient-accumulation steps (default: batch_size)")
    static func epochs(_ byDefault: Int) -> Parameter {
        Parameter("epochs", .optional(.number), default: .null, doc: "passes over the data (default \(byDefault) when tokens: is not given)")
    }
    static let tokens = Parameter("tokens", .optional(.integer), default: .null,
                                  doc: "fixed training budget: tokens / (batch_size × length) steps, length being the sequence length or the data's mean example length")
    static func maxLength(_ value: Int) -> Parameter {
        Parameter("max_length", .integer, default: .number(Double(value)), doc: "truncate examples to this many tokens (truncations are counted)")
    }
    static func warmupRatio(_ value: Double) -> Parameter {
        Parameter("warmup_ratio", .number, default: .number(value), doc: "share of the steps spent warming up linearly from 0")
    }
    static func schedule(_ name: String) -> Parameter {
        Parameter("schedule", .string, default: .string(name), choices: TrainingSettings.Schedule.allCases.map(\.rawValue),
                  doc: "after warmup: linear decay to 0, cosine to 10%, or constant")
    }
    static func weightDecay(_ value: Double) -> Parameter {
        Parameter("weight_decay", .number, default: .number(value), doc: "AdamW decoupled weight decay (never on norms and biases)")
    }
    static func maxGradNorm(_ value: Double) -> Parameter {
        Parameter("max_grad_norm", .number, default: .number(value), doc: "clip the global gradient norm to this (0: no clipping)")
    }
    static let template = Parameter("template", .string, default: .string("auto"), choices: ChatTemplate.allCases.map(\.rawValue) + ["auto"],
                                    doc: "chat template; auto: the tokenizer's own, else open-instruct's tulu")
    static let seed = Parameter("seed", .integer, default: .number(0), doc: "data-order seed")
    static let checkpointEvery = Parameter("checkpoint_every", .integer, default: .number(0),
                                           doc: "write a resumable checkpoint every N steps (0: only on Ctrl-C); an interrupted run resumes when called again")

    /// A positive integer argument.
    static func positive(_ context: CommandContext, _ name: String) throws -> Int {
        let value = try context.integer(name)
        guard value > 0 else { throw SmolKitError.argument(name, "is \(value); give a positive integer") }
        return value
    }

    /// `micro_batch:` checked against the batch size.
    static func microBatchSize(_ context: CommandContext, batchSize: Int) throws -> Int {
        guard let micro = try context.optionalInteger("micro_batch") else { return batchSize }
        guard micro > 0, batchSize % micro == 0 else {
            throw SmolKitError.argument("micro_batch", "is \(micro); give a positive divisor of batch_size \(batchSize)")
        }
        return micro
    }

    /// The step count from `epochs:` or `tokens:` (exactly one; `epochs` defaults to `defaultEpochs`).
    static func totalSteps(_ context: CommandContext, batchesPerEpoch: Int, batchSize: Int, meanLength: Double,
                           defaultEpochs: Double) throws -> Int {
        let epochs = try context.optionalNumber("epochs"), tokens = try context.optionalInteger("tokens")
        if epochs != nil && tokens != nil { throw SmolKitError.argument("tokens", "give epochs: or tokens:, not both") }
        if let tokens {
            guard tokens > 0 else { throw SmolKitError.argument("tokens", "is \(tokens); give a positive budget") }
            let steps = Int(Double(tokens) / (Double(batchSize) * max(meanLength, 1)))
            guard steps > 0 else {
                throw SmolKitError.argument("tokens", "\(tokens) tokens are less than one step of \(batchSize) × \(Int(meanLength.rounded())) tokens")
            }
            return steps
        }
        let e = epochs ?? defaultEpochs
        guard e > 0, e.isFinite else { throw SmolKitError.argument("epochs", "is \(e); give a positive number") }
        return max(1, Int((e * Double(batchesPerEpoch)).rounded()))
    }

    /// The optimisation settings from the common arguments.
    static func settings(_ context: CommandContext, totalSteps: Int, schedule: TrainingSettings.Schedule,
                         betas: (Double, Double) = (0.9, 0.999)) throws -> TrainingSettings {
        let lr = try context.number("lr"), warmupRatio = try context.number("warmup_ratio")
        guard lr.isFinite, lr > 0 else { throw SmolKitError.argument("lr", "is \(lr); give a positive learning rate") }
        guard warmupRatio >= 0, warmupRatio <= 1 else { throw SmolKitError.argument("warmup_ratio", "is \(warmupRatio); give a share in [0, 1]") }
        let decay = try context.number("weight_decay"), clip = try context.number("max_grad_norm")
        guard decay >= 0 else { throw SmolKitError.argument("weight_decay", "is \(decay); give a number ≥ 0") }
        guard clip >= 0 else { throw SmolKitError.argument("max_grad_norm", "is \(clip); give a number ≥ 0 (0: no clipping)") }
        let every = try context.integer("checkpoint_every")
        guard every >= 0 else { throw SmolKitError.argument("checkpoint_every", "is \(every); give 0 or more steps") }
        return TrainingSettings(learningRate: lr, totalSteps: totalSteps,
                                warmupSteps: TrainingSettings.warmupSteps(ratio: warmupRatio, totalSteps: totalSteps),
                                schedule: schedule, weightDecay: decay, beta1: betas.0, beta2: betas.1, maxGradNorm: clip,
                                checkpointEvery: every)
    }

    /// The model's tokenizer (training reads text).
    static func tokenizer(_ bundle: ModelBundle) throws -> Tokenizer {
        guard let tokenizer = bundle.tokenizer else {
            throw SmolKitError.argument("model", "has no tokenizer; load a folder with tokenizer.json or init with tokenizer:")
        }
        guard tokenizer.vocabularySize <= bundle.model.config.vocabSize else {
            throw SmolKitError.argument("model", "its tokenizer has \(tokenizer.vocabularySize) tokens but the model only \(bundle.model.config.vocabSize)")
        }
        return tokenizer
    }

    /// `template:`; "auto" is the tokenizer's own template, else open-instruct's `tulu`.
    static func chatTemplate(_ context: CommandContext, tokenizer: Tokenizer) throws -> ChatTemplate {
        if try context.string("template") == "auto" {
            guard let own = tokenizer.chatTemplateText else { return .tulu }
            return (try? ChatTemplate.recognize(own)) ?? .tulu
        }
        return try TokenizerCommands.chatTemplate(context, tokenizer: tokenizer)
    }

    /// The tokenizer a model fine-tuned on conversations rendered with `template` is saved with: it
    /// carries the template (tokenizer_config.json's `chat_template`, as open-instruct and TRL save it), so
    /// `chat: true` evaluation and generation use the format the model learned. A tokenizer whose own
    /// template is that one keeps its text.
    static func carrying(_ template: ChatTemplate, _ tokenizer: Tokenizer) -> Tokenizer {
        if let own = tokenizer.chatTemplateText, (try? ChatTemplate.recognize(own)) == template { return tokenizer }
        return tokenizer.carrying(template)
    }

    /// End of sequence: the tokenizer's, else the config's first.
    static func eos(_ bundle: ModelBundle, _ tokenizer: Tokenizer) throws -> Int {
        guard let eos = tokenizer.eosTokenID ?? bundle.model.config.eosTokenIds.first else {
            throw SmolKitError.argument("model", "neither its tokenizer nor its config names an EOS token; documents need a separator")
        }
        return eos
    }

    /// The id written into padding: the tokenizer's pad token when it has one, else EOS.
    static func padID(_ bundle: ModelBundle, _ tokenizer: Tokenizer) -> Int {
        for name in ["<|pad|>", "<pad>", "[PAD]"] { if let id = tokenizer.id(of: name) { return id } }
        return tokenizer.eosTokenID ?? bundle.model.config.eosTokenIds.first ?? 0
    }

    /// The engine of this session.
    static func engine(_ context: CommandContext) -> EngineOptions {
        EngineOptions(threads: context.threads, backend: context.session.options.backend)
    }

    /// Prints how many examples were cut or left out (and logs them as metrics).
    static func reportTruncation(_ context: CommandContext, kept: Int, truncated: Int, dropped: Int, unit: String, maxLength: Int) {
        context.metric("data.examples", Double(kept))
        context.metric("data.truncated", Double(truncated))
        context.metric("data.dropped", Double(dropped))
        guard truncated > 0 || dropped > 0 else { return }
        var line = "\(context.invocation.signature.name): \(truncated) \(unit) cut at max_length \(maxLength)"
        if dropped > 0 { line += "; \(dropped) left out (nothing left to train on)" }
        context.print(line)
    }
}
