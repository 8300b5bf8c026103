import Foundation
import SmolCore
import SmolFormats
import SmolKernels
import SmolLedger
import SmolModels
import SmolScript
import SmolTokenizers

/// `model.*`: create, load, save, describe and sample from Llama-family models.
enum ModelCommands {
    static var all: [CommandDefinition] { [initialize, load, save, generate, info] }

    static let initialize = CommandDefinition(
        CommandSignature("model.init", summary: "A freshly initialised model from a preset or a config.json (seeded).",
                         parameters: [
                             Parameter("preset", .optional(.string), choices: ModelConfig.presetNames, doc: "a named shape"),
                             Parameter("config", .optional(.string), doc: "path of a Hugging Face config.json instead of a preset"),
                             Parameter("seed", .integer, default: .number(0), doc: "initialisation seed"),
                             Parameter("tokenizer", .optional(.handle(.tokenizer)),
                                       doc: "attach a tokenizer; the vocabulary size (and BOS/EOS ids the config lacks) follow it"),
                         ], returns: .handle(.model)),
        fileParameters: ["config"]
    ) { context in
        var config: ModelConfig
        switch (try context.optionalString("preset"), try context.optionalString("config")) {
        case (let name?, nil):
            guard let preset = ModelConfig.preset(name) else {
                throw SmolKitError.argument("preset", "unknown preset '\(name)'; use one of \(ModelConfig.presetNames.joined(separator: ", "))")
            }
            config = preset
        case (nil, let path?):
            let resolved = context.session.resolvePath(path)
            try context.input(fileAt: resolved, kind: .config, role: "config")
            config = try ModelConfig.load(configAt: resolved)
        default:
            throw SmolKitError.invalid("give exactly one of preset: or config:")
        }
        let tokenizer = try context.loadIfGiven("tokenizer", as: Tokenizer.self)
        if let tokenizer {
            config.vocabSize = tokenizer.vocabularySize
            if config.eosTokenIds.isEmpty, let eos = tokenizer.eosTokenID { config.eosTokenIds = [eos] }
            if config.bosTokenId == nil { config.bosTokenId = tokenizer.bosTokenID }
        }
        try config.validate(path: try context.optionalString("config") ?? "preset")
        let bytes = Double(config.checkedParameterCount() ?? Int.max) * 4
        guard bytes < Double(ProcessInfo.processInfo.physicalMemory) / 2 else {
            throw SmolKitError.invalid("the model would need \(String(format: "%.1f", bytes / 1e9)) GB of float32 weights, more than half of this machine's memory; use a smaller config")
        }
        let model = LanguageModel(config: config, seed: UInt64(try context.integer("seed")))
        return .handle(try context.output(ModelBundle(model: model, tokenizer: tokenizer)))
    }

    static let load = CommandDefinition(
        CommandSignature("model.load", summary: "Loads a Hugging Face model folder (safetensors) or a llama.cpp .gguf file.",
                         parameters: [
                             Parameter("path", .string, positional: true, doc: "model folder or .gguf file"),
                             Parameter("tokenizer", .optional(.handle(.tokenizer)),
                                       doc: "attach this tokenizer instead of the one shipped with the model (or to a model that has none)"),
                         ],
                         returns: .handle(.model)),
        fileParameters: ["path"]
    ) { context in
        let path = try context.inputPath("path")
        let model = try LanguageModel.load(path: path)
        let tokenizer: Tokenizer?
        if let attached = try context.loadIfGiven("tokenizer", as: Tokenizer.self) {
            guard attached.vocabularySize <= model.config.vocabSize else {
                throw SmolKitError.argument("tokenizer", "has \(attached.vocabularySize) tokens but the model's vocabulary is \(model.config.vocabSize); attach the tokenizer the model was trained with")
            }
            tokenizer = attached
        } else {
            tokenizer = try ModelBundle.shippedTokenizer(at: path)
        }
        return .handle(try context.output(ModelBundle(model: model, tokenizer: tokenizer)))
    }

    static let save = CommandDefinition(
        CommandSignature("model.save", summary: "Writes a model in the Hugging Face layout (config.json, model.safetensors, tokenizer.json).",
                         parameters: [
                             Parameter("model", .handle(.model), positional: true, doc: "model to save"),
                             Parameter("path", .string, positional: true,
                                       doc: "destination folder: new, empty, or holding only a model's files (replaced)"),
                             Parameter("dtype", .optional(.string), choices: ["f32", "bf16", "f16"],
                                       doc: "weight dtype; default: bf16 or f16 when every weight was loaded in that dtype and still fits it exactly, else f32"),
                         ], returns: .handle(.model), cacheable: false)
    ) { context in
        let bundle = try context.load("model", as: ModelBundle.self)
        let path = try context.path("path")
        let dtype: DType
        if let name = try context.optionalString("dtype") {
            dtype = DType(rawValue: name.uppercased())!   // one of the declared choices
        } else {
            dtype = bundle.model.losslessDType
        }
        try bundle.save(to: path, dtype: dtype)
        return .handle(try context.output(bundle))
    }

    static let generate = CommandDefinition(
        CommandSignature("model.generate", summary: "Continues each prompt (greedy, or seeded sampling) with the model's tokenizer.",
                         parameters: [
                             Parameter("model", .handle(.model), positional: true, doc: "model with a tokenizer"),
                             Parameter("prompts", .oneOf([.string, .list(.string)]), positional: true,
                                       doc: "a prompt or a list of prompts; an empty prompt starts from the BOS token (an error when the model has none)"),
                             Parameter("max_tokens", .integer, default: .number(64),
                                       doc: "new tokens per prompt at most (≥ 0); prompt + max_tokens must fit the model's max_position_embeddings"),
                             Parameter("temperature", .number, default: .number(0), doc: "≥ 0; 0 is greedy"),
                             Parameter("top_k", .integer, default: .number(0), doc: "keep the k most likely tokens (≥ 0; 0: all)"),
                             Parameter("top_p", .number, default: .number(1), doc: "nucleus sampling mass in (0, 1] (1: all)"),
                             Parameter("seed", .integer, default: .number(0), doc: "sampling seed (an integer ≥ 0)"),
                             Parameter("stop", .list(.string), default: .emptyList,
                                       doc: "stop strings: a sequence ends once its new text contains one, and the text returned ends just before it (the EOS tokens of the tokenizer and config.json always stop)"),
                         ], returns: .oneOf([.string, .list(.string)]))
    ) { context in
        let bundle = try context.load("model", as: ModelBundle.self)
        guard bundle.tokenizer != nil else {
            throw SmolKitError.argument("model", "has no tokenizer; load a folder with tokenizer.json or init with tokenizer:")
        }
        let single: Bool
        let prompts: [String]
        switch context["prompts"] {
        case .string(let s): prompts = [s]; single = true
        default:
            prompts = try context.list("prompts").map { if case .string(let s) = $0 { return s }; return "" }
            single = false
        }
        let options = try generationOptions(context)
        let engine = EngineOptions(threads: context.threads, backend: context.session.options.backend)
        let continuations: [TextContinuation]
        do {
            continuations = try bundle.continuations(prompts: prompts, options: options, engine: engine,
                                                     isCancelled: { context.isCancelled })
        } catch ModelError.promptTooLong(let i, let tokens, let maxNewTokens, let positions) {
            throw SmolKitError.argument("max_tokens", "is \(maxNewTokens) but prompt \(i) has \(tokens) tokens and the model has \(positions) positions (max_position_embeddings); lower max_tokens to at most \(max(positions - tokens, 0)) or shorten the prompt")
        } catch ModelError.invalidPrompt(let i, let what) {
            throw SmolKitError.argument("prompts", "prompt \(i) \(what)")
        }
        try context.checkCancellation()
        context.metric("generate.tokens", Double(continuations.map(\.tokens.count).reduce(0, +)))
        let texts = continuations.map(\.text)
        return single ? .string(texts[0]) : .list(texts.map(Value.string))
    }

    /// The sampling and stopping arguments of `model.generate`, checked (the end-of-sequence tokens of
    /// the config and the tokenizer always stop).
    static func generationOptions(_ context: CommandContext) throws -> GenerationOptions {
        let maxTokens = try context.integer("max_tokens"), temperature = try context.number("temperature")
        let topK = try context.integer("top_k"), topP = try context.number("top_p"), seed = try context.integer("seed")
        guard maxTokens >= 0 else { throw SmolKitError.argument("max_tokens", "is \(maxTokens); give 0 or more new tokens") }
        guard temperature.isFinite && temperature >= 0 else {
            throw SmolKitError.argument("temperature", "is \(temperature); give a number ≥ 0 (0 is greedy)")
        }
        guard topK >= 0 else { throw SmolKitError.argument("top_k", "is \(topK); give 0 (keep all tokens) or more") }
        guard topP > 0 && topP <= 1 else { throw SmolKitError.argument("top_p", "is \(topP); give a number in (0, 1] (1 keeps all tokens)") }
        guard seed >= 0 else { throw SmolKitError.argument("seed", "is \(seed); give an integer ≥ 0") }
        let stop = try context.list("stop").map { value -> String in
            guard case .string(let s) = value, !s.isEmpty else {
                throw SmolKitError.argument("stop", "an empty stop string would end every sequence at once; remove it")
            }
            return s
        }
        return GenerationOptions(maxNewTokens: maxTokens, temperature: Float(temperature), topK: topK, topP: Float(topP),
                                 seed: UInt64(seed), stopStrings: stop, stopAtEndOfSequence: true)
    }

    static let info = CommandDefinition(
        CommandSignature("model.info", summary: "Parameters, shapes, stored dtype, tokenizer, EOS ids and hash of a model.",
                         parameters: [Parameter("model", .handle(.model), positional: true, doc: "model to describe")],
                         returns: .record)
    ) { context in
        let handle = try context.artifact("model", kind: .model)
        let bundle = try context.load("model", as: ModelBundle.self)
        let c = bundle.model.config
        let shapes = bundle.model.parameterShapes.map { Value.string("\($0.name) \($0.shape)") }
        return .record(Record([
            ("parameters", .number(Double(bundle.model.parameterCount))), ("layers", .number(Double(c.numHiddenLayers))),
            ("hidden", .number(Double(c.hiddenSize))), ("heads", .number(Double(c.numAttentionHeads))),
            ("kv_heads", .number(Double(c.numKeyValueHeads))), ("vocab", .number(Double(c.vocabSize))),
            ("dtype", .string(bundle.model.losslessDType.rawValue.lowercased())),
            ("tokenizer", .bool(bundle.tokenizer != nil)),
            ("eos_token_ids", .list(c.eosTokenIds.map { .number(Double($0)) })),
            ("hash", .string(handle.hash)), ("shapes", .list(shapes)),
        ]))
    }
}
