import SmolKernels

extension Tape {
    /// Fully connected layer `y = x · Wᵀ + b` (PyTorch `nn.Linear` layout).
    ///
    /// x: [..., in], weight: [out, in], bias: [out]? -> [..., out]
    public func linear(_ x: Tensor, _ weight: Tensor, bias: Tensor? = nil) -> Tensor {
        let n = x.rowCount, inF = x.lastDimension, outF = weight.shape[0]
        precondition(weight.shape == [outF, inF], "linear: weight \(weight.shape) does not match input \(x.shape)")
        precondition(bias == nil || bias!.count == outF, "linear: bias must have \(outF) elements")
        let y = uninitializedOutput(Array(x.shape.dropLast()) + [outF], x, weight, bias)   // sgemm writes it all
        let engine = self.engine
        engine.sgemm(transA: false, transB: true, m: n, n: outF, k: inF, alpha: 1, a: x.data, lda: inF,
                     b: weight.data, ldb: inF, beta: 0, c: y.data, ldc: outF)
        if let bias { addRowVector(y.data, rows: n, bias.data, columns: outF) }
        record(y) { dy in
            // dx += dy · W          [n, out] · [out, in]   (beta 0 writes a fresh gradient)
            if x.requiresGrad {
                let (dx, accumulate) = x.gradientForUpdate()
                engine.sgemm(transA: false, transB: false, m: n, n: inF, k: outF, alpha: 1, a: dy, lda: outF,
                             b: weight.data, ldb: inF, beta: accumulate ? 1 : 0, c: dx, ldc: inF)
            }
            // dW += dyᵀ · x         [out, n] · [n, in]
            if weight.requiresGrad {
                let (dw, accumulate) = weight.gradientForUpdate()
                engine.sgemm(transA: true, transB: false, m: outF, n: inF, k: n, alpha: 1, a: dy, lda: outF,
                             b: x.data, ldb: inF, beta: accumulate ? 1 : 0, c: dw, ldc: inF)
            }
            // db += Σ_rows dy       (rows summed in order)
            if let bias, bias.requiresGrad { sumRows(dy, rows: n, columns: outF, into: bias.gradPointer()) }
        }
        return y
    }

    /// Matrix product over a shared leading batch: `c[b] = op(a[b]) · op(b[b])`.
    ///
    /// a: [batch, m, k] (or [batch, k, m] with transposeA), b: [batch, k, n] (or [batch, n, k] with
    /// transposeB) -> [batch, m, n]. Rank-2 inputs are a batch of one.
    public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
        precondition(a.shape.count == b.shape.count && (a.shape.count == 2 || a.shape.count == 3),
                     "matmul: need two rank-2 or two rank-3 tensors, got \(a.shape) and \(b.shape)")
        let batched = a.shape.count == 3
        let batch = batched ? a.shape[0] : 1
        precondition(!batched || b.shape[0] == batch, "matmul: batch \(a.shape[0]) vs \(b.shape[0])")
        let ar = a.shape[a.shape.count - 2], ac = a.shape[a.shape.count - 1]
        let br = b.shape[b.shape.count - 2], bc = b.shape[b.shape.count - 1]
        let m = transposeA ? ac : ar, k = transposeA ? ar : ac
        let n = transposeB ? br : bc, kb = transposeB ? bc : br
        precondition(k == kb, "matmul: inner dimensions \(k) and \(kb) differ (\(a.shape) × \(b.shape))")
        let c = output(batched ? [batch, m, n] : [m, n], a, b)
        let sa = ar * ac, sb = br * bc, sc = m * n
        let engine = self.engine
        for i in 0..<batch {
            engine.sgemm(transA: transposeA, transB: transposeB, m: m, n: n, k: k, alpha: 1, a: a.data + i * sa, lda: ac,
                         b: b.data + i * sb, ldb: bc, beta: 0, c: c.data + i * sc, ldc: n)
        }
        record(c) { dc in
            for i in 0..<batch {
                let g = dc + i * sc
                if a.requiresGrad {
                    // d op(A) = dC · op(B)ᵀ; stored A is op(A) or its transpose.
                    let da = a.gradPointer() + i * sa
                    if transposeA {
                        // dA[k, m] = op(B) · dCᵀ
                        engine.sgemm(transA: transposeB, transB: true, m: k, n: m, k: n, alpha: 1, a: b.data + i * sb, lda: bc,
                                     b: g, ldb: n, beta: 1, c: da, ldc: ac)
                    } else {
                        engine.sgemm(transA: false, transB: !transposeB, m: m, n: k, k: n, alpha: 1, a: g, lda: n,
                                     b: b.data + i * sb, ldb: bc, beta: 1, c: da, ldc: ac)
                    }
                }
                if b.requiresGrad {
                    // d op(B) = op(A)ᵀ · dC
                    let db = b.gradPointer() + i * sb
                    if transposeB {
                        // dB[n, k] = dCᵀ · op(A)
                        engine.sgemm(transA: true, transB: transposeA, m: n, n: k, k: m, alpha: 1, a: g, lda: n,
                                     b: a.data + i * sa, ldb: ac, beta: 1, c: db, ldc: bc)
                    } else {
                        engine.sgemm(transA: !transposeA, transB: false, m: k, n: n, k: m, alpha: 1, a: a.data + i * sa, lda: ac,
                                     b: g, ldb: n, beta: 1, c: db, ldc: bc)
                    }
                }
            }
        }
        return c
    }
}

/// rows[r, c] += vector[c].   rows: [rows, columns], vector: [columns]
@inlinable
func addRowVector(_ rowsPointer: UnsafeMutablePointer<Float>, rows: Int, _ vector: UnsafePointer<Float>, columns: Int) {
    for r in 0..<rows {
        let row = rowsPointer + r * columns
        for c in 0..<columns { row[c] += vector[c] }
    }
}

/// out[c] += Σ_r m[r, c], rows added in increasing order.   m: [rows, columns] -> out: [columns]
@inlinable
func sumRows(_ m: UnsafePointer<Float>, rows: Int, columns: Int, into out: UnsafeMutablePointer<Float>) {
    for r in 0..<rows {
        let row = m + r * columns
        for c in 0..<columns { out[c] += row[c] }
    }
}
