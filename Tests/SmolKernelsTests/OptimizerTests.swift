import Testing
import SmolKernels

@Suite("AdamW update")
struct OptimizerTests {
    @Test("adamWUpdate equals the plain loop to the bit, vector lanes and tail alike", arguments: [1, 8, 29])
    func matchesReference(count: Int) {
        let step = AdamWStep(shrink: 0.999, beta1: 0.9, beta2: 0.95, eps: 1e-8, stepSize: 3e-3, correction2Root: 0.3)
        let gradients = testValues(count, salt: 40)
        for withGradients in [true, false] {
            var p = testValues(count, salt: 41), m = testValues(count, salt: 42).map { $0 * 0.1 }
            var v = testValues(count, salt: 43).map { $0 * $0 * 0.01 }
            var pSlow = p, mSlow = m, vSlow = v
            for _ in 0..<3 {
                gradients.withUnsafeBufferPointer { g in
                    let grads = withGradients ? g.baseAddress : nil
                    adamWUpdate(parameters: &p, gradients: grads, firstMoments: &m, secondMoments: &v, count: count, step: step)
                    adamWUpdateReference(parameters: &pSlow, gradients: grads, firstMoments: &mSlow, secondMoments: &vSlow,
                                         count: count, step: step)
                }
            }
            #expect(p == pSlow && m == mSlow && v == vSlow)
        }
    }
}
