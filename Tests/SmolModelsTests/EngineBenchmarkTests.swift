import SmolModels
import Testing

@Suite struct EngineBenchmarkTests {
    /// FLOPs per token agree with shared/bench/torch_tiny_llama.py, so GFLOP/s compare side by side.
    @Test func flopCountsMatchThePyTorchBaseline() throws {
        let tiny = EngineBenchmark.flops(try #require(ModelConfig.preset("tiny")), length: 256)
        #expect(tiny.forward == 9_469_952 && tiny.train == 28_409_856)
        let smol = EngineBenchmark.flops(try #require(ModelConfig.preset("smollm2-135m")), length: 512)
        // n_matmul 134,479,872 (incl. the tied head); attention 4·30·512·576 forward.
        #expect(smol.forward == 2 * 134_479_872 + 4 * 30 * 512 * 576)
    }
}
