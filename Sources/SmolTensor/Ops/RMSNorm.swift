import Foundation
import SmolKernels
import SmolCore

extension Tape {
    /// Root-mean-square normalisation with a learned gain (HF `LlamaRMSNorm`):
    /// `y = w ⊙ x / sqrt(mean(x²) + eps)` per row, through the SIMD row kernels of SmolKernels
    /// (`ReferenceOps.rmsNorm` is the plain version). Rows are split across threads; the gain's
    /// gradient, a sum over rows, runs on one thread in row order, so bits do not depend on `threads`.
    ///
    /// x: [N, C], weight: [C] -> [N, C]
    public func rmsNorm(_ x: Tensor, weight: Tensor, eps: Float) -> Tensor {
        let rows = x.rowCount, c = x.lastDimension
        precondition(weight.count == c, "rmsNorm: weight has \(weight.count) elements for rows of \(c)")
        let y = uninitializedOutput(x.shape, x, weight)   // every row is written
        let inverseRMS = Tensor(zeros: [rows])   // 1 / sqrt(mean(x²) + eps) per row, saved for backward
        let threads = threads(forElements: x.count)
        Parallel.forEachRange(rows, threads: threads) { _, range in
            let o = range.lowerBound * c
            rmsNormRows(x.data + o, weight: weight.data, out: y.data + o, inverseRMS: inverseRMS.data + range.lowerBound,
                        rows: range.count, cols: c, eps: eps)
        }
        record(y) { dyRaw in
            let dy = UnsafeMutableSendablePointer(dyRaw)
            if x.requiresGrad {
                // dx += r · (dŷ − x̂ · mean(dŷ ⊙ x̂)),  dŷ = dy ⊙ w, x̂ = x · r
                let dx = UnsafeMutableSendablePointer(x.gradPointer())
                Parallel.forEachRange(rows, threads: threads) { _, range in
                    let o = range.lowerBound * c
                    rmsNormRowsBackward(x: x.data + o, weight: weight.data, inverseRMS: inverseRMS.data + range.lowerBound,
                                        dy: dy.pointer + o, dx: dx.pointer + o, rows: range.count, cols: c)
                }
            }
            if weight.requiresGrad {
                // dw[j] += Σ_i dy[i, j] · x̂[i, j], rows in order.
                rmsNormWeightGradient(x: x.data, inverseRMS: inverseRMS.data, dy: dyRaw, dWeight: weight.gradPointer(),
                                      rows: rows, cols: c)
            }
        }
        return y
    }
}
