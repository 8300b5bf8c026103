/// How `generate` picks tokens and when a sequence ends. Used by token-level generation
/// (`LanguageModel.generate`) and text generation (`ModelBundle.generate`) alike.
///
/// A sequence ends at the first of: `maxNewTokens` new tokens; a token of `stopTokens`, or an
/// end-of-sequence id when `stopAtEndOfSequence` (neither is returned); a new text containing one of
/// `stopStrings` (the tokens are returned, the text is cut just before the string).
public struct GenerationOptions: Sendable, Equatable {
    /// Most tokens to add to each prompt.
    public var maxNewTokens: Int
    /// Softmax temperature; 0 means greedy (argmax).
    public var temperature: Float
    /// Keep only the k most likely tokens (0: all).
    public var topK: Int
    /// Keep the smallest set of most likely tokens whose probability reaches p (1: all).
    public var topP: Float
    /// Seed of the sampling stream; draws are keyed by (seed, prompt index, position).
    public var seed: UInt64
    /// Tokens that end a sequence (not included in the output).
    public var stopTokens: Set<Int>
    /// Text that ends a sequence (lm-evaluation-harness `until`); none may be empty. Checking needs a
    /// decoder: the bundle's tokenizer, or `decode:` of `LanguageModel.generate`.
    public var stopStrings: [String]
    /// Whether the end-of-sequence ids end a sequence as `stopTokens` do: the model's
    /// (config.json `eos_token_id`) and, for text generation, the tokenizer's.
    public var stopAtEndOfSequence: Bool
    /// The copy of the linear weights decoding reads: a GGUF's own blocks where they give the f32
    /// bits (`.native`, the default), the f32 tensors (`.f32`), or a re-quantised copy made once per
    /// model (`.q8_0`, `.q4_1`, and `.q8_0_q8` with int8 activations too: faster, not bit-identical).
    /// See `WeightPrecision`.
    public var weights: WeightPrecision

    /// Options; the defaults give 64 greedy tokens, ended early by an end-of-sequence token, with the
    /// bits of the f32 weights.
    public init(maxNewTokens: Int = 64, temperature: Float = 0, topK: Int = 0, topP: Float = 1, seed: UInt64 = 0,
                stopTokens: Set<Int> = [], stopStrings: [String] = [], stopAtEndOfSequence: Bool = true,
                weights: WeightPrecision = .native) {
        self.maxNewTokens = maxNewTokens
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.seed = seed
        self.stopTokens = stopTokens
        self.stopStrings = stopStrings
        self.stopAtEndOfSequence = stopAtEndOfSequence
        self.weights = weights
    }

    /// Checks every option: `maxNewTokens` ≥ 0, `temperature` finite and ≥ 0 (0 is greedy), `topK` ≥ 0
    /// (0 keeps all), `topP` in (0, 1] (1 keeps all), no empty stop string. Throws
    /// `ModelError.invalidGeneration` naming the option and its valid range.
    public func validate() throws {
        func fail(_ what: String) -> ModelError { .invalidGeneration(what) }
        guard maxNewTokens >= 0 else { throw fail("maxNewTokens is \(maxNewTokens); it must be ≥ 0") }
        guard temperature.isFinite && temperature >= 0 else {
            throw fail("temperature is \(temperature); it must be a finite number ≥ 0 (0 is greedy)")
        }
        guard topK >= 0 else { throw fail("topK is \(topK); it must be ≥ 0 (0 keeps every token)") }
        guard topP > 0 && topP <= 1 else { throw fail("topP is \(topP); it must be in (0, 1] (1 keeps every token)") }
        if let empty = stopStrings.firstIndex(of: "") {
            throw fail("stop string \(empty) is empty; it would end every sequence at once")
        }
    }
}
