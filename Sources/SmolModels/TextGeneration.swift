import SmolKernels
import SmolTokenizers

/// The continuation of one text prompt.
public struct TextContinuation: Sendable, Equatable {
    /// The new text, ending just before the earliest stop string when one was reached.
    public var text: String
    /// The new tokens: up to and including the one that completed a stop string, never a stop token
    /// or an end-of-sequence token.
    public var tokens: [Int]
}

extension ModelBundle {
    /// The token ids `generate` continues for each prompt: the tokenizer's special tokens added as its
    /// post-processor says (a Llama-3 BOS; nothing for SmolLM2), as Hugging Face and llama.cpp do,
    /// without doubling a BOS the prompt already spells out; an empty prompt becomes the BOS token
    /// (the tokenizer's, else config.json's `bos_token_id`).
    ///
    /// Throws `ModelError.invalidGeneration` without a tokenizer, and `ModelError.invalidPrompt` for an
    /// empty prompt when there is no BOS token to start from.
    public func promptTokens(_ prompts: [String]) throws -> [[Int]] {
        let tokenizer = try requireTokenizer()
        return try prompts.enumerated().map { i, prompt in
            var ids = tokenizer.encode(prompt, addSpecialTokens: true)
            if ids.count >= 2, let bos = tokenizer.bosTokenID, ids[0] == bos, ids[1] == bos { ids.removeFirst() }
            if ids.isEmpty {
                guard let bos = tokenizer.bosTokenID ?? model.config.bosTokenId else {
                    throw ModelError.invalidPrompt(index: i, "is empty and the model has no BOS token to start from; give a non-empty prompt")
                }
                ids = [bos]
            }
            return ids
        }
    }

    /// Continues each text prompt (see `continuations`) and returns the new text of each.
    public func generate(prompts: [String], options: GenerationOptions = GenerationOptions(),
                         engine: EngineOptions = EngineOptions(), isCancelled: () -> Bool = { false }) throws -> [String] {
        try continuations(prompts: prompts, options: options, engine: engine, isCancelled: isCancelled).map(\.text)
    }

    /// Continues each text prompt with the model: prompts tokenized by `promptTokens`, generated
    /// together by `LanguageModel.generate` (same seeding, batching and determinism), stopped by
    /// `options` where the end-of-sequence ids include the tokenizer's EOS, and decoded; the text is
    /// cut before the earliest stop string (lm-evaluation-harness `until`).
    ///
    /// Throws what `promptTokens` and `LanguageModel.generate` throw (`ModelError.promptTooLong` when
    /// a prompt leaves no room for `maxNewTokens`).
    public func continuations(prompts: [String], options: GenerationOptions = GenerationOptions(),
                              engine: EngineOptions = EngineOptions(),
                              isCancelled: () -> Bool = { false }) throws -> [TextContinuation] {
        let tokenizer = try requireTokenizer()
        try options.validate()
        var tokenOptions = options
        if options.stopAtEndOfSequence, let eos = tokenizer.eosTokenID { tokenOptions.stopTokens.insert(eos) }
        let decode: ([Int]) -> String = { tokenizer.decode($0) }
        let outputs = try model.generate(try promptTokens(prompts), options: tokenOptions, engine: engine,
                                         decode: decode, isCancelled: isCancelled)
        let stops = options.stopStrings.isEmpty ? nil : StopStrings(options.stopStrings, decode: decode)
        return outputs.map { tokens in
            let text = decode(tokens)
            return TextContinuation(text: stops?.cut(text) ?? text, tokens: tokens)
        }
    }

    /// The tokenizer, or an error saying text generation needs one.
    func requireTokenizer() throws -> Tokenizer {
        guard let tokenizer else {
            throw ModelError.invalidGeneration("the model has no tokenizer to read text prompts with; load a folder with tokenizer.json or attach a tokenizer")
        }
        return tokenizer
    }
}
