import SmolKernels
import SmolTensor
import Testing

@Suite struct LinearTests {
    /// Both backends must meet the reference; OpenBLAS is the cross-check.
    static let backends: [MatrixBackend] = [.smol, .openblas]

    @Test(arguments: backends)
    func linearWithBiasMatchesReferenceAndFiniteDifferences(backend: MatrixBackend) {
        checkOp([[2, 3, 5], [4, 5], [4]], backend: backend, { tape, t in tape.linear(t[0], t[1], bias: t[2]) },
                reference: { ReferenceOps.linear($0[0], $0[1], bias: $0[2], rows: 6, inputs: 5, outputs: 4) })
    }

    @Test func linearWithoutBias() {
        checkOp([[7, 3], [2, 3]], { tape, t in tape.linear(t[0], t[1]) },
                reference: { ReferenceOps.linear($0[0], $0[1], bias: nil, rows: 7, inputs: 3, outputs: 2) })
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)], backends)
    func batchedMatmulWithTransposes(transposes: (Bool, Bool), backend: MatrixBackend) {
        let (transposeA, transposeB) = transposes
        let (m, k, n, batch) = (3, 4, 5, 2)
        let aShape = transposeA ? [batch, k, m] : [batch, m, k]
        let bShape = transposeB ? [batch, n, k] : [batch, k, n]
        func plain(_ x: [Double], rows: Int, cols: Int, transposed: Bool) -> [Double] {
            guard transposed else { return x }
            // stored [cols, rows] -> [rows, cols]
            return (0..<rows * cols).map { x[($0 % cols) * rows + $0 / cols] }
        }
        checkOp([aShape, bShape], backend: backend, { tape, t in tape.matmul(t[0], t[1], transposeA: transposeA, transposeB: transposeB) },
                reference: { xs in
                    (0..<batch).flatMap { i in
                        ReferenceOps.matmul(plain(Array(xs[0][i * m * k..<(i + 1) * m * k]), rows: m, cols: k, transposed: transposeA),
                                            plain(Array(xs[1][i * k * n..<(i + 1) * k * n]), rows: k, cols: n, transposed: transposeB),
                                            m: m, k: k, n: n)
                    }
                })
    }
}
