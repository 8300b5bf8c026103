import Foundation
import SmolCore

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
