import SmolKernels
@testable import SmolModels
import Testing

@Suite struct EngineBenchmarkTests {
    /// FLOPs per token agree with scripts/bench/torch_tiny_llama.py, so GFLOP/s compare side by side.
    @Test func flopCountsMatchThePyTorchBaseline() throws {
        let tiny = EngineBenchmark.flops(try #require(ModelConfig.preset("tiny")), length: 256)
        #expect(tiny.forward == 9_469_952 && tiny.train == 28_409_856)
        let smol = EngineBenchmark.flops(try #require(ModelConfig.preset("smollm2-135m")), length: 512)
        // n_matmul 134,479,872 (incl. the tied head); attention 4·30·512·576 forward.
        #expect(smol.forward == 2 * 134_479_872 + 4 * 30 * 512 * 576)
    }

    static func row(_ name: String, gflops: Double) -> BenchmarkResult {
        BenchmarkResult(name: name, tokensPerSecond: 1, medianMilliseconds: 1, gflops: gflops, fractionOfPeak: 0,
                        threads: 2, peakResidentBytes: 0)
    }

    @Test func fractionsNeverExceedTheReferenceAndAFasterWorkloadIsNamedAsThePeak() throws {
        let normal = EngineBenchmark.withFractions([Self.row("train", gflops: 50), Self.row("generate", gflops: 0)],
                                                   sgemmPeak: 100, shapesLabel: "4 shapes")
        #expect(normal.map(\.fractionOfPeak) == [1, 0.5, 0] && normal[0].gflops == 100 && normal[0].name.hasPrefix("sgemm peak"))
        let noisy = EngineBenchmark.withFractions([Self.row("train", gflops: 50), Self.row("forward", gflops: 154)],
                                                  sgemmPeak: 100, shapesLabel: "4 shapes")
        #expect(noisy.allSatisfy { $0.fractionOfPeak <= 1 })
        #expect(noisy[0].gflops == 154 && noisy[0].name == "peak = forward")
        #expect(noisy[2].fractionOfPeak == 1)
    }

    @Test func thePeakIsMeasuredOnTheWorkloadShapesToo() throws {
        let shapes = EngineBenchmark.sgemmShapes(quick: true)
        #expect(shapes.contains { $0.m == 2048 && $0.n == 688 && $0.k == 256 && $0.transB })
        #expect(EngineBenchmark.sgemmPeak(shapes: [(64, 48, 32, true)], engine: EngineOptions(), repetitions: 2) > 0)
    }
}
