import Testing
import SmolKernels

@Suite("measureSGEMM")
struct BenchmarkTests {
    @Test("measureSGEMM reports a positive throughput for both backends")
    func measureReportsThroughput() {
        for backend in MatrixBackend.allCases {
            let rate = measureSGEMM(size: 48, engine: EngineOptions(threads: 1, backend: backend), seconds: 0)
            #expect(rate.isFinite && rate > 0)
        }
    }

    @Test("measureSGEMM runs every path: skinny, small k, packed, transposed")
    func measureRunsEveryPath() {
        for (m, n, k, transA, transB) in [(1, 64, 32, false, true), (40, 50, 4, true, false), (30, 40, 50, true, true)] {
            let rate = measureSGEMM(m: m, n: n, k: k, transA: transA, transB: transB, engine: EngineOptions(threads: 2), seconds: 0)
            #expect(rate.isFinite && rate > 0)
        }
    }
}
