import Foundation

/// How the learning rate changes with the optimiser step.
public enum LearningRateSchedule: Sendable, Equatable {
    /// The base rate at every step.
    case constant
    /// Linear warmup from 0 over `warmupSteps`, then linear decay to 0 at `totalSteps` (Tulu 3, HF
    /// `get_linear_schedule_with_warmup`).
    case linear(warmupSteps: Int, totalSteps: Int)
    /// Linear warmup, then half a cosine from the base rate down to `minimumRatio` × base at `totalSteps`.
    case cosine(warmupSteps: Int, totalSteps: Int, minimumRatio: Double)

    /// The rate for zero-based `step` given the base rate.
    public func rate(at step: Int, base: Double) -> Double {
        switch self {
        case .constant:
            return base
        case let .linear(warmup, total):
            if step < warmup { return base * Double(step) / Double(max(1, warmup)) }
            return base * max(0, Double(total - step) / Double(max(1, total - warmup)))
        case let .cosine(warmup, total, minimumRatio):
            if step < warmup { return base * Double(step) / Double(max(1, warmup)) }
            let progress = min(1, Double(step - warmup) / Double(max(1, total - warmup)))
            let cosine = 0.5 * (1 + cos(Double.pi * progress))
            return base * (minimumRatio + (1 - minimumRatio) * cosine)
        }
    }
}
