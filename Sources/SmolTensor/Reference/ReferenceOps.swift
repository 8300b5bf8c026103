import Foundation

/// Plain double-precision loops for every tape op: the specification the fast float32 kernels are
/// tested against (forward values, and backward through finite differences). Written for clarity,
/// not speed; each mirrors the op of the same name on `Tape`.
public enum ReferenceOps {
    /// x: [n, in], w: [out, in], b: [out]? -> [n, out]
    public static func linear(_ x: [Double], _ w: [Double], bias: [Double]?, rows n: Int, inputs: Int, outputs: Int) -> [Double] {
        var y = [Double](repeating: 0, count: n * outputs)
        for r in 0..<n {
            for o in 0..<outputs {
                var s = bias?[o] ?? 0
                for i in 0..<inputs { s += x[r * inputs + i] * w[o * inputs + i] }
                y[r * outputs + o] = s
            }
        }
        return y
    }

    /// a: [m, k], b: [k, n] -> [m, n]
    public static func matmul(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) -> [Double] {
        var c = [Double](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { for p in 0..<k { c[i * n + j] += a[i * k + p] * b[p * n + j] } } }
        return c
    }

    /// ids: [N], table: [V, C] -> [N, C]
    public static func embedding(_ ids: [Int], table: [Double], columns c: Int) -> [Double] {
        ids.flatMap { table[$0 * c..<($0 + 1) * c] }
    }

    /// x: [N, C], w: [C] -> [N, C]
    public static func rmsNorm(_ x: [Double], weight w: [Double], eps: Double) -> [Double] {
        let c = w.count
        var y = x
        for r in 0..<x.count / c {
            let row = x[r * c..<(r + 1) * c]
            let inv = 1 / (row.reduce(0) { $0 + $1 * $1 } / Double(c) + eps).squareRoot()
            for j in 0..<c { y[r * c + j] = w[j] * x[r * c + j] * inv }
        }
        return y
    }

    /// x: [N, H·D], positions: [N] -> [N, H·D] (HF rotate-half)
    public static func rotary(_ x: [Double], positions: [Int], heads: Int, headDim d: Int, theta: Double) -> [Double] {
        let half = d / 2
        var y = x
        for (r, p) in positions.enumerated() {
            for h in 0..<heads {
                let base = r * heads * d + h * d
                for i in 0..<half {
                    let angle = Double(p) / pow(theta, Double(2 * i) / Double(d))
                    let x1 = x[base + i], x2 = x[base + i + half]
                    y[base + i] = x1 * cos(angle) - x2 * sin(angle)
                    y[base + i + half] = x2 * cos(angle) + x1 * sin(angle)
                }
            }
        }
        return y
    }

    /// Causal GQA attention. q: [B·T, H·D], k, v: [B·T, KVH·D] -> [B·T, H·D]
    public static func causalAttention(q: [Double], k: [Double], v: [Double], batch: Int, length t: Int,
                                       heads: Int, kvHeads: Int, headDim d: Int) -> [Double] {
        var y = [Double](repeating: 0, count: q.count)
        let qw = heads * d, kw = kvHeads * d
        for b in 0..<batch {
            for h in 0..<heads {
                let g = h / (heads / kvHeads)
                for i in 0..<t {
                    var scores = [Double](repeating: 0, count: i + 1)
                    for j in 0...i {
                        var s = 0.0
                        for e in 0..<d { s += q[(b * t + i) * qw + h * d + e] * k[(b * t + j) * kw + g * d + e] }
                        scores[j] = s / Double(d).squareRoot()
                    }
                    let top = scores.max()!
                    let exps = scores.map { exp($0 - top) }
                    let total = exps.reduce(0, +)
                    for j in 0...i {
                        for e in 0..<d { y[(b * t + i) * qw + h * d + e] += exps[j] / total * v[(b * t + j) * kw + g * d + e] }
                    }
                }
            }
        }
        return y
    }

    /// silu(gate) · up elementwise.
    public static func swiglu(_ gate: [Double], _ up: [Double]) -> [Double] {
        zip(gate, up).map { g, u in g / (1 + exp(-g)) * u }
    }

    /// log σ(x) elementwise.
    public static func logSigmoid(_ x: [Double]) -> [Double] {
        x.map { -log1p(exp(-$0)) }
    }

    /// Per-row log softmax at `labels` (0 for `ignoreIndex`). logits: [N, V] -> [N]
    public static func tokenLogProbabilities(_ logits: [Double], labels: [Int], vocab: Int) -> [Double] {
        labels.enumerated().map { r, label in
            guard label != ignoreIndex else { return 0 }
            let row = logits[r * vocab..<(r + 1) * vocab]
            let top = row.max()!
            return logits[r * vocab + label] - top - log(row.reduce(0) { $0 + exp($1 - top) })
        }
    }

    /// Mean cross-entropy over rows whose target is not `ignoreIndex`. logits: [N, V] -> scalar
    public static func crossEntropy(_ logits: [Double], targets: [Int], vocab: Int) -> Double {
        let lp = tokenLogProbabilities(logits, labels: targets, vocab: vocab)
        let counted = targets.filter { $0 != ignoreIndex }.count
        return counted == 0 ? 0 : -lp.reduce(0, +) / Double(counted)
    }

    /// y[b] = Σ_t w[b, t] · x[b, t]. x: [B, T] -> [B]
    public static func weightedRowSum(_ x: [Double], weights: [Double], rows: Int) -> [Double] {
        let t = x.count / rows
        return (0..<rows).map { b in (0..<t).reduce(0) { $0 + weights[b * t + $1] * x[b * t + $1] } }
    }
}
