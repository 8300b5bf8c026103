// Element-wise activation kernels (SwiGLU gate).
//
// Invariants:
// 1. Every output element depends only on the same-index inputs: no reductions, so any split
//    of the range across threads gives identical bits.
// 2. `out` may be the same buffer as `gate` or `up`; the backward gradients accumulate (+=) or are written into
//    buffers of their own.
import Foundation

/// SwiGLU: `out[i] = silu(gate[i]) · up[i]` with `silu(g) = g / (1 + e^−g)`.
// gate: [count], up: [count] -> out: [count]
public func siluMul(_ gate: UnsafePointer<Float>, _ up: UnsafePointer<Float>,
                    out: UnsafeMutablePointer<Float>, count: Int) {
    let one = SIMD8<Float>(repeating: 1)
    var i = 0
    while i + 8 <= count {
        let g = loadVector(gate + i)
        storeVector(g / (one + exp8(-g)) * loadVector(up + i), out + i)
        i += 8
    }
    while i < count {
        let g = gate[i]
        out[i] = g / (1 + exp1(-g)) * up[i]
        i += 1
    }
}

/// The plain loop `siluMul` is checked against (libm `exp`).
public func siluMulReference(_ gate: UnsafePointer<Float>, _ up: UnsafePointer<Float>,
                             out: UnsafeMutablePointer<Float>, count: Int) {
    for i in 0..<count {
        let g = gate[i]
        out[i] = g / (1 + Foundation.exp(-g)) * up[i]
    }
}

/// SwiGLU backward: with `s = σ(g)`, `dUp += dOut · g·s` and `dGate += dOut · up · s·(1 + g·(1 − s))`
/// (`accumulate`), or `=` instead of `+=` (the gradients' old contents are then never read, with the
/// bits adding to zeros gives); a nil gradient is skipped. The gradients must not alias the inputs.
// gate: [count], up: [count], dOut: [count] -> dGate: [count] (+= or =), dUp: [count] (+= or =)
public func siluMulBackward(_ gate: UnsafePointer<Float>, _ up: UnsafePointer<Float>, dOut: UnsafePointer<Float>,
                            dGate: UnsafeMutablePointer<Float>?, dUp: UnsafeMutablePointer<Float>?, count: Int,
                            accumulate: Bool = true) {
    let one = SIMD8<Float>(repeating: 1)
    // What δ is added to: the old gradient, or zeros (never loaded: a fresh buffer may hold NaN).
    @inline(__always) func old(_ p: UnsafeMutablePointer<Float>) -> SIMD8<Float> { accumulate ? loadVector(p) : SIMD8() }
    var i = 0
    while i + 8 <= count {
        let g = loadVector(gate + i), u = loadVector(up + i), d = loadVector(dOut + i)
        let s = one / (one + exp8(-g))
        if let dUp { storeVector(old(dUp + i) + d * (g * s), dUp + i) }
        if let dGate { storeVector(old(dGate + i) + d * u * (s * (one + g * (one - s))), dGate + i) }
        i += 8
    }
    while i < count {
        let g = gate[i], u = up[i], d = dOut[i]
        let s = 1 / (1 + exp1(-g))
        if let dUp { dUp[i] = (accumulate ? dUp[i] : 0) + d * (g * s) }
        if let dGate { dGate[i] = (accumulate ? dGate[i] : 0) + d * u * (s * (1 + g * (1 - s))) }
        i += 1
    }
}

/// The plain loop `siluMulBackward` is checked against (libm `exp`).
public func siluMulBackwardReference(_ gate: UnsafePointer<Float>, _ up: UnsafePointer<Float>, dOut: UnsafePointer<Float>,
                                     dGate: UnsafeMutablePointer<Float>?, dUp: UnsafeMutablePointer<Float>?, count: Int) {
    for i in 0..<count {
        let g = gate[i], s = 1 / (1 + Foundation.exp(-g))
        let d = dOut[i]
        dUp?[i] += d * g * s
        dGate?[i] += d * up[i] * s * (1 + g * (1 - s))
    }
}
