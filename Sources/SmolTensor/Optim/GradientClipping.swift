import Foundation

/// Gradient utilities: global L2 norm, clipping and scaling (for gradient accumulation).
public enum Gradients {
    /// √(Σ over tensors, in list order, of Σ g²), accumulated in Double.
    public static func globalNorm(_ tensors: [Tensor]) -> Double {
        var total = 0.0
        for tensor in tensors {
            guard let g = tensor.grad else { continue }
            var partial = 0.0
            for i in 0..<tensor.count { partial += Double(g[i]) * Double(g[i]) }
            total += partial
        }
        return total.squareRoot()
    }

    /// Scales all gradients so their global norm is at most `maxNorm` (as `torch.nn.utils.clip_grad_norm_`:
    /// factor maxNorm / (norm + 1e-6), applied only when below 1). Returns the norm before clipping.
    @discardableResult
    public static func clip(_ tensors: [Tensor], maxNorm: Double) -> Double {
        let norm = globalNorm(tensors)
        let factor = maxNorm / (norm + 1e-6)
        if factor < 1 { scale(tensors, by: Float(factor)) }
        return norm
    }

    /// Multiplies every gradient by `factor` (e.g. 1 / accumulation steps).
    public static func scale(_ tensors: [Tensor], by factor: Float) {
        for tensor in tensors {
            guard let g = tensor.grad else { continue }
            for i in 0..<tensor.count { g[i] *= factor }
        }
    }
}
