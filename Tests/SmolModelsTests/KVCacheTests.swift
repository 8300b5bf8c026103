import SmolTestSupport
import SmolKernels
@testable import SmolModels
import SmolTensor
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
        let m = try LanguageModel.load(path: try GoldenFixtures.path("tiny-llama-a"))   // 256 positions
        let prompts = [[1, 2, 3], [7, 8, 9, 10, 11, 12, 13], [200]]
        // Greedy repeats each prompt's last token, so stop tokens 3 and 13 end prompts 0 and 1 at once.
        let options = GenerationOptions(maxNewTokens: 249, stopTokens: [3, 13])
        var steps: [[Int?]] = []
        let out = try m.generate(prompts, options: options, engine: EngineOptions(), decode: nil,
                                 isCancelled: { false }, afterEachStep: { steps.append($0.map { $0?.capacity }) })
        #expect(out == [[], [], [Int](repeating: 200, count: 249)])
        #expect(steps.count == 249)
        #expect(steps[0] == [nil, nil, 33])
        #expect(Set(steps.map { $0[2] }) == [33, 66, 132, 250, nil])   // doubling, capped at prompt + maxNewTokens
        #expect(steps.last! == [nil, nil, nil])
    }
}

@Suite struct CachedDecodingTests {
    /// Decoding against KV caches (two sequences of different lengths at once: a prefill of three
    /// tokens, then two, then one per step) gives the full forward's logits at the same positions, to
    /// rounding: the products have other shapes, hence other reduction orders.
    @Test func cachedLogitsEqualTheFullForward() throws {
        let m = try LanguageModel.load(path: try GoldenFixtures.path("tiny-llama-a"))
        let c = m.config, vocab = c.vocabSize
        let sequences = [[5, 17, 42, 99, 3, 8, 250, 1, 77], [200, 9, 9, 14, 15, 16]]
        let caches = sequences.map { KVCache(layers: c.numHiddenLayers, width: c.numKeyValueHeads * c.headDim, capacity: $0.count) }
        let tables = RotaryTables(headDim: c.headDim, theta: c.ropeTheta, positions: 16)
        var fed = [0, 0]
        var checked = 0
        for chunk in [3, 2, 1, 1, 1, 1] {
            let active = sequences.indices.filter { fed[$0] < sequences[$0].count }
            let tokens = active.map { Array(sequences[$0][fed[$0]..<min(fed[$0] + chunk, sequences[$0].count)]) }
            let logits = m.forwardCached(tokens, caches: active.map { caches[$0] }, tables: tables,
                                         engine: EngineOptions(threads: 2))                          // [S, V]
            for (row, s) in active.enumerated() {
                fed[s] += tokens[row].count
                #expect(caches[s].length == fed[s])
                let full = m.logits(Tape(recording: false), ids: Array(sequences[s][..<fed[s]]), batch: 1, length: fed[s])
                let cached = Array(UnsafeBufferPointer(start: logits.data + row * vocab, count: vocab))
                #expect(maxAbsDifference(cached, Array(full.values.suffix(vocab))) < 1e-5, "sequence \(s) after \(fed[s]) tokens")
                checked += 1
            }
        }
        #expect(fed == sequences.map(\.count) && checked == 9)
    }
}
