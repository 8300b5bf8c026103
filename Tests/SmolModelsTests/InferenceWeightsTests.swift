import Foundation
import SmolKernels
@testable import SmolModels
import SmolTensor
import Testing

/// Generation with quantised copies of the linear weights (`GenerationOptions.weights`).
@Suite struct InferenceWeightsTests {
    /// A small llama whose every matrix has a multiple of 32 columns (so every one can be blocked).
    static let config = ModelConfig(vocabSize: 96, hiddenSize: 64, intermediateSize: 128, numHiddenLayers: 2,
                                     numAttentionHeads: 4, numKeyValueHeads: 2, ropeTheta: 10_000)
    static let model = LanguageModel(config: config, seed: 3)
    static let prompts = [[5, 17, 42, 9, 3], [8, 1], [60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77]]

    /// A GGUF of `model` with the layers' matrices in Q4_1 and the embedding in Q8_0 (as the SmolLM2
    /// file stores them), loaded back.
    static func quantizedGGUF() throws -> LanguageModel {
        var file = GGUFWriting(model)
        file.storeBlocks()
        let path = try file.write("blocks")
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try LanguageModel.load(path: path)
    }

    /// `.native` reads the file's blocks, whose weights equal the f32 tensors dequantised at load, where
    /// the f32 product runs the row-form kernel (≤ 16 rows), and the f32 tensors elsewhere (the 25-row
    /// prompt step here): every logit is bit-identical, so are the tokens, sampled or greedy.
    @Test func nativeBlocksDecodeExactlyAsTheDequantisedF32Weights() throws {
        let m = try Self.quantizedGGUF()
        #expect(m.sourceDType == "q4_1+q8_0")
        let weights = try #require(m.quantizedWeights(.native))
        #expect(weights.lmHead?.blocks?.format == .q8_0 && weights.layers.allSatisfy { $0.q?.blocks?.format == .q4_1 && $0.down?.blocks?.format == .q4_1 })
        // The blocks dequantise to the loaded f32 tensors (Q/K rows un-permuted like the values).
        for (name, matrix) in [("model.layers.1.self_attn.q_proj.weight", weights.layers[1].q!.blocks!),
                               ("model.layers.0.self_attn.k_proj.weight", weights.layers[0].k!.blocks!),
                               ("model.embed_tokens.weight", weights.lmHead!.blocks!)] {
            #expect(matrix.dequantized() == m.parameter(name)!.values, "\(name)")
        }
        // One decode step of three sequences after a short prompt each: identical logits.
        func step(_ precision: WeightPrecision) -> [Float] {
            let tables = RotaryTables(headDim: m.config.headDim, theta: m.config.ropeTheta, positions: 32)
            let caches = (0..<3).map { _ in KVCache(layers: 2, width: m.config.numKeyValueHeads * m.config.headDim, capacity: 32) }
            let weights = m.quantizedWeights(precision)
            _ = m.forwardCached([[1, 2, 3], [4, 5], [6]], caches: caches, tables: tables, engine: EngineOptions(), weights: weights)
            return m.forwardCached([[7], [8], [9]], caches: caches, tables: tables, engine: EngineOptions(), weights: weights).values
        }
        #expect(step(.native) == step(.f32))
        let options = GenerationOptions(maxNewTokens: 12, temperature: 0.9, seed: 4, stopAtEndOfSequence: false, weights: .f32)
        var native = options
        native.weights = .native
        #expect(GenerationOptions().weights == .native)
        #expect(try m.generate(Self.prompts, options: native, engine: EngineOptions(threads: 2)) == m.generate(Self.prompts, options: options))
        let many = (0..<17).map { [$0 + 1, 2 * $0] }
        #expect(try m.generate(many, options: native) == m.generate(many, options: options))
    }

    /// Re-quantised copies are made once per model and precision, and their greedy tokens do not depend
    /// on the thread count or on the batch (a prompt alone, or among 17 others: ≥ 17 rows per step run
    /// the quantised kernel in groups, never the packed f32 product).
    @Test(arguments: [WeightPrecision.q8_0, .q4_1, .q8_0_q8])
    func requantisedDecodingIsDeterministicAndBatchIndependent(precision: WeightPrecision) throws {
        let m = Self.model
        #expect(m.quantizedWeights(precision) === m.quantizedWeights(precision))
        #expect(m.quantizedWeightBytes(precision) > 0 && m.quantizedWeightBytes(.f32) == 0)
        let options = GenerationOptions(maxNewTokens: 10, stopAtEndOfSequence: false, weights: precision)
        let many = (0..<18).map { i in [1 + i, 2 * i + 3, 40 + i % 7] }
        let together = try m.generate(many, options: options, engine: EngineOptions(threads: 2))
        #expect(try m.generate(many, options: options, engine: EngineOptions(threads: 1)) == together)
        for i in [0, 9, 17] {
            // Alone, prompt i must use the same sampling stream i (greedy here, but keep the index).
            #expect(try m.generate(Array(many[...i]), options: options)[i] == together[i], "prompt \(i)")
        }
    }

    /// A model trained in place after its copies were made: the re-quantised copy is made again from the
    /// new weights, and the file's blocks (which no longer match) give way to the f32 tensors.
    @Test func copiesFollowWeightsChangedInPlace() throws {
        let m = try Self.quantizedGGUF()
        let q8 = try #require(m.quantizedWeights(.q8_0))
        #expect(m.quantizedWeights(.native) != nil && m.quantizedWeights(.q8_0) === q8)
        let gate = m.layers[1].gate
        gate.data[gate.count / 2] += 0.25   // what an optimizer step does to every weight
        #expect(m.quantizedWeights(.native) == nil)
        let remade = try #require(m.quantizedWeights(.q8_0))
        #expect(remade !== q8)
        let options = GenerationOptions(maxNewTokens: 6, stopAtEndOfSequence: false)
        #expect(try m.generate(Self.prompts, options: options) == m.generate(Self.prompts, options: GenerationOptions(maxNewTokens: 6, stopAtEndOfSequence: false, weights: .f32)))
    }

    /// A 17-row decode step with quantised weights gives each row the bits it gets alone (the grouped
    /// kernel; the packed f32 product would round differently from the one-row skinny path).
    @Test(arguments: [WeightPrecision.q8_0, .q8_0_q8])
    func seventeenRowStepsUseTheGroupedKernel(precision: WeightPrecision) throws {
        let m = Self.model, d = m.config.hiddenSize
        let weights = try #require(m.quantizedWeights(precision)?.layers[0].gate)
        let x = Tensor(shape: [17, d], values: (0..<17 * d).map { Float(($0 * 37) % 101) / 101 - 0.5 })
        let tape = Tape(recording: false)
        let all = projection(tape, x, m.layers[0].gate, weights, bias: nil).values
        let width = weights.rows
        for r in 0..<17 {
            let row = Tensor(shape: [1, d], values: Array(x.values[r * d..<(r + 1) * d]))
            #expect(projection(tape, row, m.layers[0].gate, weights, bias: nil).values == Array(all[r * width..<(r + 1) * width]))
        }
    }
}

extension GGUFWriting {
    /// Rewrites the matrices as llama.cpp's quantiser would: token_embd in Q8_0, the layers' matrices
    /// in Q4_1 (f16 scales and minimums), norms left in F32.
    mutating func storeBlocks() {
        for i in tensors.indices where tensors[i].shape.count == 2 {
            let values = tensors[i].data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
            let q8 = tensors[i].name == "token_embd.weight"
            tensors[i].type = q8 ? 8 : 3
            tensors[i].data = q8 ? Self.q8_0(values) : Self.q4_1(values)
        }
    }

    static func halfBytes(_ x: Float) -> [UInt8] {
        let bits = Float16(x).bitPattern
        return [UInt8(truncatingIfNeeded: bits), UInt8(truncatingIfNeeded: bits >> 8)]
    }

    /// ggml Q8_0 blocks: [d f16][32 int8], d = max|x| / 127.
    static func q8_0(_ x: [Float]) -> [UInt8] {
        stride(from: 0, to: x.count, by: 32).flatMap { start -> [UInt8] in
            let block = x[start..<start + 32], d = block.map(abs).max()! / 127
            let stored = Float(Float16(d))
            return halfBytes(d) + block.map { UInt8(bitPattern: Int8(stored == 0 ? 0 : max(-127, min(127, ($0 / stored).rounded())))) }
        }
    }

    /// ggml Q4_1 blocks: [d f16][m f16][16 bytes], byte j = q[j] | q[j + 16] << 4, x ≈ q·d + m.
    static func q4_1(_ x: [Float]) -> [UInt8] {
        stride(from: 0, to: x.count, by: 32).flatMap { start -> [UInt8] in
            let block = Array(x[start..<start + 32]), low = block.min()!, d = (block.max()! - low) / 15
            let sd = Float(Float16(d)), sm = Float(Float16(low))
            let q = block.map { UInt8(sd == 0 ? 0 : max(0, min(15, (($0 - sm) / sd).rounded()))) }
            return halfBytes(d) + halfBytes(low) + (0..<16).map { q[$0] | q[$0 + 16] << 4 }
        }
    }
}

/// The SmolLM2-135M-Instruct GGUF (Q4_1 layers, Q8_0 embedding); skipped when not downloaded.
@Suite struct SmolLM2WeightPrecisionTests {
    static let prompts = ["The capital of France is", "def fibonacci(n):", "Once upon a time, there was a",
                          "The three primary colors are", "Water boils at a temperature of", "import numpy as np\n"]

    /// Greedy continuations (32 tokens, the six prompts decoded together) of each precision against f32:
    /// `.native` must be equal token for token; the re-quantised copies are measured (first token that
    /// differs per prompt: near-ties of a 135M model flip under the re-quantisation error).
    @Test(.enabled(if: GGUFLoaderTests.present, "downloads/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf is absent; run scripts/fetch-smollm2.sh"))
    func greedyOutputsOfEachPrecisionAgainstF32() throws {
        let bundle = try ModelBundle.load(path: GGUFLoaderTests.path)
        let engine = EngineOptions(threads: 2)
        func run(_ precision: WeightPrecision) throws -> [[Int]] {
            let options = GenerationOptions(maxNewTokens: 32, stopAtEndOfSequence: false, weights: precision)
            return try bundle.continuations(prompts: Self.prompts, options: options, engine: engine).map(\.tokens)
        }
        let f32 = try run(.f32)
        #expect(try run(.native) == f32)
        for precision in [WeightPrecision.q8_0, .q8_0_q8, .q4_1] {
            let other = try run(precision)
            let firstDifference: [Int] = zip(other, f32).map { a, b in
                a.indices.first { $0 >= b.count || a[$0] != b[$0] } ?? a.count
            }
            let differing = zip(other, f32).map { a, b in zip(a, b).filter { $0 != $1 }.count }
            print("\(precision.rawValue): tokens equal to f32 before the first difference, per prompt: \(firstDifference) of 32; "
                  + "tokens differing: \(differing)")
            // Measured (2026-12-05): q8_0 [32, 32, 17, 3, 21, 7], q8_0_q8 [32, 32, 14, 8, 9, 7],
            // q4_1 [10, 13, 0, 3, 10, 1].
            if precision != .q4_1 { #expect(firstDifference.min()! >= 3, "\(precision): \(firstDifference)") }
        }
    }

    /// The golden prompt of `GGUFLoaderTests.smolLM2KnownAnswer` ("The capital of France is") run as one
    /// cached prompt step with each precision's linear weights: the largest logit difference from f32
    /// over the whole vocabulary, and over the five golden logits. The greedy token must stay.
    @Test(.enabled(if: GGUFLoaderTests.present, "downloads/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf is absent; run scripts/fetch-smollm2.sh"))
    func goldenLogitsOfEachPrecisionAgainstF32() throws {
        let m = try LanguageModel.load(path: GGUFLoaderTests.path)
        let ids = [504, 3575, 282, 4649, 314], golden = [7042, 260, 4528, 2250, 1315]
        func logits(_ precision: WeightPrecision) -> [Float] {
            let tables = RotaryTables(headDim: m.config.headDim, theta: m.config.ropeTheta, positions: 8)
            let cache = KVCache(layers: m.config.numHiddenLayers, width: m.config.numKeyValueHeads * m.config.headDim, capacity: 8)
            return m.forwardCached([ids], caches: [cache], tables: tables, engine: EngineOptions(threads: 2),
                                   weights: m.quantizedWeights(precision)).values
        }
        let f32 = logits(.f32)
        #expect(f32.indices.max { f32[$0] < f32[$1] } == 7042)
        var largest: [WeightPrecision: Float] = [:], goldenLargest = largest
        for precision in [WeightPrecision.q8_0, .q8_0_q8] {
            let other = logits(precision)
            let all = zip(other, f32).map { abs($0 - $1) }.max()!, atGolden = golden.map { abs(other[$0] - f32[$0]) }.max()!
            print("\(precision.rawValue): largest logit difference from f32 \(all) (vocabulary), \(atGolden) (the five golden logits)")
            #expect(other.indices.max { other[$0] < other[$1] } == 7042, "\(precision)")
            largest[precision] = all
            goldenLargest[precision] = atGolden
        }
        // Measured (2026-12-05): q8_0 0.631 (vocabulary) and 0.114 (golden); q8_0_q8 0.867 and 0.238.
        #expect(largest[.q8_0]! < 1 && largest[.q8_0_q8]! < 1)
        #expect(goldenLargest[.q8_0]! < 0.3 && goldenLargest[.q8_0_q8]! < 0.3)
    }
}
