import Foundation
import SmolTestSupport
import SmolCore
import SmolFormats
import SmolKernels
import SmolModels
import SmolTensor
import Testing

/// Golden tests against Hugging Face transformers (eager attention, float32); tolerances from
/// fixtures/README.md.
@Suite struct LanguageModelTests {
    static let models = ["tiny-llama-a", "tiny-qwen2"]
    /// OpenBLAS is a cross-check backend: it must meet the same fixture tolerances as smol's kernels.
    static let backends: [MatrixBackend] = [.smol, .openblas]

    @Test(arguments: models, backends)
    func logitsMatchTransformers(model: String, backend: MatrixBackend) throws {
        let m = try LanguageModel.load(path: try GoldenFixtures.path(model))
        let golden = try GoldenFixtures.tensors(model + "/golden_forward.safetensors")
        let ids = try GoldenFixtures.ints(golden, "input_ids")
        let expected = try GoldenFixtures.floats(golden, "logits")
        let logits = m.logits(Tape(engine: EngineOptions(threads: 2, backend: backend), recording: false), ids: ids, batch: 2, length: ids.count / 2)
        #expect(logits.count == expected.count)
        #expect(maxAbsDifference(logits.values, expected) < 1e-4)
    }

    @Test func bfloat16WeightsGiveTheGoldenLogits() throws {
        let m = try LanguageModel.load(path: try GoldenFixtures.path("tiny-llama-a-bf16"))
        #expect(m.sourceDType == "bf16")
        let golden = try GoldenFixtures.tensors("tiny-llama-a-bf16/golden_forward.safetensors")
        let ids = try GoldenFixtures.ints(golden, "input_ids")
        let logits = m.logits(Tape(recording: false), ids: ids, batch: 1, length: ids.count)
        #expect(maxAbsDifference(logits.values, try GoldenFixtures.floats(golden, "logits")) < 1e-4)
    }

    @Test(arguments: models, backends)
    func lossAndEveryGradientMatchTransformers(model: String, backend: MatrixBackend) throws {
        let m = try LanguageModel.load(path: try GoldenFixtures.path(model))
        let ids = try GoldenFixtures.ints(try GoldenFixtures.tensors(model + "/golden_forward.safetensors"), "input_ids")
        let tape = Tape(engine: EngineOptions(threads: 2, backend: backend))
        let loss = m.loss(tape, ids: ids, batch: 2, length: ids.count / 2)
        tape.backward(from: loss)
        let expectedLoss = try #require(try GoldenFixtures.json(model + "/golden.json")["loss"] as? Double)
        #expect(abs(Double(loss.values[0]) - expectedLoss) < 1e-4)
        let grads = try GoldenFixtures.tensors(model + "/golden_grads.safetensors")
        for (name, tensor) in m.parameters {
            let expected = try GoldenFixtures.floats(grads, name)
            let error = relativeToLargest(tensor.gradient, expected)
            #expect(error < 1e-3, "gradient of \(name) differs by \(error) relative to its largest element")
        }
    }

    @Test(arguments: models)
    func tenAdamWStepsFollowTheGoldenLossCurve(model: String) throws {
        let m = try LanguageModel.load(path: try GoldenFixtures.path(model))
        let ids = try GoldenFixtures.ints(try GoldenFixtures.tensors(model + "/golden_forward.safetensors"), "input_ids")
        let adam = try #require(try GoldenFixtures.json(model + "/golden.json")["adamw"] as? [String: Any])
        let expected = try #require(adam["loss_per_step"] as? [Double])
        let optimizer = AdamW(parameters: m.parameters,
                              settings: .init(beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1))
        var losses: [Double] = []
        for _ in 0..<10 {
            let tape = Tape(engine: EngineOptions(threads: 2))
            let loss = m.loss(tape, ids: ids, batch: 2, length: ids.count / 2)
            tape.backward(from: loss)
            losses.append(Double(loss.values[0]))
            Gradients.clip(m.parameters.map(\.tensor), maxNorm: 1.0)
            optimizer.step(learningRate: 3e-3)
            optimizer.zeroGradients()
        }
        for (step, (a, b)) in zip(losses, expected).enumerated() {
            #expect(abs(a - b) < 2e-4, "step \(step): loss \(a), transformers \(b)")
        }
    }

    /// Weight i of parameter p is draw i of CounterRNG(seed, stream: p) scaled by initializer_range;
    /// norms start at 1. Checked across chunk boundaries of the parallel fill.
    @Test func initialisationIsAPureFunctionOfTheSeed() throws {
        let config = try #require(ModelConfig.preset("tiny"))
        let m = LanguageModel(config: config, seed: 42)
        let embed = try #require(m.parameter("model.embed_tokens.weight"))
        let rng = CounterRNG(seed: 42, stream: 0)
        for i in [0, 1, 65_535, 65_536, 65_537, embed.count - 1] {
            #expect(embed[i] == rng.normal(at: UInt64(i)) * config.initializerRange)
        }
        #expect(try #require(m.parameter("model.layers.0.input_layernorm.weight")).values.allSatisfy { $0 == 1 })
        #expect(m.parameterCount == 4_212_992)   // the PyTorch baseline's count for this shape
        #expect(LanguageModel(config: config, seed: 42).weightsDigest() == m.weightsDigest())
    }
}
