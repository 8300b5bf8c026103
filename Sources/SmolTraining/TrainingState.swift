import SmolDatasets

/// Where a run stands after a finished optimiser step: everything besides the weights and AdamW's
/// moments that the next step depends on, and the deterministic part of the log so far.
public struct TrainingState: Codable, Sendable, Equatable {
    /// Optimiser steps finished (the schedule's position: the next step runs at `learningRate(at: step)`).
    public var step: Int
    /// The data cursor: the epoch and batch the next step reads (`BatchPlan` orders are a pure function
    /// of (seed, epoch), so this is also the position of every random stream the run draws from).
    public var cursor: BatchPlan.Cursor
    /// AdamW's step count (equal to `step`; kept separately so a mismatch is caught on load).
    public var optimizerSteps: Int
    /// Every finished step's deterministic metrics (loss, lr, gradient norm, tokens…; never timings).
    public var history: [LoggedStep]

    public init(step: Int = 0, cursor: BatchPlan.Cursor = .init(), optimizerSteps: Int = 0, history: [LoggedStep] = []) {
        self.step = step
        self.cursor = cursor
        self.optimizerSteps = optimizerSteps
        self.history = history
    }
}

/// The metrics of one finished step, in the order they are logged.
public struct LoggedStep: Codable, Sendable, Equatable {
    /// 1-based step number.
    public var step: Int
    public var names: [String]
    public var values: [Double]

    public init(step: Int, metrics: [(String, Double)]) {
        self.step = step
        names = metrics.map(\.0)
        values = metrics.map(\.1)
    }

    /// (name, value) pairs.
    public var metrics: [(name: String, value: Double)] { Array(zip(names, values)).map { ($0.0, $0.1) } }

    /// The value of a metric, or nil.
    public subscript(name: String) -> Double? { names.firstIndex(of: name).map { values[$0] } }
}
