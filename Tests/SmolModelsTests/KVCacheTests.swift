import SmolKernels
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

@Suite struct GenerationMemoryTests {
    /// A huge maxNewTokens costs nothing up front: caches start at prompt + 32 rows, grow by doubling only
    /// while their sequence runs, and are freed as soon as it stops.
    @Test func cachesGrowWithTheSequenceAndAreFreedWhenItStops() throws {
        let m = try LanguageModel.load(path: try Fixtures.path("tiny-llama-a"))   // 256 positions
        let prompts = [[1, 2, 3], [7, 8, 9, 10, 11, 12, 13], [200]]
        // Greedy repeats each prompt's last token, so stop tokens 3 and 13 end prompts 0 and 1 at once.
        let options = GenerationOptions(maxNewTokens: 249, stopTokens: [3, 13])
        var steps: [[Int?]] = []
        let out = try m.generate(prompts, options: options, engine: EngineOptions(), stopStrings: nil,
                                 isCancelled: { false }, afterEachStep: { steps.append($0.map { $0?.capacity }) })
        #expect(out == [[], [], [Int](repeating: 200, count: 249)])
        #expect(steps.count == 249)
        #expect(steps[0] == [nil, nil, 33])
        #expect(Set(steps.map { $0[2] }) == [33, 66, 132, 250, nil])   // doubling, capped at prompt + maxNewTokens
        #expect(steps.last! == [nil, nil, nil])
    }
}
