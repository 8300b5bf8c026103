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
