import Testing
import SmolCore

@Suite("Parallel")
struct ParallelTests {
    @Test("forEach visits every index exactly once", arguments: [(0, 2), (1, 4), (7, 1), (7, 3), (100, 2), (5, 8)])
    func visitsEachIndexOnce(count: Int, threads: Int) {
        var visits = [Int32](repeating: 0, count: max(count, 1))
        visits.withUnsafeMutableBufferPointer { buffer in
            let out = UnsafeMutableSendablePointer(buffer.baseAddress!)
            Parallel.forEach(count, threads: threads) { index in out[index] += 1 }
        }
        #expect(visits.prefix(count).allSatisfy { $0 == 1 })
    }

    @Test("forEachRange chunks are contiguous, ordered, balanced and independent of scheduling")
    func chunksPartitionTheRange() {
        for count in [0, 1, 5, 6, 97] {
            for threads in [1, 2, 3, 4, 200] {
                let workers = Parallel.workerCount(count, threads: threads)
                #expect(workers == min(count, threads))
                let chunks = (0..<workers).map { Parallel.chunk($0, of: workers, count: count) }
                #expect(chunks.flatMap { Array($0) } == Array(0..<count))
                let sizes = chunks.map(\.count)
                #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1)
                // forEachRange hands worker w exactly chunk(w).
                var seen = [Int](repeating: -1, count: max(count, 1))
                seen.withUnsafeMutableBufferPointer { buffer in
                    let out = UnsafeMutableSendablePointer(buffer.baseAddress!)
                    Parallel.forEachRange(count, threads: threads) { worker, range in
                        for index in range { out[index] = worker }
                    }
                }
                for (worker, chunk) in chunks.enumerated() {
                    #expect(chunk.allSatisfy { seen[$0] == worker })
                }
            }
        }
    }
}
