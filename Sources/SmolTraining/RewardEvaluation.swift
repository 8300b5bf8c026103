import SmolKernels

/// Pairwise accuracy and margin of a reward model on held-out pairs.
public struct RewardEvaluation: Sendable, Equatable {
    /// Share of pairs whose chosen side scores higher.
    public var accuracy: Double
    /// Mean of r(chosen) − r(rejected).
    public var meanMargin: Double
    /// Number of pairs.
    public var pairs: Int
    /// Scores per pair.
    public var chosen: [Float]
    public var rejected: [Float]

    /// Scores every pair with `model`, `batchSize` sequences per forward.
    public init(model: RewardModel, pairs: PreferencePairs, batchSize: Int, engine: EngineOptions) {
        chosen = model.rewards(of: pairs.chosen.ids, batchSize: batchSize, engine: engine)
        rejected = model.rewards(of: pairs.rejected.ids, batchSize: batchSize, engine: engine)
        self.pairs = pairs.count
        let n = Double(max(pairs.count, 1))
        accuracy = Double(zip(chosen, rejected).filter { $0 > $1 }.count) / n
        meanMargin = zip(chosen, rejected).reduce(0.0) { $0 + Double($1.0 - $1.1) } / n
    }
}
