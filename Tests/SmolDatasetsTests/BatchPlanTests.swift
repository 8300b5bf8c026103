import Foundation
import Testing
@testable import SmolDatasets

private let sequences: [[Int]] = (0..<103).map { i in Array(repeating: i, count: 1 + (i * 37) % 50) }

@Test func shuffleIsAPureFunctionOfSeedAndEpoch() {
    let plan = BatchPlan(sequences: sequences, batchSize: 8, seed: 5)
    let again = BatchPlan(sequences: sequences, batchSize: 8, seed: 5)
    #expect(plan.batches(epoch: 3) == again.batches(epoch: 3))
    #expect(plan.batches(epoch: 0) != plan.batches(epoch: 1))
    #expect(plan.batches(epoch: 0) != BatchPlan(sequences: sequences, batchSize: 8, seed: 6).batches(epoch: 0))
    for epoch in 0..<3 {
        let all = plan.batches(epoch: epoch).flatMap { $0 }
        #expect(all.sorted() == Array(0..<103), "each index exactly once per epoch")
    }
    #expect(plan.batchesPerEpoch == 13 && plan.batches(epoch: 0).last?.count == 7)
    #expect(BatchPlan(sequences: sequences, batchSize: 8, seed: 5, dropLast: true).batches(epoch: 0).count == 12)
}

@Test func cursorResumesExactlyAfterACodableRoundTrip() throws {
    let plan = BatchPlan(sequences: sequences, batchSize: 10, seed: 9, groupByLength: true, poolBatches: 4)
    var straight = BatchPlan.Cursor()
    let reference = (0..<30).compactMap { _ in plan.next(&straight) }
    var cursor = BatchPlan.Cursor()
    var resumed = (0..<17).compactMap { _ in plan.next(&cursor) }
    let saved = try JSONEncoder().encode(cursor)
    var restored = try JSONDecoder().decode(BatchPlan.Cursor.self, from: saved)
    #expect(restored == BatchPlan.Cursor(epoch: 1, batch: 6))
    resumed += (0..<13).compactMap { _ in plan.next(&restored) }
    #expect(resumed == reference)
}

@Test func lengthGroupingCutsPadding() {
    let plain = BatchPlan(sequences: sequences, batchSize: 8, seed: 1)
    let grouped = BatchPlan(sequences: sequences, batchSize: 8, seed: 1, groupByLength: true, poolBatches: 13)
    let total = sequences.map(\.count).reduce(0, +)
    #expect(plain.paddingStats(epoch: 0).realTokens == total && grouped.paddingStats(epoch: 0).realTokens == total)
    #expect(grouped.paddingStats(epoch: 0).padFraction < plain.paddingStats(epoch: 0).padFraction / 2)
    #expect(grouped.batches(epoch: 0).flatMap { $0 }.sorted() == Array(0..<103))
}

@Test func padRightPadsWithAMask() {
    let (ids, mask) = BatchPlan.pad([[1, 2, 3], [4]], batch: [1, 0], padID: 0)
    #expect(ids == [[4, 0, 0], [1, 2, 3]] && mask == [[1, 0, 0], [1, 1, 1]])
}

@Test func walkingAnEpochBuildsItOnce() {
    let plan = BatchPlan(sequences: sequences, batchSize: 10, seed: 9, groupByLength: true)
    var cursor = BatchPlan.Cursor()
    for _ in 0..<(3 * plan.batchesPerEpoch) { _ = plan.next(&cursor) }
    #expect(plan.epochsBuilt == 3, "one build per epoch, not one per batch")
}
