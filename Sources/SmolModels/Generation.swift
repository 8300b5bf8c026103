import SmolCore
import SmolKernels
import SmolTensor

extension LanguageModel {
    /// Continues each prompt (lengths may differ) and returns only the new tokens. A sequence ends as
    /// `options` says (see `GenerationOptions`): at a stop token or, with `stopAtEndOfSequence`, one of
    /// `config.eosTokenIds` (not returned); when the text of its new tokens, as `decode` gives it,
    /// contains one of `options.stopStrings` (the tokens are returned; `StopStrings.cut` trims the
    /// text); or after `maxNewTokens`.
    /// Prompts are prefilled together, then decoded one token per step for all unfinished sequences at
    /// once, each with its own KV cache that grows in chunks and is freed when its sequence finishes.
    /// Sampling draws for prompt i at position p use CounterRNG(seed, stream: i) at p, so results do
    /// not depend on the batch composition or thread count. `isCancelled` is checked every step;
    /// when it returns true the tokens so far are returned. `engine.backend == .openblas` runs the
    /// large products through OpenBLAS (cross-checks only: its bits depend on the thread count).
    /// `options.weights` picks the copy of the linear weights decoding reads (see `WeightPrecision`).
    ///
    /// Throws `ModelError.invalidGeneration` for invalid options (see `GenerationOptions.validate`) or
    /// stop strings without `decode`, `ModelError.invalidPrompt` for an empty prompt or a token outside
    /// the vocabulary, and `ModelError.promptTooLong` when a prompt + `maxNewTokens` exceeds the
    /// model's `maxPositionEmbeddings`.
    public func generate(_ prompts: [[Int]], options: GenerationOptions = GenerationOptions(),
                         engine: EngineOptions = EngineOptions(), decode: (([Int]) -> String)? = nil,
                         isCancelled: () -> Bool = { false }) throws -> [[Int]] {
        try generate(prompts, options: options, engine: engine, decode: decode,
                     isCancelled: isCancelled, afterEachStep: { _ in })
    }

    /// `generate`, showing the caches (nil once a sequence finished) to `afterEachStep` after every step.
    func generate(_ prompts: [[Int]], options: GenerationOptions, engine: EngineOptions, decode: (([Int]) -> String)?,
                  isCancelled: () -> Bool, afterEachStep: ([KVCache?]) -> Void) throws -> [[Int]] {
        try options.validate()
        try checkPrompts(prompts, maxNewTokens: options.maxNewTokens)
        var stopStrings: StopStrings?
        if !options.stopStrings.isEmpty {
            guard let decode else {
                throw ModelError.invalidGeneration("stop strings need a decoder of token ids to text; pass decode: (e.g. a tokenizer's decode) or generate through a ModelBundle")
            }
            stopStrings = StopStrings(options.stopStrings, decode: decode)
        }
        let stopTokens = options.stopTokens.union(options.stopAtEndOfSequence ? config.eosTokenIds : [])
        var outputs = [[Int]](repeating: [], count: prompts.count)
        guard options.maxNewTokens > 0, !prompts.isEmpty else { return outputs }
        let limits = prompts.map { $0.count + options.maxNewTokens }   // most rows each cache can reach
        var caches: [KVCache?] = prompts.map {
            KVCache(layers: config.numHiddenLayers, width: config.numKeyValueHeads * config.headDim,
                    capacity: min($0.count + Self.firstCacheChunk, $0.count + options.maxNewTokens))
        }
        let tables = RotaryTables(headDim: config.headDim, theta: config.ropeTheta, positions: limits.max()!)
        let weights = quantizedWeights(options.weights)
        var active = Array(prompts.indices)
        var pending = prompts
        while !active.isEmpty && !isCancelled() {
            for s in active { caches[s]!.reserve(caches[s]!.length + pending[s].count, limit: limits[s]) }
            let logits = forwardCached(active.map { pending[$0] }, caches: active.map { caches[$0]! },
                                       tables: tables, engine: engine, weights: weights)
            var stillActive: [Int] = []
            for (row, s) in active.enumerated() {
                let position = caches[s]!.length
                let u = CounterRNG(seed: options.seed, stream: UInt64(s)).uniform(at: UInt64(position))
                let token = Sampler.sample(logits.data + row * config.vocabSize, count: config.vocabSize, options: options, uniform: u)
                var finished = stopTokens.contains(token)
                if !finished {
                    outputs[s].append(token)
                    pending[s] = [token]
                    finished = outputs[s].count == options.maxNewTokens || stopStrings?.isReached(in: outputs[s]) == true
                }
                if finished { caches[s] = nil } else { stillActive.append(s) }
            }
            active = stillActive
            afterEachStep(caches)
        }
        return outputs
    }

    /// Rows a new cache holds beyond its prompt before it first grows.
    static var firstCacheChunk: Int { 32 }

    /// Every prompt non-empty, inside the vocabulary, and short enough for `maxNewTokens` more positions.
    func checkPrompts(_ prompts: [[Int]], maxNewTokens: Int) throws {
        let positions = config.maxPositionEmbeddings
        for (i, prompt) in prompts.enumerated() {
            guard !prompt.isEmpty else {
                throw ModelError.invalidPrompt(index: i, "is empty; give at least one token (e.g. the BOS token)")
            }
            if let bad = prompt.first(where: { $0 < 0 || $0 >= config.vocabSize }) {
                throw ModelError.invalidPrompt(index: i, "has token \(bad) outside the vocabulary 0..<\(config.vocabSize)")
            }
            guard maxNewTokens <= positions - prompt.count else {
                throw ModelError.promptTooLong(index: i, tokens: prompt.count, maxNewTokens: maxNewTokens, positions: positions)
            }
        }
    }
}
