import SmolCore
import Testing

@Suite struct CounterRNGTests {
    /// Philox-4×32-10 known-answer vectors from the Random123 distribution (counter, key) -> output.
    @Test func matchesPhiloxKnownAnswers() {
        #expect(CounterRNG(seed: 0, stream: 0).words(at: 0) == SIMD4(0x6627_E8D5, 0xE169_C58D, 0xBC57_AC4C, 0x9B00_DBD8))
        let ones = CounterRNG(seed: 0xFFFF_FFFF_FFFF_FFFF, stream: 0xFFFF_FFFF_FFFF_FFFF)
        #expect(ones.words(at: 0xFFFF_FFFF_FFFF_FFFF) == SIMD4(0x408F_276D, 0x41C8_3B0E, 0xA20B_C7C6, 0x6D54_51FD))
    }

    @Test func drawsArePureFunctionsOfSeedStreamAndIndex() {
        let rng = CounterRNG(seed: 42, stream: 3)
        let forward = (0..<100).map { rng.uint64(at: UInt64($0)) }
        let backward = (0..<100).reversed().map { rng.uint64(at: UInt64($0)) }.reversed()
        #expect(forward == Array(backward))
        #expect(CounterRNG(seed: 42, stream: 4).uint64(at: 0) != forward[0])
        #expect(CounterRNG(seed: 43, stream: 3).uint64(at: 0) != forward[0])
    }

    @Test func uniformAndNormalHaveTheRightMoments() {
        let rng = CounterRNG(seed: 7)
        let n = 200_000
        var sum = 0.0, sumSquares = 0.0, normalSum = 0.0, normalSquares = 0.0
        for i in 0..<n {
            let u = rng.uniform(at: UInt64(i))
            #expect(u >= 0 && u < 1)
            sum += u; sumSquares += u * u
            let z = Double(rng.normal(at: UInt64(i)))
            normalSum += z; normalSquares += z * z
        }
        #expect(abs(sum / Double(n) - 0.5) < 0.005)
        #expect(abs(sumSquares / Double(n) - 1.0 / 3.0) < 0.005)
        #expect(abs(normalSum / Double(n)) < 0.01)
        #expect(abs(normalSquares / Double(n) - 1) < 0.02)
    }

    @Test func integersAreUnbiasedAndInRange() {
        let rng = CounterRNG(seed: 1, stream: 9)
        var counts = [Int](repeating: 0, count: 6)
        for i in 0..<60_000 { counts[rng.integer(below: 6, at: UInt64(i))] += 1 }
        for count in counts { #expect(abs(count - 10_000) < 400) }
    }

    @Test func permutationsArePermutationsAndDependOnTheSeed() {
        let p = CounterRNG(seed: 5).permutation(1000)
        #expect(p.sorted() == Array(0..<1000))
        #expect(p == CounterRNG(seed: 5).permutation(1000))
        #expect(p != CounterRNG(seed: 6).permutation(1000))
        #expect(CounterRNG(seed: 5).permutation(0).isEmpty)
    }
}
