import Foundation
import SmolKernels
import SmolCore

extension Tape {
    /// Elementwise sum.   a: [...], b: [same] -> [same]
    public func add(_ a: Tensor, _ b: Tensor) -> Tensor {
        precondition(a.shape == b.shape, "add: shapes \(a.shape) and \(b.shape) differ")
        let y = uninitializedOutput(a.shape, a, b)
        let threads = threads(forElements: a.count)
        Parallel.forEachRange(a.count, threads: threads) { _, range in
            for i in range { y.data[i] = a.data[i] + b.data[i] }
        }
        record(y) { dy in
            if a.requiresGrad { a.addToGradient(dy, threads: threads) }
            if b.requiresGrad { b.addToGradient(dy, threads: threads) }
        }
        return y
    }

    /// Elementwise difference `a − b`.   a: [...], b: [same] -> [same]
    public func sub(_ a: Tensor, _ b: Tensor) -> Tensor {
        precondition(a.shape == b.shape, "sub: shapes \(a.shape) and \(b.shape) differ")
        let y = output(a.shape, a, b)
        let n = a.count
        for i in 0..<n { y.data[i] = a.data[i] - b.data[i] }
        record(y) { dy in
            if a.requiresGrad { let g = a.gradPointer(); for i in 0..<n { g[i] += dy[i] } }
            if b.requiresGrad { let g = b.gradPointer(); for i in 0..<n { g[i] -= dy[i] } }
        }
        return y
    }

    /// Elementwise product.   a: [...], b: [same] -> [same]
    public func mul(_ a: Tensor, _ b: Tensor) -> Tensor {
        precondition(a.shape == b.shape, "mul: shapes \(a.shape) and \(b.shape) differ")
        let y = output(a.shape, a, b)
        let n = a.count
        for i in 0..<n { y.data[i] = a.data[i] * b.data[i] }
        record(y) { dy in
            if a.requiresGrad { let g = a.gradPointer(); for i in 0..<n { g[i] += dy[i] * b.data[i] } }
            if b.requiresGrad { let g = b.gradPointer(); for i in 0..<n { g[i] += dy[i] * a.data[i] } }
        }
        return y
    }

    /// Multiplication by a constant.   x: [...] -> [same]
    public func scale(_ x: Tensor, by factor: Float) -> Tensor {
        let y = output(x.shape, x)
        let n = x.count
        for i in 0..<n { y.data[i] = x.data[i] * factor }
        record(y) { dy in
            let g = x.gradPointer()
            for i in 0..<n { g[i] += dy[i] * factor }
        }
        return y
    }

    /// SwiGLU gate: `silu(gate) · up`, with silu(g) = g·σ(g) (SIMD kernels from SmolKernels;
    /// `ReferenceOps.swiglu` is the plain version).   gate: [N, F], up: [N, F] -> [N, F]
    public func swiglu(_ gate: Tensor, _ up: Tensor) -> Tensor {
        precondition(gate.shape == up.shape, "swiglu: shapes \(gate.shape) and \(up.shape) differ")
        let y = uninitializedOutput(gate.shape, gate, up)   // every element is written
        let rows = gate.rowCount, cols = gate.lastDimension
        let threads = threads(forElements: gate.count)
        Parallel.forEachRange(rows, threads: threads) { _, range in
            let o = range.lowerBound * cols
            siluMul(gate.data + o, up.data + o, out: y.data + o, count: range.count * cols)
        }
        record(y) { dyRaw in
            // d silu / dg = σ(g) · (1 + g · (1 − σ(g))); the kernel writes fresh gradients (the usual
            // case: gate and up are linear outputs) and adds into existing ones.
            let dy = UnsafeMutableSendablePointer(dyRaw)
            let dg = gate.requiresGrad ? gate.gradientForUpdate() : nil, du = up.requiresGrad ? up.gradientForUpdate() : nil
            let accumulate = dg?.accumulate == true || du?.accumulate == true
            for fresh in [dg, du] where accumulate && fresh?.accumulate == false {
                fresh!.pointer.update(repeating: 0, count: gate.count)   // one fresh, one not: add into zeros
            }
            let dGate = dg.map { UnsafeMutableSendablePointer($0.pointer) }, dUp = du.map { UnsafeMutableSendablePointer($0.pointer) }
            Parallel.forEachRange(rows, threads: threads) { _, range in
                let o = range.lowerBound * cols
                siluMulBackward(gate.data + o, up.data + o, dOut: dy.pointer + o, dGate: dGate.map { $0.pointer + o },
                                dUp: dUp.map { $0.pointer + o }, count: range.count * cols, accumulate: accumulate)
            }
        }
        return y
    }

    /// log σ(x), computed stably as −softplus(−x).   x: [...] -> [same]
    public func logSigmoid(_ x: Tensor) -> Tensor {
        let y = output(x.shape, x)
        let n = x.count
        for i in 0..<n {
            let v = Double(x.data[i])
            y.data[i] = Float(min(v, 0) - log1p(exp(-abs(v))))
        }
        record(y) { dy in
            let g = x.gradPointer()
            // d/dx log σ(x) = 1 − σ(x) = σ(−x)
            for i in 0..<n { g[i] += dy[i] * Float(1 / (1 + exp(Double(x.data[i])))) }
        }
        return y
    }
}
