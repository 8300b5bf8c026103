import Foundation
import Testing
import SmolKernels

@Suite("siluMul")
struct ActivationsTests {
    @Test("siluMul matches the libm reference, vector lanes and tail alike", arguments: [1, 8, 13, 100])
    func matchesReference(count: Int) {
        let gate = testValues(count, salt: 9).map { $0 * 12 }, up = testValues(count, salt: 10)
        var fast = [Float](repeating: 0, count: count), slow = fast
        siluMul(gate, up, out: &fast, count: count)
        siluMulReference(gate, up, out: &slow, count: count)
        for i in 0..<count { #expect(abs(fast[i] - slow[i]) <= 4e-7 * max(abs(slow[i]), 1e-6), "at \(i)") }
    }

    @Test("siluMul saturates cleanly at extreme gates and propagates NaN")
    func extremes() {
        let gate: [Float] = [-1000, -90, 0, 90, 1000, .nan, .infinity, -.infinity, 1]
        let up = [Float](repeating: 2, count: gate.count)
        var out = [Float](repeating: 0, count: gate.count)
        siluMul(gate, up, out: &out, count: gate.count)
        #expect(out[0] == 0 && out[1] == 0 && out[2] == 0)
        #expect(out[3] == 180 && out[4] == 2000)
        #expect(out[5].isNaN)
        #expect(out[6] == .infinity)
        #expect(abs(out[8] - 2 / (1 + Foundation.exp(-1))) < 1e-6)
    }
}

@Suite("siluMul backward")
struct ActivationsBackwardTests {
    @Test("siluMulBackward matches finite differences and the reference", arguments: [3, 8, 21])
    func matchesFiniteDifferences(count: Int) {
        let gate = testValues(count, salt: 19).map { $0 * 6 }, up = testValues(count, salt: 20)
        let dOut = testValues(count, salt: 21)
        // The gradients start from earlier contributions (0.5) and add to them.
        var dGate = [Float](repeating: 0.5, count: count), dUp = dGate, dGateSlow = dGate, dUpSlow = dGate
        siluMulBackward(gate, up, dOut: dOut, dGate: &dGate, dUp: &dUp, count: count)
        siluMulBackwardReference(gate, up, dOut: dOut, dGate: &dGateSlow, dUp: &dUpSlow, count: count)
        for i in 0..<count {
            let g = Double(gate[i]), u = Double(up[i]), d = Double(dOut[i])
            let f = { (g: Double, u: Double) in g / (1 + Foundation.exp(-g)) * u }
            let numericGate = 0.5 + d * (f(g + 1e-6, u) - f(g - 1e-6, u)) / 2e-6
            let numericUp = 0.5 + d * (f(g, u + 1e-6) - f(g, u - 1e-6)) / 2e-6
            #expect(abs(Double(dGate[i]) - numericGate) < 1e-4 * max(1, abs(numericGate)), "dGate \(i)")
            #expect(abs(Double(dUp[i]) - numericUp) < 1e-4 * max(1, abs(numericUp)), "dUp \(i)")
            #expect(abs(dGate[i] - dGateSlow[i]) <= 1e-6 * max(1, abs(dGateSlow[i])))
            #expect(abs(dUp[i] - dUpSlow[i]) <= 1e-6 * max(1, abs(dUpSlow[i])))
        }
    }

    @Test("siluMulBackward without accumulate writes what accumulating into zeros gives, never reading the old values")
    func overwriteEqualsAccumulatingIntoZeros() {
        let count = 21
        let gate = testValues(count, salt: 25).map { $0 * 6 }, up = testValues(count, salt: 26), dOut = testValues(count, salt: 27)
        var dGate = [Float](repeating: 0, count: count), dUp = dGate
        var dGateFresh = [Float](repeating: .nan, count: count), dUpFresh = dGateFresh
        siluMulBackward(gate, up, dOut: dOut, dGate: &dGate, dUp: &dUp, count: count)
        siluMulBackward(gate, up, dOut: dOut, dGate: &dGateFresh, dUp: &dUpFresh, count: count, accumulate: false)
        #expect(dGateFresh == dGate && dUpFresh == dUp)
    }

    @Test("siluMulBackward skips a nil gradient and adds the same values to the other")
    func skipsANilGradient() {
        let count = 19
        let gate = testValues(count, salt: 22).map { $0 * 6 }, up = testValues(count, salt: 23), dOut = testValues(count, salt: 24)
        var dGate = [Float](repeating: 0, count: count), dUp = dGate, dGateOnly = dGate, dUpOnly = dGate
        siluMulBackward(gate, up, dOut: dOut, dGate: &dGate, dUp: &dUp, count: count)
        siluMulBackward(gate, up, dOut: dOut, dGate: &dGateOnly, dUp: nil, count: count)
        siluMulBackward(gate, up, dOut: dOut, dGate: nil, dUp: &dUpOnly, count: count)
        #expect(dGateOnly == dGate && dUpOnly == dUp)
    }
}
