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

    /// The saved softmax comes pre-scaled by `expectedGradient / counted`; whether backward's gradient
    /// matches it (ready gradient) or not (softmax recomputed), the logits' gradient has the same bits,
    /// written fresh or added to an existing one.
    @Test func crossEntropyExpectedGradientOnlyChangesSpeed() {
        let rows = 7, vocab = 37
        let values = (0..<rows * vocab).map { Float(($0 * 29) % 31) / 5 - 3 }
        let targets = [3, ignoreIndex, 0, 36, 12, ignoreIndex, 8]
        for lossScale: Float in [1, 0.37, -2] {
            for existingGradient in [false, true] {
                let bits = [Float(1), lossScale, 0.5].map { expected -> [UInt32] in
                    let logits = Tensor(shape: [rows, vocab], values: values, requiresGrad: true)
                    let tape = Tape()
                    var loss = tape.scale(tape.crossEntropy(logits, targets: targets, expectedGradient: expected), by: lossScale)
                    // A second use whose backward runs first, so the cross-entropy adds to a gradient.
                    if existingGradient { loss = tape.add(loss, tape.scale(tape.sum(logits), by: 0.01)) }
                    tape.backward(from: loss)
                    return logits.gradient.map(\.bitPattern)
                }
                #expect(bits[0] == bits[1] && bits[1] == bits[2], "scale \(lossScale), existing gradient \(existingGradient)")
            }
        }
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
