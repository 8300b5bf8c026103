import Foundation
import SmolKernels
import SmolCore

extension Tape {
    /// Root-mean-square normalisation with a learned gain (HF `LlamaRMSNorm`):
    /// `y = w ⊙ x / sqrt(mean(x²) + eps)` per row.   x: [N, C], weight: [C] -> [N, C]
    public func rmsNorm(_ x: Tensor, weight: Tensor, eps: Float) -> Tensor {
        let rows = x.rowCount, c = x.lastDimension
        precondition(weight.count == c, "rmsNorm: weight has \(weight.count) elements for rows of \(c)")
        let y = output(x.shape, x, weight)
        let inverseRMS = Tensor(zeros: [rows])   // saved for backward
        Parallel.forEach(rows, threads: threads(forElements: x.count)) { i in
            let xr = x.data + i * c, yr = y.data + i * c
            var sumSquares: Float = 0
            for j in 0..<c { sumSquares += xr[j] * xr[j] }
            let inv = 1 / (sumSquares / Float(c) + eps).squareRoot()
            inverseRMS.data[i] = inv
            for j in 0..<c { yr[j] = weight.data[j] * (xr[j] * inv) }
        }
        let threads = threads(forElements: x.count)
        record(y) { dyRaw in
            let dy = UnsafeMutableSendablePointer(dyRaw)
            if x.requiresGrad {
                // dx = r · (dŷ − x̂ · mean(dŷ ⊙ x̂)),  dŷ = dy ⊙ w, x̂ = x · r
                let dx = UnsafeMutableSendablePointer(x.gradPointer())
                Parallel.forEach(rows, threads: threads) { i in
                    let xr = x.data + i * c, gr = dy.pointer + i * c, inv = inverseRMS.data[i]
                    var dotProduct: Float = 0
                    for j in 0..<c { dotProduct += gr[j] * weight.data[j] * xr[j] * inv }
                    let meanDot = dotProduct / Float(c)
                    let out = dx.pointer + i * c
                    for j in 0..<c { out[j] += inv * (gr[j] * weight.data[j] - xr[j] * inv * meanDot) }
                }
            }
            if weight.requiresGrad {
                // dw[j] += Σ_i dy[i, j] · x̂[i, j], rows in order.
                let dw = weight.gradPointer()
                for i in 0..<rows {
                    let xr = x.data + i * c, gr = dyRaw + i * c, inv = inverseRMS.data[i]
                    for j in 0..<c { dw[j] += gr[j] * xr[j] * inv }
                }
            }
        }
        return y
    }
}
