import SmolModels
import Testing

@Suite struct SamplingTests {
    static let logits: [Float] = [1.0, 3.0, 2.0, 3.0, -1.0]

    func sample(_ options: GenerationOptions, _ u: Double) -> Int {
        Self.logits.withUnsafeBufferPointer { Sampler.sample($0.baseAddress!, count: 5, options: options, uniform: u) }
    }

    @Test func greedyTakesTheFirstMaximum() {
        #expect(sample(GenerationOptions(temperature: 0), 0.99) == 1)
    }

    @Test func topKAndTopPRestrictTheCandidates() {
        // Sorted candidates: 1, 3 (tied at 3.0, lower id first), 2, 0, 4.
        let topTwo = GenerationOptions(temperature: 1, topK: 2)
        #expect(sample(topTwo, 0.0) == 1 && sample(topTwo, 0.49) == 1 && sample(topTwo, 0.51) == 3 && sample(topTwo, 0.999) == 3)
        let nucleus = GenerationOptions(temperature: 1, topP: 0.5)   // p(1) ≈ 0.39 < 0.5 ≤ p(1) + p(3)
        for u in stride(from: 0.0, to: 1.0, by: 0.05) { #expect([1, 3].contains(sample(nucleus, u))) }
    }

    @Test func drawsFollowTheSoftmax() {
        // With u spread evenly, each token is picked in proportion to its probability.
        let options = GenerationOptions(temperature: 1)
        var counts = [Int](repeating: 0, count: 5)
        let n = 10_000
        for i in 0..<n { counts[sample(options, (Double(i) + 0.5) / Double(n))] += 1 }
        let exps = Self.logits.map { Double($0).exp }
        let total = exps.reduce(0, +)
        for j in 0..<5 { #expect(abs(Double(counts[j]) / Double(n) - exps[j] / total) < 1e-3) }
    }
}

private extension Double {
    var exp: Double { Foundation.exp(self) }
}
import Foundation
