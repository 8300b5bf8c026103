import Foundation
import SmolKernels
import SmolCore

/// Labels equal to this are skipped by `crossEntropy` and `tokenLogProbabilities` (PyTorch convention).
public let ignoreIndex = -100

extension Tape {
    /// Mean cross-entropy over the rows whose target is not `ignoreIndex`; 0 when none count.
    ///
    /// `expectedGradient` is the gradient the loss will most likely receive in backward (1 when it is the
    /// loss backward starts from; the factor when the caller scales it first). The forward then saves the
    /// softmax already multiplied by `expectedGradient / counted`, so backward finds the logits' gradient
    /// ready (bit for bit what scaling the saved softmax would give); any other gradient recomputes the
    /// softmax from the logits first. The result and the gradients do not depend on it, only the speed.
    ///
    /// logits: [N, V], targets: [N] -> [1]
    public func crossEntropy(_ logits: Tensor, targets: [Int], expectedGradient: Float = 1) -> Tensor {
        let rows = logits.rowCount, vocab = logits.lastDimension
        precondition(targets.count == rows, "crossEntropy: \(targets.count) targets for \(rows) rows")
        precondition(targets.allSatisfy { $0 == ignoreIndex || ($0 >= 0 && $0 < vocab) },
                     "crossEntropy: a target is outside 0..<\(vocab) and is not \(ignoreIndex)")
        let counted = targets.filter { $0 != ignoreIndex }.count
        let y = output([1], logits)
        // While recording, keep softmax(logits) · expectedGradient / counted: backward turns it into the
        // logits' gradient in place.
        let keep = y.requiresGrad
        let expectedFactor = expectedGradient / Float(max(counted, 1))
        let logSumExp = Tensor(zeros: [rows])
        let probabilities = PooledBuffer(count: keep ? rows * vocab : 0)   // [N, V]
        let saved = probabilities.pointer.map(UnsafeMutableSendablePointer.init)
        Parallel.forEach(rows, threads: threads) { r in
            let lr = logits.data + r * vocab
            logSumExp.data[r] = softmaxLogSumExp(lr, count: vocab, probabilities: keep ? saved!.pointer + r * vocab : nil,
                                                 scale: expectedFactor)
        }
        // Row losses added in row order, in Double.
        var total = 0.0
        for r in 0..<rows where targets[r] != ignoreIndex {
            total += Double(logSumExp.data[r]) - Double(logits.data[r * vocab + targets[r]])
        }
        y.data[0] = counted == 0 ? 0 : Float(total / Double(counted))
        let threads = self.threads
        record(y) { dy in
            guard counted > 0 else { return }
            let factor = dy[0] / Float(counted)
            // The saved rows hold softmax · expectedFactor; another factor needs the softmax itself again.
            let scaled = factor.bitPattern == expectedFactor.bitPattern
            // d/dlogit = (softmax − onehot(target)) / counted: written over the saved softmax, which then
            // becomes the gradient, when the logits have none yet; added to it otherwise.
            let adopt = logits.grad == nil
            let g = UnsafeMutableSendablePointer(adopt ? saved!.pointer : logits.gradPointer())
            Parallel.forEach(rows, threads: threads) { r in
                let target = targets[r]
                let pr = saved!.pointer + r * vocab, gr = g.pointer + r * vocab
                guard target != ignoreIndex else {
                    if adopt { gr.update(repeating: 0, count: vocab) }
                    return
                }
                if !scaled { softmaxLogSumExp(logits.data + r * vocab, count: vocab, probabilities: pr) }
                if adopt {
                    if !scaled {
                        for j in 0..<vocab { gr[j] = factor * pr[j] }   // vectorised by the compiler; memory-bound
                    }
                } else if scaled {
                    for j in 0..<vocab { gr[j] += pr[j] }
                } else {
                    for j in 0..<vocab { gr[j] += factor * pr[j] }
                }
                gr[target] -= factor
            }
            if adopt { logits.adoptGradient(probabilities.take()) }
        }
        return y
    }

    /// log softmax(logits[n])[labels[n]] per row; rows labelled `ignoreIndex` give 0 and no gradient.
    ///
    /// logits: [N, V], labels: [N] -> [N]
    public func tokenLogProbabilities(_ logits: Tensor, labels: [Int]) -> Tensor {
        let rows = logits.rowCount, vocab = logits.lastDimension
        precondition(labels.count == rows, "tokenLogProbabilities: \(labels.count) labels for \(rows) rows")
        precondition(labels.allSatisfy { $0 == ignoreIndex || ($0 >= 0 && $0 < vocab) },
                     "tokenLogProbabilities: a label is outside 0..<\(vocab) and is not \(ignoreIndex)")
        let y = output([rows], logits)
        let keep = y.requiresGrad
        let probabilities = Tensor(zeros: keep ? [rows, vocab] : [0])   // saved for backward
        Parallel.forEach(rows, threads: threads) { r in
            guard labels[r] != ignoreIndex else { return }
            let lr = logits.data + r * vocab
            let lse = softmaxLogSumExp(lr, count: vocab, probabilities: keep ? probabilities.data + r * vocab : nil)
            y.data[r] = lr[labels[r]] - lse
        }
        let threads = self.threads
        record(y) { dyRaw in
            let dy = UnsafeMutableSendablePointer(dyRaw)
            let g = UnsafeMutableSendablePointer(logits.gradPointer())
            // d/dlogit = dy · (onehot(label) − softmax)
            Parallel.forEach(rows, threads: threads) { r in
                let label = labels[r]
                guard label != ignoreIndex else { return }
                let pr = probabilities.data + r * vocab, gr = g.pointer + r * vocab, gy = dy.pointer[r]
                for j in 0..<vocab { gr[j] -= gy * pr[j] }
                gr[label] += gy
            }
        }
        return y
    }

    /// Weighted sum along each row: `y[b] = Σ_t weights[b, t] · x[b, t]` (weights are constants, e.g. a
    /// loss mask, or mask / count for a length-normalised average).
    ///
    /// x: [B, T], weights: [B·T] -> [B]
    public func weightedRowSum(_ x: Tensor, weights: [Float]) -> Tensor {
        let rows = x.shape.count == 1 ? 1 : x.rowCount, columns = x.shape.count == 1 ? x.count : x.lastDimension
        precondition(weights.count == x.count, "weightedRowSum: \(weights.count) weights for \(x.count) values")
        let y = output([rows], x)
        for b in 0..<rows {
            var total: Float = 0
            for t in 0..<columns { total += weights[b * columns + t] * x.data[b * columns + t] }
            y.data[b] = total
        }
        record(y) { dy in
            let g = x.gradPointer()
            for b in 0..<rows {
                for t in 0..<columns { g[b * columns + t] += dy[b] * weights[b * columns + t] }
            }
        }
        return y
    }

    /// Sum of every element, in storage order.   x: [...] -> [1]
    public func sum(_ x: Tensor) -> Tensor {
        let y = output([1], x)
        var total: Float = 0
        for i in 0..<x.count { total += x.data[i] }
        y.data[0] = total
        record(y) { dy in
            let g = x.gradPointer()
            for i in 0..<x.count { g[i] += dy[0] }
        }
        return y
    }

    /// Mean of every element.   x: [...] -> [1]
    public func mean(_ x: Tensor) -> Tensor {
        scale(sum(x), by: 1 / Float(max(x.count, 1)))
    }
}
