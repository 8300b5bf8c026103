import SmolTensor
import Testing

@Suite struct GradientClippingTests {
    @Test func clipsToTheGlobalNorm() {
        let a = Tensor(zeros: [2], requiresGrad: true), b = Tensor(zeros: [1], requiresGrad: true)
        a.gradPointer()[0] = 3; a.gradPointer()[1] = 0; b.gradPointer()[0] = 4
        let before = Gradients.clip([a, b], maxNorm: 1)
        #expect(before == 5)
        #expect(abs(Gradients.globalNorm([a, b]) - 1) < 1e-5)
        #expect(abs(a.gradient[0] - 0.6) < 1e-5 && abs(b.gradient[0] - 0.8) < 1e-5)
    }

    @Test func leavesSmallGradientsAlone() {
        let a = Tensor(zeros: [1], requiresGrad: true)
        a.gradPointer()[0] = 0.5
        Gradients.clip([a], maxNorm: 1)
        #expect(a.gradient == [0.5])
    }

    /// Two half batches, each loss scaled by ½, accumulate to the full batch's gradient.
    @Test func accumulationOfMicroBatchesEqualsTheFullBatch() {
        let w = Tensor(shape: [3, 2], values: randomValues(6, seed: 3), requiresGrad: true)
        let x = randomValues(8, seed: 4), targets = [0, 2, 1, 1]
        let full = Tape()
        full.backward(from: full.crossEntropy(full.linear(Tensor(shape: [4, 2], values: x), w), targets: targets))
        let expected = w.gradient
        w.zeroGrad()
        for half in 0..<2 {
            let tape = Tape()
            let logits = tape.linear(Tensor(shape: [2, 2], values: Array(x[half * 4..<half * 4 + 4])), w)
            tape.backward(from: tape.crossEntropy(logits, targets: Array(targets[half * 2..<half * 2 + 2])), seed: 0.5)
        }
        for (a, b) in zip(w.gradient, expected) { #expect(abs(a - b) < 1e-6) }
    }
}
