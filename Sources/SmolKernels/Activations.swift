// Element-wise activation kernels (SwiGLU gate).
//
// Invariants:
// 1. Every output element depends only on the same-index inputs: no reductions, so any split
//    of the range across threads gives identical bits.
// 2. `out` may be the same buffer as `gate` or `up`.
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
