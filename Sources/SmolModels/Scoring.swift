import SmolKernels
import SmolTensor

/// Per-token scores of one sequence: entry t describes token t + 1 given tokens 0…t.
public struct TokenScores: Sendable, Equatable {
    /// log p(token t+1 | tokens ≤ t), natural log.
    public var logProbabilities: [Float]
    /// Whether token t+1 is the argmax prediction at position t (lm-evaluation-harness `is_greedy`).
    public var isGreedy: [Bool]

    /// The summed log-probability and greedy flag of the last `count` tokens (a continuation after a
    /// context), as lm-evaluation-harness `loglikelihood` reports them.
    public func continuation(lastTokens count: Int) -> (logLikelihood: Double, isGreedy: Bool) {
        let tail = logProbabilities.suffix(count)
        return (tail.reduce(0.0) { $0 + Double($1) }, isGreedy.suffix(count).allSatisfy { $0 })
    }
}

extension LanguageModel {
    /// Scores every token of every sequence after its first (forward only). Sequences are grouped and
    /// padded at the end (padding never influences earlier positions under the causal mask), in groups
    /// small enough that the logits stay under ~256 MB.
    ///
    /// `engine.backend == .openblas` runs the large products through OpenBLAS (cross-checks only).
    ///
    /// tokens: S sequences -> S × (length − 1) scores
    public func logProbabilities(_ tokens: [[Int]], engine: EngineOptions = EngineOptions()) -> [TokenScores] {
        var results = [TokenScores](repeating: TokenScores(logProbabilities: [], isGreedy: []), count: tokens.count)
        let vocab = config.vocabSize
        var start = 0
        while start < tokens.count {
            var end = start + 1, longest = tokens[start].count
            while end < tokens.count, max(longest, tokens[end].count) * (end + 1 - start) * vocab <= 64 << 20 {
                longest = max(longest, tokens[end].count)
                end += 1
            }
            let batch = end - start
            guard longest >= 2 else { start = end; continue }
            var ids = [Int](repeating: 0, count: batch * longest)
            for b in 0..<batch { for (t, id) in tokens[start + b].enumerated() { ids[b * longest + t] = id } }
            let tape = Tape(engine: engine, recording: false)
            let logits = logits(tape, ids: ids, batch: batch, length: longest)                   // [B·T, V]
            let labels = (0..<batch * longest).map { i in
                let b = i / longest, t = i % longest
                return t + 1 < tokens[start + b].count ? ids[i + 1] : ignoreIndex
            }
            let logProbs = tape.tokenLogProbabilities(logits, labels: labels)                   // [B·T]
            for b in 0..<batch {
                let n = tokens[start + b].count - 1
                guard n > 0 else { continue }
                var scores = TokenScores(logProbabilities: [], isGreedy: [])
                for t in 0..<n {
                    let row = b * longest + t
                    scores.logProbabilities.append(logProbs.data[row])
                    scores.isGreedy.append(Sampler.argmax(logits.data + row * vocab, count: vocab) == labels[row])
                }
                results[start + b] = scores
            }
            start = end
        }
        return results
    }
}
