import Foundation
import Testing
import SmolKernels

@Suite("dot")
struct VectorMathTests {
    @Test("dot matches the sequential reference", arguments: [0, 1, 7, 8, 31, 32, 33, 100, 1000])
    func dotMatchesReference(count: Int) {
        let x = testValues(count, salt: 1), y = testValues(count, salt: 2)
        let fast = dot(x, y, count: count), slow = dotReference(x, y, count: count)
        let magnitude = zip(x, y).reduce(Float(0)) { $0 + abs($1.0 * $1.1) }
        #expect(abs(fast - slow) <= 2 * Float(count + 1) * .ulpOfOne * magnitude)
        if count == 0 { #expect(fast == 0) }
    }

    @Test("dot is exact on integers and ignores memory past count")
    func dotExactOnIntegers() {
        let x = (0..<45).map { Float($0 % 7) - 3 }, y = (0..<45).map { Float($0 % 5) - 2 }
        var expected: Float = 0
        for i in 0..<41 { expected += x[i] * y[i] }
        #expect(dot(x, y, count: 41) == expected)
    }
}
