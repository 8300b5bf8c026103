import SmolDatasets

/// Gradient accumulation: a step's batch cut into micro-batches, the one split SFT, DPO and reward
/// training share.
extension BatchPlan {
    /// The next batch cut into consecutive micro-batches of `size` (empty when the plan has no batch).
    func next(_ cursor: inout Cursor, inMicroBatchesOf size: Int) -> [[Int]] {
        let batch = next(&cursor) ?? []
        return stride(from: 0, to: batch.count, by: size).map { Array(batch[$0..<min(batch.count, $0 + size)]) }
    }

    /// Fails unless a batch of `batchSize` splits into whole micro-batches of `microBatchSize`.
    static func checkMicroBatch(_ microBatchSize: Int, of batchSize: Int) throws {
        guard microBatchSize > 0, batchSize % microBatchSize == 0 else {
            throw TrainingError.invalid("batch_size \(batchSize) is not a multiple of micro_batch \(microBatchSize)")
        }
    }
}

extension BatchPlan {
    /// The micro-batches of the first `count` optimiser steps from the start, as the trainer reads them
    /// (what an external executor is given to follow smol's data order).
    public func steps(_ count: Int, inMicroBatchesOf size: Int) -> [[[Int]]] {
        var cursor = Cursor()
        return (0..<count).map { _ in next(&cursor, inMicroBatchesOf: size) }
    }
}
