// The AdamW parameter update as one SIMD pass over parameters, gradients and both moments.
//
// Invariants:
// 1. Every element is updated from its own values only, with the exact operation sequence of
//    `adamWUpdateReference` (no fused multiply-adds), so the fast and plain versions agree to the bit
//    and any split of the range gives identical bits.

/// The scalars of one AdamW step shared by every element.
public struct AdamWStep: Sendable {
    /// Decoupled weight-decay factor `1 − lr·λ` (1 for parameters without decay).
    public var shrink: Float
    /// First-moment decay β₁.
    public var beta1: Float
    /// Second-moment decay β₂.
    public var beta2: Float
    /// Denominator guard ε.
    public var eps: Float
    /// `lr / (1 − β₁ᵗ)`.
    public var stepSize: Float
    /// `√(1 − β₂ᵗ)`.
    public var correction2Root: Float

    /// The scalars of one step.
    public init(shrink: Float, beta1: Float, beta2: Float, eps: Float, stepSize: Float, correction2Root: Float) {
        self.shrink = shrink
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.stepSize = stepSize
        self.correction2Root = correction2Root
    }
}

/// AdamW over `count` elements, in place: `p ← p·shrink; m ← m + (g − m)(1 − β₁); v ← v·β₂ + (1 − β₂)·g·g;
/// p ← p − stepSize · m / (√v / correction2Root + ε)`; a nil gradient counts as zeros.
// p, m, v: [count] (updated), g: [count]
public func adamWUpdate(parameters p: UnsafeMutablePointer<Float>, gradients g: UnsafePointer<Float>?,
                        firstMoments m: UnsafeMutablePointer<Float>, secondMoments v: UnsafeMutablePointer<Float>,
                        count: Int, step s: AdamWStep) {
    let shrink = SIMD8<Float>(repeating: s.shrink), beta2 = SIMD8<Float>(repeating: s.beta2)
    let oneMinusBeta1 = SIMD8<Float>(repeating: 1 - s.beta1), oneMinusBeta2 = SIMD8<Float>(repeating: 1 - s.beta2)
    let root = SIMD8<Float>(repeating: s.correction2Root), eps = SIMD8<Float>(repeating: s.eps)
    let stepSize = SIMD8<Float>(repeating: s.stepSize)
    var i = 0
    while i + 8 <= count {
        let gi = g.map { loadVector($0 + i) } ?? SIMD8()
        let mi = loadVector(m + i) + (gi - loadVector(m + i)) * oneMinusBeta1
        let vi = loadVector(v + i) * beta2 + oneMinusBeta2 * gi * gi
        let denominator = vi.squareRoot() / root + eps
        storeVector(mi, m + i)
        storeVector(vi, v + i)
        storeVector(loadVector(p + i) * shrink - stepSize * (mi / denominator), p + i)
        i += 8
    }
    if i < count {
        adamWUpdateReference(parameters: p + i, gradients: g.map { $0 + i }, firstMoments: m + i, secondMoments: v + i,
                             count: count - i, step: s)
    }
}

/// The plain loop `adamWUpdate` is checked against.
public func adamWUpdateReference(parameters p: UnsafeMutablePointer<Float>, gradients g: UnsafePointer<Float>?,
                                 firstMoments m: UnsafeMutablePointer<Float>, secondMoments v: UnsafeMutablePointer<Float>,
                                 count: Int, step s: AdamWStep) {
    for i in 0..<count {
        let gi = g?[i] ?? 0
        p[i] *= s.shrink
        m[i] += (gi - m[i]) * (1 - s.beta1)
        v[i] = v[i] * s.beta2 + (1 - s.beta2) * gi * gi
        let denominator = v[i].squareRoot() / s.correction2Root + s.eps
        p[i] -= s.stepSize * (m[i] / denominator)
    }
}
