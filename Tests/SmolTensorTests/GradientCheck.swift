import SmolCore
import SmolKernels
import SmolTensor
import Testing

/// Random float32 values from a fixed (seed, stream), roughly N(0, scale²).
func randomValues(_ count: Int, seed: UInt64, stream: UInt64 = 0, scale: Float = 1) -> [Float] {
    let rng = CounterRNG(seed: seed, stream: stream)
    return (0..<count).map { rng.normal(at: UInt64($0)) * scale }
}

/// Checks an op against its double-precision reference: the forward values, and every input's
/// analytic gradient against central finite differences (in Double) of L = Σ r ⊙ reference(inputs)
/// with fixed random weights r. The tape runs its large products on `backend`.
func checkOp(_ shapes: [[Int]], seed: UInt64 = 1, inputScale: Float = 1,
             forwardTolerance: Double = 1e-4, gradientTolerance: Double = 2e-3, backend: MatrixBackend = .smol,
             _ forward: (Tape, [Tensor]) -> Tensor, reference: ([[Double]]) -> [Double],
             sourceLocation: SourceLocation = #_sourceLocation) {
    let values = shapes.enumerated().map { i, s in randomValues(s.reduce(1, *), seed: seed, stream: UInt64(i), scale: inputScale) }
    let tape = Tape(engine: EngineOptions(threads: 2, backend: backend))
    let inputs = zip(shapes, values).map { Tensor(shape: $0, values: $1, requiresGrad: true) }
    let y = forward(tape, inputs)
    let weights = randomValues(y.count, seed: seed, stream: 99)
    let loss = tape.sum(tape.mul(y, Tensor(shape: y.shape, values: weights)))
    tape.backward(from: loss)

    let doubles = values.map { $0.map(Double.init) }
    let expected = reference(doubles)
    #expect(expected.count == y.count, "reference gives \(expected.count) values, op \(y.count)", sourceLocation: sourceLocation)
    let forwardError = zip(y.values, expected).map { abs(Double($0) - $1) / max(1, abs($1)) }.max() ?? 0
    #expect(forwardError < forwardTolerance, "forward differs from the reference by \(forwardError)", sourceLocation: sourceLocation)

    func objective(_ xs: [[Double]]) -> Double {
        zip(reference(xs), weights).reduce(0) { $0 + $1.0 * Double($1.1) }
    }
    let h = 1e-5
    for (index, input) in inputs.enumerated() {
        let analytic = input.gradient
        var numeric = [Double](repeating: 0, count: input.count)
        for j in 0..<input.count {
            var plus = doubles, minus = doubles
            plus[index][j] += h
            minus[index][j] -= h
            numeric[j] = (objective(plus) - objective(minus)) / (2 * h)
        }
        let scale = max(numeric.map(abs).max() ?? 0, 1e-3)
        let error = zip(analytic, numeric).map { abs(Double($0) - $1) }.max() ?? 0
        #expect(error / scale < gradientTolerance,
                "input \(index): gradient differs from finite differences by \(error) (scale \(scale))",
                sourceLocation: sourceLocation)
    }
}
