import Foundation
import SmolCore

/// Cosine and sine tables for rotary position embeddings (HF "default" RoPE).
///
/// inverse frequency i = 1 / theta^(2i / D), angle(p, i) = p · inverse frequency i (float32, as HF).
/// cos, sin: [positions, D / 2]
public struct RotaryTables: Sendable {
    /// Head dimension D (even).
    public let headDim: Int
    /// cos(angle), row-major [positions, D / 2].
    public let cos: [Float]
    /// sin(angle), row-major [positions, D / 2].
    public let sin: [Float]

    /// Tables for positions `0..<positions`.
    public init(headDim: Int, theta: Float, positions: Int) {
        precondition(headDim % 2 == 0, "rotary: head dimension \(headDim) must be even")
        let half = headDim / 2
        let inverse = (0..<half).map { Float(1.0 / Foundation.pow(Double(theta), Double(2 * $0) / Double(headDim))) }
        var c = [Float](repeating: 0, count: positions * half), s = c
        for p in 0..<positions {
            for i in 0..<half {
                let angle = Float(p) * inverse[i]
                c[p * half + i] = Float(Foundation.cos(Double(angle)))
                s[p * half + i] = Float(Foundation.sin(Double(angle)))
            }
        }
        self.headDim = headDim
        self.cos = c
        self.sin = s
    }
}

extension Tape {
    /// Rotary position embedding in the HF rotate-half layout, applied to every head of each row:
    /// `y = x · cos + rotate_half(x) · sin` with rotate_half([x1, x2]) = [−x2, x1].
    ///
    /// x: [N, H·D] (any leading shape with N rows), positions: [N] -> [N, H·D]
    public func rotary(_ x: Tensor, positions: [Int], heads: Int, tables: RotaryTables) -> Tensor {
        let rows = x.rowCount, width = x.lastDimension, d = tables.headDim, half = d / 2
        precondition(width == heads * d, "rotary: row width \(width) is not \(heads) heads × \(d)")
        precondition(positions.count == rows, "rotary: \(positions.count) positions for \(rows) rows")
        precondition(positions.allSatisfy { $0 >= 0 && ($0 + 1) * half <= tables.cos.count },
                     "rotary: a position is beyond the table")
        let y = uninitializedOutput(x.shape, x)   // every element is written
        let threads = threads(forElements: x.count)
        rotate(UnsafeSendablePointer(x.data), into: UnsafeMutableSendablePointer(y.data), rows: rows, heads: heads,
               half: half, positions: positions, tables: tables, inverse: false, threads: threads)
        record(y) { dy in
            // The rotation is orthogonal: dx = Rᵀ dy, i.e. the same rotation with −sin; written straight
            // into a fresh gradient, else through a scratch copy that is added.
            let (g, accumulate) = x.gradientForUpdate()
            let scratch = accumulate ? Tensor(uninitialized: [rows * width]) : nil
            rotate(UnsafeSendablePointer(dy), into: UnsafeMutableSendablePointer(scratch?.data ?? g), rows: rows, heads: heads,
                   half: half, positions: positions, tables: tables, inverse: true, threads: threads)
            if let scratch { for i in 0..<rows * width { g[i] += scratch.data[i] } }
        }
        return y
    }
}

/// y = x·cos + rotate_half(x)·sin per head (or the inverse rotation, sin negated); rows split across
/// `threads` (each row is computed alone, so the bits do not depend on the split).
/// x, y: [rows, heads·2·half]; cos, sin of `tables`: [positions, half]
func rotate(_ x: UnsafeSendablePointer<Float>, into y: UnsafeMutableSendablePointer<Float>, rows: Int, heads: Int, half: Int,
            positions: [Int], tables: RotaryTables, inverse: Bool, threads: Int) {
    let d = 2 * half, sign: Float = inverse ? -1 : 1
    Parallel.forEachRange(rows, threads: threads) { _, range in
        tables.cos.withUnsafeBufferPointer { cb in
            tables.sin.withUnsafeBufferPointer { sb in
                for r in range {
                    let c = cb.baseAddress! + positions[r] * half, s = sb.baseAddress! + positions[r] * half
                    for h in 0..<heads {
                        let xr = x.pointer + r * heads * d + h * d, yr = y.pointer + r * heads * d + h * d
                        // Eight pairs at a time with the scalar loop's exact operations (no fused multiply-add).
                        let signs = SIMD8<Float>(repeating: sign)
                        var i = 0
                        while i + 8 <= half {
                            let x1 = load8(xr + i), x2 = load8(xr + i + half), ci = load8(c + i), si = signs * load8(s + i)
                            store8(x1 * ci - x2 * si, yr + i)
                            store8(x2 * ci + x1 * si, yr + i + half)
                            i += 8
                        }
                        for i in i..<half {
                            let x1 = xr[i], x2 = xr[i + half], si = sign * s[i]
                            yr[i] = x1 * c[i] - x2 * si
                            yr[i + half] = x2 * c[i] + x1 * si
                        }
                    }
                }
            }
        }
    }
}

@inline(__always)
private func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> { UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self) }

@inline(__always)
private func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self) }
