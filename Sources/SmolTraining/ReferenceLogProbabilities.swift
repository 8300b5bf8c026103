import Foundation
import SmolCore
import SmolKernels
import SmolModels
import SmolTensor

/// The reference model's per-pair log-probabilities, computed once before DPO (open-instruct's
/// `dpo_tune_cache.py`), so the reference model is never held in memory while the policy trains.
/// Stored as an artifact (`bytes()`) keyed by `key(…)`, so a second run over the same model, data and
/// settings reads them back instead of recomputing them.
public struct ReferenceLogProbabilities: Codable, Sendable, Equatable {
    /// Whether the values are length-averaged (`dpo_norm`, `ipo`) or summed (`sigmoid`).
    public var averaged: Bool
    /// log π_ref(chosen | prompt) per pair.
    public var chosen: [Float]
    /// log π_ref(rejected | prompt) per pair.
    public var rejected: [Float]

    public init(averaged: Bool, chosen: [Float], rejected: [Float]) {
        self.averaged = averaged
        self.chosen = chosen
        self.rejected = rejected
    }

    /// Scores every pair with `model` (no gradients), `batchSize` pairs per forward.
    public init(model: LanguageModel, pairs: PreferencePairs, averaged: Bool, batchSize: Int, padID: Int,
                engine: EngineOptions, isCancelled: () -> Bool = { false }) throws {
        self.averaged = averaged
        // Pairs are scored in batches of similar length (longest first, ties by index), so little is padded; each
        // value lands in its pair's slot, and the order is a pure function of the data.
        let length = { (i: Int) in max(pairs.chosen.ids[i].count, pairs.rejected.ids[i].count) }
        let order = (0..<pairs.count).sorted { (length($0), $1) > (length($1), $0) }
        var chosen = [Float](repeating: 0, count: pairs.count), rejected = [Float](repeating: 0, count: pairs.count)
        for start in stride(from: 0, to: order.count, by: max(1, batchSize)) {
            if isCancelled() { throw TrainingError.cancelled(step: 0, checkpoint: nil) }
            let indices = Array(order[start..<min(order.count, start + max(1, batchSize))])
            let (ids, mask, t) = pairs.interleaved(indices, padID: padID)
            let tape = Tape(engine: engine, recording: false)
            let scores = model.sequenceLogProbabilities(tape, ids: ids, mask: mask, batch: 2 * indices.count, length: t)
            let values = (averaged ? scores.mean : scores.sum).values                                // [2B]
            for (k, pair) in indices.enumerated() {
                chosen[pair] = values[2 * k]
                rejected[pair] = values[2 * k + 1]
            }
        }
        self.chosen = chosen
        self.rejected = rejected
    }

    /// The cache key: SHA-256 over what the values depend on — the model's and the data's hashes, the
    /// loss (which log-prob kind it reads), the maximum length, the chat template and the engine.
    public static func key(modelHash: String, dataHash: String, loss: PreferenceLoss.Kind, maxLength: Int,
                           template: String, engine: String) -> String {
        SHA256.hex(of: Array("reference-logprobs-1\nmodel=\(modelHash)\ndata=\(dataHash)\nloss=\(loss.rawValue)\nmax_length=\(maxLength)\ntemplate=\(template)\nengine=\(engine)".utf8))
    }

    /// Deterministic bytes (sorted-key JSON, shortest float text).
    public func bytes() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(self))
    }

    /// Reads `bytes()` back.
    public init(bytes: [UInt8]) throws {
        self = try JSONDecoder().decode(Self.self, from: Data(bytes))
    }
}
