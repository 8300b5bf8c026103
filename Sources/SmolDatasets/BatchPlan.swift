import Foundation
import SmolCore

/// Seeded batching over token-id sequences: the order of every epoch is a pure function of
/// (seed, epoch), a `Cursor` (Codable) resumes exactly where training stopped, and optional length
/// grouping sorts within pools of `poolBatches` batches to cut padding.
///
/// Invariants:
/// 1. `batches(epoch:)` depends only on (lengths, batchSize, seed, epoch, grouping, poolBatches, dropLast);
/// 2. every index appears exactly once per epoch (the last batch may be short unless `dropLast`);
/// 3. `next(&cursor)` walks epoch after epoch, and a saved cursor yields the same remaining batches.
public struct BatchPlan: Sendable {
    /// Where training stands: the epoch and the batch within it.
    public struct Cursor: Codable, Sendable, Equatable {
        /// 0-based epoch.
        public var epoch: Int
        /// 0-based batch index within the epoch.
        public var batch: Int
        /// The start of training.
        public init(epoch: Int = 0, batch: Int = 0) { self.epoch = epoch; self.batch = batch }
    }

    /// Real versus padded token counts.
    public struct PaddingStats: Sendable, Equatable, CustomStringConvertible {
        /// Tokens that carry data.
        public var realTokens: Int
        /// Token slots after padding every batch to its longest sequence.
        public var paddedTokens: Int
        /// Share of slots that are padding.
        public var padFraction: Double { paddedTokens == 0 ? 0 : Double(paddedTokens - realTokens) / Double(paddedTokens) }
        /// `real / padded tokens (pad x%)`.
        public var description: String { "\(realTokens) real / \(paddedTokens) padded tokens (pad \(String(format: "%.1f", 100 * padFraction))%)" }
    }

    /// The length of each sequence.
    public let lengths: [Int]
    /// Sequences per batch.
    public let batchSize: Int
    /// The shuffle seed.
    public let seed: UInt64
    /// Sort by length within pools before batching.
    public let groupByLength: Bool
    /// Batches per length-sorting pool.
    public let poolBatches: Int
    /// Drop a final short batch.
    public let dropLast: Bool
    /// The batches of the epoch `next` is walking, built once per epoch (shared by copies of the plan).
    private let current = EpochCache()

    /// A plan for sequences of the given lengths.
    public init(lengths: [Int], batchSize: Int, seed: UInt64, groupByLength: Bool = false, poolBatches: Int = 16, dropLast: Bool = false) {
        precondition(batchSize > 0, "batchSize must be positive")
        self.lengths = lengths
        self.batchSize = batchSize
        self.seed = seed
        self.groupByLength = groupByLength
        self.poolBatches = max(1, poolBatches)
        self.dropLast = dropLast
    }

    /// A plan for token-id sequences.
    public init(sequences: [[Int]], batchSize: Int, seed: UInt64, groupByLength: Bool = false, poolBatches: Int = 16, dropLast: Bool = false) {
        self.init(lengths: sequences.map(\.count), batchSize: batchSize, seed: seed, groupByLength: groupByLength, poolBatches: poolBatches, dropLast: dropLast)
    }

    /// Batches in one epoch.
    public var batchesPerEpoch: Int { dropLast ? lengths.count / batchSize : (lengths.count + batchSize - 1) / batchSize }

    /// The shuffled order of sequence indices for `epoch`.
    public func order(epoch: Int) -> [Int] {
        CounterRNG(seed: seed, stream: stableHash("batch-plan") &+ UInt64(epoch)).permutation(lengths.count)
    }

    /// The batches (sequence indices) of `epoch`.
    public func batches(epoch: Int) -> [[Int]] {
        let order = order(epoch: epoch)
        var batches: [[Int]] = []
        if groupByLength {
            let pool = poolBatches * batchSize
            for start in stride(from: 0, to: order.count, by: pool) {
                let sorted = order[start..<min(order.count, start + pool)].enumerated()
                    .sorted { (lengths[$0.element], $0.offset) < (lengths[$1.element], $1.offset) }.map(\.element)
                for s in stride(from: 0, to: sorted.count, by: batchSize) { batches.append(Array(sorted[s..<min(sorted.count, s + batchSize)])) }
            }
            // Shuffle whole batches so lengths do not rise steadily through the epoch.
            let perm = CounterRNG(seed: seed, stream: stableHash("batch-plan.groups") &+ UInt64(epoch)).permutation(batches.count)
            batches = perm.map { batches[$0] }
        } else {
            for s in stride(from: 0, to: order.count, by: batchSize) { batches.append(Array(order[s..<min(order.count, s + batchSize)])) }
        }
        if dropLast { batches.removeAll { $0.count < batchSize } }
        return batches
    }

    /// The batch at `cursor` and the cursor advanced past it (into the next epoch when needed);
    /// nil when the plan is empty.
    public func next(_ cursor: inout Cursor) -> [Int]? {
        guard batchesPerEpoch > 0 else { return nil }
        if cursor.batch >= batchesPerEpoch { cursor = Cursor(epoch: cursor.epoch + 1, batch: 0) }
        let batch = current.batches(epoch: cursor.epoch) { batches(epoch: $0) }[cursor.batch]
        cursor.batch += 1
        return batch
    }

    /// How many epochs `next` has built so far (each is built once while it is walked).
    var epochsBuilt: Int { current.builds }

    /// Padding statistics of one epoch.
    public func paddingStats(epoch: Int) -> PaddingStats {
        var stats = PaddingStats(realTokens: 0, paddedTokens: 0)
        for batch in batches(epoch: epoch) {
            let ls = batch.map { lengths[$0] }
            stats.realTokens += ls.reduce(0, +)
            stats.paddedTokens += (ls.max() ?? 0) * ls.count
        }
        return stats
    }

    /// Right-pads the selected sequences to the longest: token ids and a 1/0 attention mask. // [B][T]
    public static func pad(_ sequences: [[Int]], batch: [Int], padID: Int) -> (ids: [[Int]], mask: [[Int]]) {
        let width = batch.map { sequences[$0].count }.max() ?? 0
        let ids = batch.map { sequences[$0] + Array(repeating: padID, count: width - sequences[$0].count) }
        let mask = batch.map { Array(repeating: 1, count: sequences[$0].count) + Array(repeating: 0, count: width - sequences[$0].count) }
        return (ids, mask)
    }
}

/// The batches of one epoch, kept so walking an epoch batch by batch builds it once; safe to share
/// between threads (a lock guards it).
final class EpochCache: @unchecked Sendable {
    private let lock = NSLock()
    private var epoch = -1
    private var cached: [[Int]] = []
    /// How many epochs were built (for tests).
    private(set) var builds = 0

    func batches(epoch: Int, _ build: (Int) -> [[Int]]) -> [[Int]] {
        lock.lock()
        defer { lock.unlock() }
        if epoch != self.epoch {
            cached = build(epoch)
            self.epoch = epoch
            builds += 1
        }
        return cached
    }
}
