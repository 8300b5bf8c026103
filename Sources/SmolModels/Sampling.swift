import Foundation
import SmolCore

/// How `generate` picks tokens.
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

    /// Options; the defaults give 64 greedy tokens.
    public init(maxNewTokens: Int = 64, temperature: Float = 0, topK: Int = 0, topP: Float = 1, seed: UInt64 = 0,
                stopTokens: Set<Int> = []) {
        self.maxNewTokens = maxNewTokens
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.seed = seed
        self.stopTokens = stopTokens
    }

    /// Checks every option: `maxNewTokens` ≥ 0, `temperature` finite and ≥ 0 (0 is greedy), `topK` ≥ 0
    /// (0 keeps all), `topP` in (0, 1] (1 keeps all). Throws `ModelError.invalidGeneration` naming the
    /// option and its valid range.
    public func validate() throws {
        func fail(_ what: String) -> ModelError { .invalidGeneration(what) }
        guard maxNewTokens >= 0 else { throw fail("maxNewTokens is \(maxNewTokens); it must be ≥ 0") }
        guard temperature.isFinite && temperature >= 0 else {
            throw fail("temperature is \(temperature); it must be a finite number ≥ 0 (0 is greedy)")
        }
        guard topK >= 0 else { throw fail("topK is \(topK); it must be ≥ 0 (0 keeps every token)") }
        guard topP > 0 && topP <= 1 else { throw fail("topP is \(topP); it must be in (0, 1] (1 keeps every token)") }
    }
}

/// Token selection from one row of logits.
public enum Sampler {
    /// The index of the largest logit (the lowest index on ties).   logits: [V] -> token
    public static func argmax(_ logits: UnsafePointer<Float>, count: Int) -> Int {
        var best = 0
        for j in 1..<count where logits[j] > logits[best] { best = j }
        return best
    }

    /// A token drawn from softmax(logits / T) restricted by top-k then top-p, using the uniform draw
    /// `u` in [0, 1). Candidates are ordered by probability (ties by token id), so the choice is a pure
    /// function of (logits, options, u).   logits: [V] -> token
    public static func sample(_ logits: UnsafePointer<Float>, count: Int, options: GenerationOptions, uniform u: Double) -> Int {
        if options.temperature <= 0 { return argmax(logits, count: count) }
        var order = Array(0..<count)
        order.sort { logits[$0] != logits[$1] ? logits[$0] > logits[$1] : $0 < $1 }
        if options.topK > 0 && options.topK < count { order.removeLast(count - options.topK) }
        let top = Double(logits[order[0]]), t = Double(options.temperature)
        var weights = order.map { exp((Double(logits[$0]) - top) / t) }
        var total = weights.reduce(0, +)
        if options.topP < 1 {
            var cumulative = 0.0, keep = 0
            for w in weights {
                cumulative += w / total
                keep += 1
                if cumulative >= Double(options.topP) { break }
            }
            weights.removeLast(weights.count - keep)
            total = weights.reduce(0, +)
        }
        var cumulative = 0.0
        let target = u * total
        for (i, w) in weights.enumerated() {
            cumulative += w
            if target < cumulative { return order[i] }
        }
        return order[weights.count - 1]
    }
}
