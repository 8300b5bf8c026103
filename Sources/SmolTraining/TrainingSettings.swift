import SmolTensor

/// The optimisation half of a recipe: how many steps, the learning-rate schedule, AdamW and clipping.
/// Codable, so a checkpoint carries the settings it was written under.
public struct TrainingSettings: Codable, Sendable, Equatable {
    /// The shape of the learning rate over the run.
    public enum Schedule: String, Codable, Sendable, CaseIterable {
        /// Linear warmup from 0, then linear decay to 0 at the last step (Tulu 3, HF's `linear`).
        case linear
        /// Linear warmup, then half a cosine down to 10% of the peak.
        case cosine
        /// Linear warmup, then the peak rate until the end.
        case constant
    }

    /// Peak learning rate.
    public var learningRate: Double
    /// Optimiser steps in the whole run.
    public var totalSteps: Int
    /// Steps of linear warmup (HF: `int(totalSteps × warmup_ratio)`).
    public var warmupSteps: Int
    public var schedule: Schedule
    /// AdamW decoupled weight decay (norms and biases never decay, as in open-instruct).
    public var weightDecay: Double
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    /// Clip the global gradient norm to this (0: no clipping; the norm is logged either way).
    public var maxGradNorm: Double
    /// Write a checkpoint after every this many steps (0: only when cancelled).
    public var checkpointEvery: Int

    public init(learningRate: Double, totalSteps: Int, warmupSteps: Int = 0, schedule: Schedule = .linear,
                weightDecay: Double = 0, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
                maxGradNorm: Double = 0, checkpointEvery: Int = 0) {
        self.learningRate = learningRate
        self.totalSteps = totalSteps
        self.warmupSteps = warmupSteps
        self.schedule = schedule
        self.weightDecay = weightDecay
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.maxGradNorm = maxGradNorm
        self.checkpointEvery = checkpointEvery
    }

    /// Warmup steps for a ratio of the run, as HF computes them (`int(total × ratio)`).
    public static func warmupSteps(ratio: Double, totalSteps: Int) -> Int { Int(Double(totalSteps) * ratio) }

    /// The learning rate of zero-based step `step` (HF's scheduler: step 0 of a warmup runs at 0).
    public func learningRate(at step: Int) -> Double {
        let shape: LearningRateSchedule
        switch schedule {
        case .linear: shape = .linear(warmupSteps: warmupSteps, totalSteps: totalSteps)
        case .cosine: shape = .cosine(warmupSteps: warmupSteps, totalSteps: totalSteps, minimumRatio: 0.1)
        case .constant:
            return step < warmupSteps ? learningRate * Double(step) / Double(max(1, warmupSteps)) : learningRate
        }
        return shape.rate(at: step, base: learningRate)
    }

    /// AdamW's settings.
    var adamW: AdamW.Settings {
        AdamW.Settings(beta1: Float(beta1), beta2: Float(beta2), eps: Float(epsilon), weightDecay: Float(weightDecay))
    }

    /// Throws when the settings cannot train.
    public func validate() throws {
        guard learningRate.isFinite, learningRate >= 0 else { throw TrainingError.invalid("lr is \(learningRate); give a finite rate ≥ 0") }
        guard totalSteps > 0 else { throw TrainingError.invalid("the run has \(totalSteps) steps; give more data, epochs or tokens") }
        guard warmupSteps >= 0, warmupSteps <= totalSteps else { throw TrainingError.invalid("warmup of \(warmupSteps) steps does not fit \(totalSteps) steps") }
        guard weightDecay >= 0, maxGradNorm >= 0, checkpointEvery >= 0 else {
            throw TrainingError.invalid("weight_decay, max_grad_norm and checkpoint_every must be ≥ 0")
        }
    }
}
