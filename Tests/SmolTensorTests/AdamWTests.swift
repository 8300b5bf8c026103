import Foundation
import SmolTensor
import Testing

@Suite struct AdamWTests {
    /// Two steps of torch.optim.AdamW written out by hand in Double.
    @Test func matchesTheTorchUpdateRule() {
        let p = Tensor(shape: [3], values: [0.5, -1, 2], requiresGrad: true)
        let gradients: [[Float]] = [[0.1, -0.2, 0.3], [-0.05, 0.4, 0.0]]
        let settings = AdamW.Settings(beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1)
        let optimizer = AdamW(parameters: [("w", p)], settings: settings)
        var expected = [0.5, -1, 2.0], m = [0.0, 0, 0], v = [0.0, 0, 0]
        let lr = 0.01
        for (t, g) in gradients.enumerated() {
            let grad = p.gradPointer()
            for i in 0..<3 { grad[i] = g[i] }
            optimizer.step(learningRate: Float(lr))
            optimizer.zeroGradients()
            let step = Double(t + 1)
            for i in 0..<3 {
                expected[i] *= 1 - lr * 0.1
                m[i] = 0.9 * m[i] + 0.1 * Double(g[i])
                v[i] = 0.95 * v[i] + 0.05 * Double(g[i]) * Double(g[i])
                let mHat = m[i] / (1 - pow(0.9, step)), vHat = v[i] / (1 - pow(0.95, step))
                expected[i] -= lr * mHat / (vHat.squareRoot() + 1e-8)
            }
        }
        for i in 0..<3 { #expect(abs(Double(p.values[i]) - expected[i]) < 1e-6) }
        #expect(optimizer.stepCount == 2)
    }

    @Test func decayPredicateSkipsNormsAndBiases() {
        let weight = Tensor(shape: [1], values: [1], requiresGrad: true)
        let norm = Tensor(shape: [1], values: [1], requiresGrad: true)
        let optimizer = AdamW(parameters: [("layers.0.mlp.weight", weight), ("layers.0.input_layernorm.weight", norm)],
                              settings: .init(weightDecay: 0.5), decay: AdamW.decayExcludingNormsAndBiases)
        optimizer.step(learningRate: 0.1)   // zero gradients: only decay moves a parameter
        #expect(abs(weight.values[0] - 0.95) < 1e-7)
        #expect(norm.values[0] == 1)
    }

    @Test func resumingFromSavedStateReproducesTheSameSteps() {
        func makeParameter() -> Tensor { Tensor(shape: [4], values: [1, -2, 3, 0.5], requiresGrad: true) }
        func setGradient(_ p: Tensor, _ step: Int) { for i in 0..<4 { p.gradPointer()[i] = Float(i - step) * 0.1 } }
        let straight = makeParameter(), optimizer = AdamW(parameters: [("w", straight)])
        for step in 0..<4 { setGradient(straight, step); optimizer.step(learningRate: 0.01); optimizer.zeroGradients() }

        let first = makeParameter(), before = AdamW(parameters: [("w", first)])
        for step in 0..<2 { setGradient(first, step); before.step(learningRate: 0.01); before.zeroGradients() }
        let resumed = Tensor(shape: [4], values: first.values, requiresGrad: true)
        let after = AdamW(parameters: [("w", resumed)])
        after.state = before.state
        for step in 2..<4 { setGradient(resumed, step); after.step(learningRate: 0.01); after.zeroGradients() }
        #expect(resumed.values == straight.values)
    }
}
