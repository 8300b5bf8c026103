import SmolCore
import SmolKernels
import SmolTensor

extension LanguageModel {
    /// Continues each prompt (lengths may differ) and returns only the new tokens, stopping a sequence
    /// at a stop token (not returned) or after `maxNewTokens`. Prompts are prefilled together, then
    /// decoded one token per step for all unfinished sequences at once, with a KV cache per prompt.
    /// Sampling draws for prompt i at position p use CounterRNG(seed, stream: i) at p, so results do
    /// not depend on the batch composition or thread count. `isCancelled` is checked every step;
    /// when it returns true the tokens so far are returned. `backend: .openblas` runs the large
    /// products through OpenBLAS (cross-checks only: its bits depend on the thread count).
    public func generate(_ prompts: [[Int]], options: GenerationOptions = GenerationOptions(), threads: Int = 1,
                         backend: MatrixBackend = .smol, isCancelled: () -> Bool = { false }) -> [[Int]] {
        precondition(prompts.allSatisfy { !$0.isEmpty }, "generate: every prompt needs at least one token")
        var outputs = [[Int]](repeating: [], count: prompts.count)
        guard options.maxNewTokens > 0, !prompts.isEmpty else { return outputs }
        let caches = prompts.map {
            KVCache(layers: config.numHiddenLayers, width: config.numKeyValueHeads * config.headDim,
                    capacity: $0.count + options.maxNewTokens)
        }
        let longest = caches.map(\.capacity).max()!
        let tables = RotaryTables(headDim: config.headDim, theta: config.ropeTheta, positions: longest)
        var active = Array(prompts.indices)
        var pending = prompts
        while !active.isEmpty && !isCancelled() {
            let logits = forwardCached(active.map { pending[$0] }, caches: active.map { caches[$0] },
                                       tables: tables, threads: threads, backend: backend)
            var stillActive: [Int] = []
            for (row, s) in active.enumerated() {
                let position = caches[s].length
                let u = CounterRNG(seed: options.seed, stream: UInt64(s)).uniform(at: UInt64(position))
                let token = Sampler.sample(logits.data + row * config.vocabSize, count: config.vocabSize, options: options, uniform: u)
                if options.stopTokens.contains(token) { continue }
                outputs[s].append(token)
                pending[s] = [token]
                if outputs[s].count < options.maxNewTokens { stillActive.append(s) }
            }
            active = stillActive
        }
        return outputs
    }
}
