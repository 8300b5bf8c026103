import Foundation
import SmolTensor
import Testing

@Suite struct LossesTests {
    @Test func crossEntropySkipsIgnoredTargets() {
        let targets = [3, ignoreIndex, 0, 5, ignoreIndex]
        checkOp([[5, 6]], { tape, t in tape.crossEntropy(t[0], targets: targets) },
                reference: { [ReferenceOps.crossEntropy($0[0], targets: targets, vocab: 6)] })
    }

    @Test func crossEntropyOfUniformLogitsIsLogVocab() {
        let tape = Tape()
        let loss = tape.crossEntropy(Tensor(zeros: [2, 8]), targets: [1, 7])
        #expect(abs(loss.values[0] - logf(8)) < 1e-6)
    }

    @Test func tokenLogProbabilities() {
        let labels = [1, 4, ignoreIndex, 0]
        checkOp([[4, 5]], { tape, t in tape.tokenLogProbabilities(t[0], labels: labels) },
                reference: { ReferenceOps.tokenLogProbabilities($0[0], labels: labels, vocab: 5) })
    }

    @Test func weightedRowSum() {
        let weights: [Float] = [0, 1, 1, 0.5, 0, 0, 2, 1]
        checkOp([[2, 4]], { tape, t in tape.weightedRowSum(t[0], weights: weights) },
                reference: { ReferenceOps.weightedRowSum($0[0], weights: weights.map(Double.init), rows: 2) })
    }
}
