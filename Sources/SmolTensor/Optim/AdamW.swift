import Foundation
import SmolCore
import SmolKernels

/// AdamW with decoupled weight decay (Loshchilov & Hutter), step for step as `torch.optim.AdamW`:
/// p ← p·(1 − lr·λ); m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; p ← p − lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε).
///
/// Invariants:
/// 1. Moments are keyed by parameter position in `parameters`; the list must not change between steps.
/// 2. Every update is elementwise, so the result is independent of thread count.
public final class AdamW {
    /// Hyper-parameters of one optimiser.
    public struct Settings: Sendable, Equatable {
        /// First-moment decay β₁.
        public var beta1: Float
        /// Second-moment decay β₂.
        public var beta2: Float
        /// Denominator guard ε.
        public var eps: Float
        /// Decoupled weight decay λ, applied to parameters chosen by `decays`.
        public var weightDecay: Float

        /// Settings with PyTorch's defaults unless given.
        public init(beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8, weightDecay: Float = 0.01) {
            self.beta1 = beta1
            self.beta2 = beta2
            self.eps = eps
            self.weightDecay = weightDecay
        }
    }

    /// The tensors being optimised, with their names.
    public let parameters: [(name: String, tensor: Tensor)]
    /// The hyper-parameters.
    public let settings: Settings
    /// Whether each parameter (same order as `parameters`) receives weight decay.
    public let decays: [Bool]
    /// Workers splitting each large parameter's update (elementwise: the bits do not depend on it).
    public let threads: Int
    /// Steps taken so far.
    public private(set) var stepCount = 0
    private var firstMoments: [[Float]]
    private var secondMoments: [[Float]]

    /// An optimiser over `parameters`; `decay(name)` chooses which receive weight decay (all by default;
    /// Tulu-style recipes exclude norms and biases with `AdamW.decayExcludingNormsAndBiases`), updating
    /// with `threads` workers.
    public init(parameters: [(name: String, tensor: Tensor)], settings: Settings = Settings(),
                decay: (String) -> Bool = { _ in true }, threads: Int = 1) {
        self.parameters = parameters
        self.threads = max(1, threads)
        self.settings = settings
        self.decays = parameters.map { decay($0.name) }
        self.firstMoments = parameters.map { [Float](repeating: 0, count: $0.tensor.count) }
        self.secondMoments = parameters.map { [Float](repeating: 0, count: $0.tensor.count) }
    }

    /// A decay rule that skips 1-D tensors' usual names: norms and biases.
    public static func decayExcludingNormsAndBiases(_ name: String) -> Bool {
        !(name.hasSuffix(".bias") || name.contains("norm"))
    }

    /// Applies one update with learning rate `learningRate` from the parameters' current gradients
    /// (a parameter without a gradient is treated as having a zero gradient).
    public func step(learningRate lr: Float) {
        stepCount += 1
        let s = settings, t = Float(stepCount)
        let correction1 = 1 - Foundation.pow(s.beta1, t)
        let correction2Root = (1 - Foundation.pow(s.beta2, t)).squareRoot()
        let stepSize = lr / correction1
        for (index, entry) in parameters.enumerated() {
            let shrink = decays[index] ? 1 - lr * s.weightDecay : 1
            let scalars = AdamWStep(shrink: shrink, beta1: s.beta1, beta2: s.beta2, eps: s.eps, stepSize: stepSize,
                                    correction2Root: correction2Root)
            let tensor = entry.tensor, count = tensor.count
            firstMoments[index].withUnsafeMutableBufferPointer { mBuffer in
                secondMoments[index].withUnsafeMutableBufferPointer { vBuffer in
                    let m = UnsafeMutableSendablePointer(mBuffer.baseAddress!), v = UnsafeMutableSendablePointer(vBuffer.baseAddress!)
                    // One SIMD pass (SmolKernels; `adamWUpdateReference` is the plain loop), chunks of
                    // elements on the workers.
                    Parallel.forEachRange(count, threads: count < 1 << 15 ? 1 : threads) { _, range in
                        let o = range.lowerBound
                        adamWUpdate(parameters: tensor.data + o, gradients: tensor.grad.map { UnsafePointer($0 + o) },
                                    firstMoments: m.pointer + o, secondMoments: v.pointer + o, count: range.count,
                                    step: scalars)
                    }
                }
            }
        }
    }

    /// The optimiser state for checkpoint/resume: step count and both moments per parameter.
    public struct State: Sendable, Equatable {
        /// Steps taken.
        public var stepCount: Int
        /// First moments, one array per parameter (parameter order).
        public var firstMoments: [[Float]]
        /// Second moments, one array per parameter (parameter order).
        public var secondMoments: [[Float]]
    }

    /// A copy of the state (resuming from it reproduces the next steps bit for bit).
    public var state: State {
        get { State(stepCount: stepCount, firstMoments: firstMoments, secondMoments: secondMoments) }
        set {
            precondition(newValue.firstMoments.map(\.count) == parameters.map(\.tensor.count)
                         && newValue.secondMoments.map(\.count) == parameters.map(\.tensor.count),
                         "AdamW state does not match the parameter list")
            stepCount = newValue.stepCount
            firstMoments = newValue.firstMoments
            secondMoments = newValue.secondMoments
        }
    }

    /// Drops every parameter's gradient (call after `step`, before the next forward).
    public func zeroGradients() {
        for entry in parameters { entry.tensor.zeroGrad() }
    }
}
