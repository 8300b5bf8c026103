import SmolKernels
import SmolTensor
import Testing

@Suite struct TapeTests {
    /// A small network's loss and gradients have the same bits with 1 and 2 threads.
    @Test func resultsDoNotDependOnThreadCount() {
        func run(threads: Int) -> ([Float], [Float]) {
            let w = Tensor(shape: [16, 8], values: randomValues(128, seed: 9), requiresGrad: true)
            let table = Tensor(shape: [16, 8], values: randomValues(128, seed: 10), requiresGrad: true)
            let norm = Tensor(shape: [8], values: [Float](repeating: 1, count: 8), requiresGrad: true)
            let tape = Tape(engine: EngineOptions(threads: threads))
            let ids = (0..<24).map { ($0 * 7) % 16 }
            let x = tape.embedding(ids, shape: [3, 8], table: table)
            let a = tape.causalAttention(q: x, k: x, v: x, batch: 3, length: 8, heads: 2, kvHeads: 2)
            let h = tape.rmsNorm(tape.add(x, a), weight: norm, eps: 1e-5)
            let loss = tape.crossEntropy(tape.linear(h, w), targets: ids.map { ($0 + 1) % 16 })
            tape.backward(from: loss)
            return (loss.values, w.gradient + table.gradient + norm.gradient)
        }
        let one = run(threads: 1), two = run(threads: 2)
        #expect(one.0 == two.0)
        #expect(one.1 == two.1)
    }

    /// Ops large enough to split their rows across workers (rmsNorm, swiglu, cross-entropy above
    /// `parallelElementLimit`) give the same bits with 1 and 2 threads, gradients included.
    @Test func rowParallelOpsDoNotDependOnThreadCount() {
        func run(threads: Int) -> [Float] {
            let (rows, c) = (144, 256)   // 36,864 elements per activation
            let x = Tensor(shape: [rows, c], values: randomValues(rows * c, seed: 11), requiresGrad: true)
            let gate = Tensor(shape: [rows, c], values: randomValues(rows * c, seed: 12), requiresGrad: true)
            let norm = Tensor(shape: [c], values: randomValues(c, seed: 13, scale: 0.1).map { $0 + 1 }, requiresGrad: true)
            let tape = Tape(engine: EngineOptions(threads: threads))
            let h = tape.swiglu(gate, tape.rmsNorm(x, weight: norm, eps: 1e-5))
            let loss = tape.crossEntropy(h, targets: (0..<rows).map { ($0 * 37) % c })
            tape.backward(from: loss)
            return loss.values + x.gradient + gate.gradient + norm.gradient
        }
        let one = run(threads: 1), two = run(threads: 2)
        #expect(one.map(\.bitPattern) == two.map(\.bitPattern))
    }

    @Test func engineOptionsKeepAtLeastOneThread() {
        var engine = EngineOptions(threads: 0)
        #expect(engine.threads == 1 && engine.backend == .smol)
        engine.threads = -3
        #expect(engine.threads == 1)
        #expect(Tape(engine: EngineOptions(threads: 2, backend: .openblas)).engine == EngineOptions(threads: 2, backend: .openblas))
    }

    @Test func inferenceTapeRecordsNothing() {
        let tape = Tape(recording: false)
        let w = Tensor(shape: [2, 2], values: [1, 2, 3, 4], requiresGrad: true)
        let y = tape.linear(Tensor(shape: [1, 2], values: [1, 1]), w)
        #expect(y.values == [3, 7])
        #expect(tape.stepCount == 0 && !y.requiresGrad)
    }

    @Test func tensorUsedTwiceSumsBothGradients() {
        let x = Tensor(shape: [2], values: [3, -1], requiresGrad: true)
        let tape = Tape()
        tape.backward(from: tape.sum(tape.mul(x, x)))
        #expect(x.gradient == [6, -2])
    }
}
