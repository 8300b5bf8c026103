import Dispatch
import Foundation
import SmolKernels
import SmolTensor

/// One measured line of `smol bench`.
public struct BenchmarkResult: Sendable, Codable, Equatable {
    /// What was measured, e.g. "tiny train B8xT256".
    public var name: String
    /// Tokens processed per second (median over the timed repetitions).
    public var tokensPerSecond: Double
    /// Median wall time of one repetition, in milliseconds.
    public var medianMilliseconds: Double
    /// Achieved GFLOP/s under the PyTorch script's FLOP count (0 where not meaningful).
    public var gflops: Double
    /// `gflops` as a fraction of the SGEMM peak measured in the same run (0 where not meaningful).
    public var fractionOfPeak: Double
    /// Worker threads used.
    public var threads: Int
    /// Peak resident memory of the process after this measurement, in bytes.
    public var peakResidentBytes: Int
}

/// Throughput of the engine on the shapes of the issue: `tiny` training (forward, backward, AdamW) and
/// forward scoring at B8×T256, the SmolLM2-135M shape forward at B1×T512, generation (SmolLM2 with f32,
/// Q8_0 and Q4_1 weights; `--decode` adds Q8_0 with int8 activations), and the SGEMM peak they are
/// compared against. FLOPs are counted as `scripts/bench/torch_tiny_llama.py` does.
public enum EngineBenchmark {
    /// Runs every measurement (`quick`: fewer repetitions, shorter sequences for the big shape) with
    /// `engine`'s threads and backend. The peak is the best SGEMM rate of that engine over the square
    /// shape and the workload's own product shapes, measured before and again after the model runs
    /// (see `withFractions` for how fractions stay ≤ 100%). `only`, when given, keeps the measurements
    /// whose name starts with it (e.g. "tiny train" for profiling one workload).
    public static func run(engine: EngineOptions, quick: Bool, only: String? = nil) -> [BenchmarkResult] {
        func wanted(_ prefix: String) -> Bool { only.map { prefix.hasPrefix($0) || $0.hasPrefix(prefix) } ?? true }
        var measured: [BenchmarkResult] = []
        let repetitions = quick ? 2 : 5
        let peakShapes = sgemmShapes(quick: quick)
        let peakRepetitions = quick ? 5 : 10
        var peak = sgemmPeak(shapes: peakShapes, engine: engine, repetitions: peakRepetitions)
        func record(_ name: String, tokens: Int, flopsPerToken: Double, seconds: Double) {
            let tps = Double(tokens) / seconds, gf = tps * flopsPerToken / 1e9
            measured.append(BenchmarkResult(name: name, tokensPerSecond: tps, medianMilliseconds: seconds * 1e3, gflops: gf,
                                            fractionOfPeak: 0, threads: engine.threads, peakResidentBytes: peakResidentBytes()))
        }

        let tiny = ModelConfig.preset("tiny")!
        let (b, t) = (8, 256)
        let model = LanguageModel(config: tiny, seed: 0)
        let ids = (0..<b * t).map { ($0 &* 2_654_435_761) % tiny.vocabSize }
        let optimizer = AdamW(parameters: model.parameters, settings: .init(weightDecay: 0.1), threads: engine.threads)
        if wanted("tiny train") {
            let train = median(repetitions) {
                let tape = Tape(engine: engine)
                tape.backward(from: model.loss(tape, ids: ids, batch: b, length: t))
                optimizer.step(learningRate: 1e-3)
                optimizer.zeroGradients()
            }
            record("tiny train B\(b)xT\(t)", tokens: b * t, flopsPerToken: flops(tiny, length: t).train, seconds: train)
        }
        if wanted("tiny score") {
            let targets = LanguageModel.shiftedTargets(ids, batch: b, length: t)
            let score = median(repetitions) {
                let tape = Tape(engine: engine, recording: false)
                _ = tape.tokenLogProbabilities(model.logits(tape, ids: ids, batch: b, length: t), labels: targets)
            }
            record("tiny score B\(b)xT\(t)", tokens: b * t, flopsPerToken: flops(tiny, length: t).forward, seconds: score)
        }
        let prompt = Array(ids.prefix(16)), newTokens = quick ? 32 : 128
        // Every run decodes exactly its token count: an end-of-sequence token does not stop it.
        let fixedLength = GenerationOptions(maxNewTokens: newTokens, stopAtEndOfSequence: false)
        // The prompts and options of these generation runs are fixed and valid, so generate cannot throw.
        if wanted("tiny generate") {
            let generation = median(repetitions) {
                _ = try! model.generate([prompt], options: fixedLength, engine: engine)
            }
            record("tiny generate 1x\(newTokens) greedy", tokens: newTokens, flopsPerToken: 0, seconds: generation)
            // Batched decode (the translation study): 8 prompts of different lengths at once.
            let prompts = (0..<8).map { b in Array(ids[(b * t)..<(b * t + 12 + b)]) }
            let batchedGeneration = median(repetitions) {
                _ = try! model.generate(prompts, options: fixedLength, engine: engine)
            }
            record("tiny generate 8x\(newTokens) greedy", tokens: 8 * newTokens, flopsPerToken: 0, seconds: batchedGeneration)
        }

        TensorMemory.releaseCached()
        if wanted("smollm2-135m") {
            let smol = ModelConfig.preset("smollm2-135m")!
            let big = LanguageModel(config: smol, seed: 0)
            let length = quick ? 128 : 512
            let bigIds = (0..<length).map { ($0 &* 2_654_435_761) % smol.vocabSize }
            let forward = median(quick ? 1 : 3) {
                _ = big.logits(Tape(engine: engine, recording: false), ids: bigIds, batch: 1, length: length)
            }
            record("smollm2-135m forward B1xT\(length)", tokens: length, flopsPerToken: flops(smol, length: length).forward, seconds: forward)
            measured += generationRows(big, ids: bigIds, engine: engine, quick: quick, repetitions: 1)
        }
        // The machine may have sped up (turbo, fewer neighbours) while the models ran: measure again.
        peak = max(peak, sgemmPeak(shapes: peakShapes, engine: engine, repetitions: peakRepetitions))
        return withFractions(measured, sgemmPeak: peak, shapesLabel: "\(peakShapes.count) shapes")
    }

    /// Only the generation rows of `run` (`smol bench --decode`), plus the one-token steps alone: the
    /// SmolLM2 shape with random weights, or `model` (e.g. the SmolLM2-135M GGUF, adding its `.native`
    /// blocks), each row the median of `repetitions` timed runs (quick: 1) interleaved across
    /// precisions, without the SGEMM peak.
    /// Also returns the bytes of each quantised copy (what it adds to the f32 model).
    public static func runDecode(engine: EngineOptions, quick: Bool, model: LanguageModel? = nil, repetitions: Int = 3)
        -> (rows: [BenchmarkResult], copyBytes: [(precision: String, bytes: Int)]) {
        let smol = model?.config ?? ModelConfig.preset("smollm2-135m")!
        let decoded = model ?? LanguageModel(config: smol, seed: 0)
        let ids = (0..<512).map { ($0 &* 2_654_435_761) % smol.vocabSize }
        let precisions: [WeightPrecision] = model == nil ? [.f32, .q8_0, .q8_0_q8, .q4_1] : [.f32, .native, .q8_0, .q8_0_q8, .q4_1]
        let rows = generationRows(decoded, ids: ids, engine: engine, quick: quick, repetitions: quick ? 1 : repetitions,
                                  precisions: precisions, label: model == nil ? "smollm2-135m" : "model", steps: true)
        return (rows, precisions.dropFirst().map { ($0.rawValue, decoded.quantizedWeightBytes($0)) })
    }

    /// Greedy decoding of `model` for one prompt of 16 tokens, eight and seventeen (past the f32 skinny
    /// path: packed products) of 12–19 tokens, 32 new tokens each (8 when `quick`, without 17), with each
    /// of `precisions`; prompts drawn from `ids` (≥ 150 of them). The quantised copies are made and
    /// every precision run once before the timed runs, which alternate between precisions (a load change
    /// on a shared machine hits them alike). A "generate" row's time includes the prompt step; with
    /// `steps`, a "steps" row follows with the one-token steps alone (after the first token).
    static func generationRows(_ model: LanguageModel, ids: [Int], engine: EngineOptions, quick: Bool, repetitions: Int,
                               precisions: [WeightPrecision] = [.f32, .q8_0, .q4_1], label: String = "smollm2-135m",
                               steps: Bool = false) -> [BenchmarkResult] {
        let newTokens = quick ? 8 : 32
        var rows: [BenchmarkResult] = []
        func row(_ name: String, tokens: Int, times: [Double]) -> BenchmarkResult {
            let seconds = times.sorted()[times.count / 2]
            return BenchmarkResult(name: name, tokensPerSecond: Double(tokens) / seconds, medianMilliseconds: seconds * 1e3,
                                   gflops: 0, fractionOfPeak: 0, threads: engine.threads, peakResidentBytes: peakResidentBytes())
        }
        for batch in quick ? [1, 8] : [1, 8, 17] {
            let prompts = batch == 1 ? [Array(ids.prefix(16))] : (0..<batch).map { b in Array(ids[(b * 8)..<(b * 8 + 12 + b % 8)]) }
            var totals = [[Double]](repeating: [], count: precisions.count), decodes = totals
            for repetition in 0...max(1, repetitions) {
                for (p, precision) in precisions.enumerated() {
                    _ = model.quantizedWeights(precision)
                    // Every run decodes exactly its token count: an end-of-sequence token does not stop it.
                    // The prompts and options are fixed and valid, so generate cannot throw.
                    let options = GenerationOptions(maxNewTokens: newTokens, stopAtEndOfSequence: false, weights: precision)
                    let start = DispatchTime.now().uptimeNanoseconds
                    var firstStep: UInt64?
                    _ = try! model.generate(prompts, options: options, engine: engine, decode: nil, isCancelled: { false },
                                            afterEachStep: { _ in firstStep = firstStep ?? DispatchTime.now().uptimeNanoseconds })
                    let end = DispatchTime.now().uptimeNanoseconds
                    if repetition > 0 {
                        totals[p].append(Double(end - start) * 1e-9)
                        decodes[p].append(Double(end - firstStep!) * 1e-9)
                    }
                }
            }
            for (p, precision) in precisions.enumerated() {
                rows.append(row("\(label) generate \(batch)x\(newTokens) \(precision.rawValue)", tokens: batch * newTokens, times: totals[p]))
                if steps {
                    rows.append(row("\(label) steps \(batch)x\(newTokens - 1) \(precision.rawValue)", tokens: batch * (newTokens - 1),
                                    times: decodes[p]))
                }
            }
        }
        return rows
    }

    /// The product shapes (m, n, k) the peak is measured on: a square one and the largest products of
    /// the workloads (`tiny` at B8×T256, SmolLM2-135M at its benchmark length), weights transposed as
    /// in `linear`.
    static func sgemmShapes(quick: Bool) -> [(m: Int, n: Int, k: Int, transB: Bool)] {
        let square = quick ? 512 : 1024, length = quick ? 128 : 512
        return [(square, square, square, false), (8 * 256, 688, 256, true), (length, 1536, 576, true), (length, 576, 1536, true)]
    }

    /// The peak row first, then `measured` with `fractionOfPeak` filled in. The reference is the SGEMM
    /// peak, or a workload's own rate when that is higher (noise, or FLOPs counted that the SGEMM shapes
    /// run slower): then the peak row says so, and every fraction is ≤ 100% by construction.
    public static func withFractions(_ measured: [BenchmarkResult], sgemmPeak: Double, shapesLabel: String) -> [BenchmarkResult] {
        let bestWorkload = measured.max { $0.gflops < $1.gflops }
        // Names stay short: `smol bench` prints them in a 38-character column.
        var reference = sgemmPeak, name = "sgemm peak (\(shapesLabel), 2 passes)"
        if let best = bestWorkload, best.gflops > sgemmPeak {
            reference = best.gflops
            name = "peak = \(best.name)"
        }
        let threads = measured.first?.threads ?? 1
        var results = [BenchmarkResult(name: name, tokensPerSecond: 0, medianMilliseconds: 0, gflops: reference,
                                       fractionOfPeak: 1, threads: threads, peakResidentBytes: peakResidentBytes())]
        for var r in measured {
            r.fractionOfPeak = reference > 0 && r.gflops > 0 ? r.gflops / reference : 0
            results.append(r)
        }
        return results
    }

    /// FLOPs per token as the PyTorch baseline counts them: 2N (forward) and 6N (training) over the
    /// matmul weights incl. the LM head, plus attention 4·L·T·(H·hd) forward and 3× that for training.
    public static func flops(_ c: ModelConfig, length: Int) -> (forward: Double, train: Double) {
        let d = c.hiddenSize, q = c.numAttentionHeads * c.headDim, kv = c.numKeyValueHeads * c.headDim
        let perLayer = d * q + 2 * d * kv + q * d + 3 * d * c.intermediateSize
        let n = Double(c.numHiddenLayers * perLayer + d * c.vocabSize)
        let attention = Double(4 * c.numHiddenLayers * length * q)
        return (2 * n + attention, 6 * n + 3 * attention)
    }

    /// Median seconds of `count` timed runs after one warm-up run.
    static func median(_ count: Int, _ body: () -> Void) -> Double {
        body()
        var times: [Double] = []
        for _ in 0..<max(1, count) {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
        }
        return times.sorted()[times.count / 2]
    }

    /// Best GFLOP/s of SGEMM with `engine` over `shapes`: per shape one untimed warm-up, then the
    /// fastest of `repetitions` timed runs.
    static func sgemmPeak(shapes: [(m: Int, n: Int, k: Int, transB: Bool)], engine: EngineOptions,
                          repetitions: Int) -> Double {
        var best = 0.0
        for (m, n, k, transB) in shapes {
            let a = Tensor(shape: [m, k], values: (0..<m * k).map { Float($0 % 97) / 97 - 0.5 })
            let b = Tensor(shape: transB ? [n, k] : [k, n], values: (0..<n * k).map { Float($0 % 89) / 89 - 0.5 })
            let c = Tensor(zeros: [m, n])
            var fastest = Double.infinity
            for repetition in 0...max(1, repetitions) {
                let start = DispatchTime.now().uptimeNanoseconds
                engine.sgemm(transA: false, transB: transB, m: m, n: n, k: k, alpha: 1, a: a.data, lda: k, b: b.data,
                             ldb: transB ? k : n, beta: 0, c: c.data, ldc: n)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
                if repetition > 0 { fastest = min(fastest, seconds) }
            }
            best = max(best, 2 * Double(m) * Double(n) * Double(k) / fastest / 1e9)
        }
        return best
    }

    /// Peak resident set size (VmHWM from /proc/self/status), 0 where unavailable.
    public static func peakResidentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kb = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return kb * 1024
        }
        return 0
    }
}
