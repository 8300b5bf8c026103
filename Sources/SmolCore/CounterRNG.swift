import Foundation

/// A counter-based random generator (Philox-4×32-10) keyed by (seed, stream).
///
/// The value at `index` is a pure function of (seed, stream, index): no state is carried from one draw
/// to the next, so any draw can be made on any thread in any order and still give the same bits.
/// Use one stream per purpose (weight init, dropout, sampling, shuffling) so they never overlap.
public struct CounterRNG: Sendable, Hashable {
    public let seed: UInt64
    public let stream: UInt64

    public init(seed: UInt64, stream: UInt64 = 0) {
        self.seed = seed
        self.stream = stream
    }

    /// Four independent 32-bit words for counter `index`.
    @inlinable
    public func words(at index: UInt64) -> SIMD4<UInt32> {
        var counter = SIMD4<UInt32>(UInt32(truncatingIfNeeded: index), UInt32(truncatingIfNeeded: index >> 32),
                                    UInt32(truncatingIfNeeded: stream), UInt32(truncatingIfNeeded: stream >> 32))
        var key = SIMD2<UInt32>(UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32))
        for _ in 0..<10 {
            let p0 = UInt64(0xD251_1F53) &* UInt64(counter[0])
            let p1 = UInt64(0xCD9E_8D57) &* UInt64(counter[2])
            counter = SIMD4(UInt32(truncatingIfNeeded: p1 >> 32) ^ counter[1] ^ key[0], UInt32(truncatingIfNeeded: p1),
                            UInt32(truncatingIfNeeded: p0 >> 32) ^ counter[3] ^ key[1], UInt32(truncatingIfNeeded: p0))
            key &+= SIMD2(0x9E37_79B9, 0xBB67_AE85)
        }
        return counter
    }

    /// A 64-bit draw for counter `index`.
    @inlinable
    public func uint64(at index: UInt64) -> UInt64 {
        let w = words(at: index)
        return UInt64(w[0]) | UInt64(w[1]) << 32
    }

    /// Uniform in [0, 1) with 24 random bits.
    @inlinable
    public func uniformFloat(at index: UInt64) -> Float {
        Float(words(at: index)[0] >> 8) * (1.0 / 16_777_216.0)
    }

    /// Uniform in [0, 1) with 53 random bits.
    @inlinable
    public func uniform(at index: UInt64) -> Double {
        Double(uint64(at: index) >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// Standard normal (Box–Muller over the four words of counter `index`).
    @inlinable
    public func normal(at index: UInt64) -> Float {
        let w = words(at: index)
        let u1 = (Double((UInt64(w[0]) | UInt64(w[1]) << 32) >> 11) + 0.5) * (1.0 / 9_007_199_254_740_992.0)
        let u2 = Double((UInt64(w[2]) | UInt64(w[3]) << 32) >> 11) * (1.0 / 9_007_199_254_740_992.0)
        return Float((-2.0 * log(u1)).squareRoot() * cos(2.0 * Double.pi * u2))
    }

    /// An integer uniform in `0..<bound` (Lemire's multiply-shift with rejection, fixed retry order).
    @inlinable
    public func integer(below bound: Int, at index: UInt64) -> Int {
        precondition(bound > 0, "bound must be positive")
        var attempt: UInt64 = 0
        while true {
            let x = CounterRNG(seed: seed, stream: stream &+ (attempt << 56)).uint64(at: index)
            let product = x.multipliedFullWidth(by: UInt64(bound))
            if product.low >= UInt64(bound) || product.low >= (0 &- UInt64(bound)) % UInt64(bound) {
                return Int(product.high)
            }
            attempt += 1
        }
    }

    /// A permutation of `0..<count` (Fisher–Yates, draw i taken at counter i): a pure function of
    /// (seed, stream, count).
    public func permutation(_ count: Int) -> [Int] {
        var order = Array(0..<count)
        if count < 2 { return order }
        for i in stride(from: count - 1, to: 0, by: -1) {
            order.swapAt(i, integer(below: i + 1, at: UInt64(i)))
        }
        return order
    }
}

