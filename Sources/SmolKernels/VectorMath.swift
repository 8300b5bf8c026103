// Dot product and a vectorised exp: the building blocks of the fused row kernels.
//
// Invariants:
// 1. `dot` and `sumOfSquares` reduce in an order fixed by `count` alone: four SIMD8 partial sums
//    over 32-element steps, one more over the remaining 8-element steps, combined as
//    ((s0 + s1) + (s2 + s3)) + s4, lanes summed pairwise, then the scalar tail in order.
// 2. `exp8` is a pure function of its lanes (no lane depends on another).
import Foundation

/// `Σ x[i]·y[i]` over `count` floats, fused multiply-adds in a fixed order (invariant 1).
// x: [count], y: [count] -> scalar
public func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Float {
    var s0 = SIMD8<Float>(), s1 = SIMD8<Float>(), s2 = SIMD8<Float>(), s3 = SIMD8<Float>()
    var i = 0
    while i + 32 <= count {
        s0 = s0.addingProduct(loadVector(x + i), loadVector(y + i))
        s1 = s1.addingProduct(loadVector(x + i + 8), loadVector(y + i + 8))
        s2 = s2.addingProduct(loadVector(x + i + 16), loadVector(y + i + 16))
        s3 = s3.addingProduct(loadVector(x + i + 24), loadVector(y + i + 24))
        i += 32
    }
    var s4 = SIMD8<Float>()
    while i + 8 <= count {
        s4 = s4.addingProduct(loadVector(x + i), loadVector(y + i))
        i += 8
    }
    var total = horizontalSum(((s0 + s1) + (s2 + s3)) + s4)
    while i < count {
        total = total.addingProduct(x[i], y[i])
        i += 1
    }
    return total
}

/// The plain sequential loop `dot` is checked against.
public func dotReference(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Float {
    var total: Float = 0
    for i in 0..<count { total += x[i] * y[i] }
    return total
}

/// `Σ x[i]²` in `dot`'s fixed order.
@inline(__always)
func sumOfSquares(_ x: UnsafePointer<Float>, count: Int) -> Float {
    dot(x, x, count: count)
}

/// Sum of the 8 lanes, pairwise: ((v0+v4)+(v2+v6)) + ((v1+v5)+(v3+v7)).
@inline(__always)
func horizontalSum(_ v: SIMD8<Float>) -> Float {
    let h = v.lowHalf + v.highHalf
    let q = h.lowHalf + h.highHalf
    return q[0] + q[1]
}

/// Largest lane (NaN lanes are skipped unless all are NaN).
@inline(__always)
func horizontalMax(_ v: SIMD8<Float>) -> Float {
    let h = v.lowHalf.replacing(with: v.highHalf, where: v.highHalf .> v.lowHalf)
    let q = h.lowHalf.replacing(with: h.highHalf, where: h.highHalf .> h.lowHalf)
    return max(q[0], q[1])
}

/// Lane-wise maximum (vmaxps; `pointwiseMax` is not vectorised).
@inline(__always)
func lanewiseMax(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
    a.replacing(with: b, where: b .> a)
}

/// Lane-wise `e^x` for single precision, within a few ulp of `expf`.
///
/// x = n·ln2 + r with |r| ≤ ln2/2 (Cody–Waite split of ln2), e^r by a degree-7 Taylor polynomial
/// in fused Horner form, then scaled by 2^n built in the exponent bits (no float→int traps).
/// Inputs below −86.5 give 0 (no subnormals), above 88.72 give +∞; NaN stays NaN.
/// Transparent, so it is always inlined: the optimiser left `@inline(__always)` calls out of line in
/// `softmaxLogSumExp` and `siluMul` (a call per 8 lanes, the constants reloaded, no overlap of
/// neighbouring polynomials), which made the cross-entropy's exponentials several times slower.
@_transparent
func exp8(_ x: SIMD8<Float>) -> SIMD8<Float> {
    // `replacing(with:where:)` compiles to vminps/vmaxps/vblendvps; `pointwiseMin` does not.
    let low = SIMD8<Float>(repeating: -86.5), high = SIMD8<Float>(repeating: 88.72)
    let clamped = x.replacing(with: low, where: x .< low).replacing(with: high, where: x .> high)
    // Round x·log2(e) to an integer by adding 1.5·2^23: the low mantissa bits then hold n.
    let magic = SIMD8<Float>(repeating: 12_582_912)
    let shifted = (clamped * SIMD8(repeating: 1.442_695_04)) + magic
    let n = shifted - magic
    var r = clamped.addingProduct(n, SIMD8(repeating: -0.693_145_751_953_125))   // ln2, high part
    r = r.addingProduct(n, SIMD8(repeating: -1.428_606_765_330_187e-06))          // ln2, low part
    var p = SIMD8<Float>(repeating: 1.0 / 5040)
    p = SIMD8(repeating: 1.0 / 720).addingProduct(p, r)
    p = SIMD8(repeating: 1.0 / 120).addingProduct(p, r)
    p = SIMD8(repeating: 1.0 / 24).addingProduct(p, r)
    p = SIMD8(repeating: 1.0 / 6).addingProduct(p, r)
    p = SIMD8(repeating: 0.5).addingProduct(p, r)
    p = SIMD8(repeating: 1).addingProduct(p, r)
    p = SIMD8(repeating: 1).addingProduct(p, r)
    // 2^(n-1) from the exponent bits (n ≤ 128 keeps the field ≤ 254), times 2 exactly.
    let nBits = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
    let scale = unsafeBitCast((nBits &+ 126) &<< 23, to: SIMD8<Float>.self)
    let result = (p * scale) * SIMD8(repeating: 2)   // NaN in x stays NaN through p
    return result.replacing(with: 0, where: x .< low).replacing(with: .infinity, where: x .> high)
}

/// Scalar `e^x` with exactly the arithmetic of one `exp8` lane (for loop tails).
@inline(__always)
func exp1(_ x: Float) -> Float {
    exp8(SIMD8(repeating: x))[0]
}
