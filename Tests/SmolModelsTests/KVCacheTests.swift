@testable import SmolModels
import Testing

@Suite struct KVCacheTests {
    /// Growing doubles the rows (never past the limit, never below what is needed) and keeps the rows
    /// already written, so generation can start small and pay amortised O(1) per new row.
    @Test func reserveDoublesUpToTheLimitAndKeepsTheRows() {
        let cache = KVCache(layers: 2, width: 3, capacity: 4)
        for l in 0..<2 {
            for i in 0..<12 { cache.keys[l][i] = Float(100 * l + i); cache.values[l][i] = -Float(100 * l + i) }
        }
        cache.length = 4
        cache.reserve(4, limit: 100)
        #expect(cache.capacity == 4)
        cache.reserve(5, limit: 100)
        #expect(cache.capacity == 8)
        cache.reserve(9, limit: 12)
        #expect(cache.capacity == 12)
        cache.reserve(40, limit: 12)   // the limit bounds doubling, not what is needed
        #expect(cache.capacity == 40)
        #expect(cache.allocatedBytes == 2 * 2 * 40 * 3 * 4)
        for l in 0..<2 {
            #expect((0..<12).map { cache.keys[l][$0] } == (0..<12).map { Float(100 * l + $0) })
            #expect((0..<12).map { cache.values[l][$0] } == (0..<12).map { -Float(100 * l + $0) })
        }
    }
}
