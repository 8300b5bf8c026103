import Testing
import SmolKernels

@Suite("OpenBLAS backend")
struct OpenBLASTests {
    @Test("OpenBLAS agrees with smol within rounding", arguments: [(1, 40, 30), (7, 13, 17), (97, 33, 300), (64, 64, 64)])
    func agreesWithSmol(shape: (Int, Int, Int)) {
        for (transA, transB) in transposes {
            let problem = GEMMProblem(m: shape.0, n: shape.1, k: shape.2, transA: transA, transB: transB, pad: 1)
            let a = problem.a(), b = problem.b(), c = problem.c()
            let smol = problem.run(alpha: 1.25, beta: -0.5, a: a, b: b, c: c, threads: 2, backend: .smol)
            let blas = problem.run(alpha: 1.25, beta: -0.5, a: a, b: b, c: c, threads: 2, backend: .openblas)
            let tolerance = problem.tolerance(alpha: 1.25, beta: -0.5, a: a, b: b, c: c)
            let bad = problem.cIndices.filter { !(abs(smol[$0] - blas[$0]) <= tolerance[$0]) }
            #expect(bad.count == 0, "\(problem)")
        }
    }

    @Test("backend names round-trip and the OpenBLAS configuration is reported")
    func configuration() {
        #expect(MatrixBackend(rawValue: "openblas") == .openblas)
        #expect(MatrixBackend.allCases.map(\.rawValue) == ["smol", "openblas"])
        #expect(openBLASConfig().contains("OpenBLAS"))
        #expect(openBLASConfig().contains("core="))
    }
}
