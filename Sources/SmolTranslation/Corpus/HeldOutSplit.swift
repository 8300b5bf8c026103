import SmolCore
import SmolDatasets

/// A train / test split of translation pairs whose test side shares no sentence and no near-duplicate
/// with the training side.
///
/// 1. Pairs are concatenated and deduplicated: exact and near duplicates (MinHash, `Dedup.run`) of the
///    whole pair, then of the source alone and of the target alone, are removed.
/// 2. A seeded permutation picks `testSize` test pairs; the rest train.
/// 3. A test pair is moved to training while it shares a sentence (normalised by `Dedup.normalise`, on
///    either side) with a training pair, or is contaminated by training (`Contamination.measure` with
///    `n` and `threshold`); repeated until nothing moves. The test set may end smaller than asked.
public enum HeldOutSplit {
    public struct Report: Sendable, Equatable {
        public var pairs = 0
        /// Pairs removed as exact or near duplicates (of the pair, its source or its target).
        public var duplicates = 0
        /// Test pairs moved to training for a shared sentence, or for n-gram contamination.
        public var sharedSentence = 0, contaminated = 0
        public var train = 0, test = 0
    }

    /// With `testFrom`, test pairs are drawn only from that dataset of the list (the others train).
    public static func split(_ datasets: [Dataset], testSize: Int, seed: UInt64, n: Int = 8, threshold: Double = 0.5,
                             nearThreshold: Double = 0.8, testFrom: Int? = nil) -> (train: Dataset, test: Dataset, report: Report) {
        var report = Report()
        // Each record remembers its dataset in `origin` (the list's index) until the draw.
        var records: [JSONValue] = []
        var origins: [Int] = []
        for (k, d) in datasets.enumerated() {
            for r in d.records where r["source"] != nil && r["target"] != nil {
                records.append(r)
                origins.append(k)
            }
        }
        report.pairs = records.count
        var originOf: [String: Int] = [:]
        for (r, k) in zip(records, origins) { if let id = r["id"]?.stringValue, originOf[id] == nil { originOf[id] = k } }
        records = Dedup.run(Dataset(schema: .translation, records: records, name: "pairs"), near: true, threshold: nearThreshold).0.records
        for side in ["source", "target"] {
            let texts = records.enumerated().map { k, r in JSONValue.object([("id", .string(String(k))), ("text", r[side] ?? "")]) }
            let removed = Set(Dedup.run(Dataset(schema: .text, records: texts, name: side), near: true, threshold: nearThreshold)
                .1.removed.compactMap { Int($0.id) })
            records = records.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
        }
        report.duplicates = report.pairs - records.count
        let order = CounterRNG(seed: seed, stream: stableHash("translate.heldout")).permutation(records.count)
            .filter { k in testFrom == nil || originOf[records[k]["id"]?.stringValue ?? ""] == testFrom }
        var inTest = Set(order.prefix(max(0, min(testSize, order.count))))
        func sentences(_ r: JSONValue) -> [String] {
            ["source", "target"].flatMap { Segmenter.sentences(r[$0]?.stringValue ?? "").map(Dedup.normalise) }.filter { !$0.isEmpty }
        }
        let sentenceSets = records.map { Set(sentences($0)) }
        while true {
            var trainSentences = Set<String>()
            for k in records.indices where !inTest.contains(k) { trainSentences.formUnion(sentenceSets[k]) }
            let sharing = inTest.filter { !sentenceSets[$0].isDisjoint(with: trainSentences) }
            report.sharedSentence += sharing.count
            inTest.subtract(sharing)
            let test = inTest.sorted()
            let testSet = Dataset(schema: .translation, records: test.map { records[$0] }, name: "test")
            let trainSet = Dataset(schema: .translation, records: records.indices.filter { !inTest.contains($0) }.map { records[$0] }, name: "train")
            let contaminated = Set(Contamination.measure(eval: testSet, train: trainSet, n: n, threshold: threshold).hits
                .filter { $0.overlap >= threshold }.map(\.id))
            let moving = test.filter { contaminated.contains(records[$0]["id"]?.stringValue ?? "") }
            report.contaminated += moving.count
            inTest.subtract(moving)
            if sharing.isEmpty && moving.isEmpty { break }
        }
        let name = datasets.map(\.name).joined(separator: "+")
        let train = Dataset(schema: .translation, records: records.indices.filter { !inTest.contains($0) }.map { records[$0] }, name: name + "-train")
        let test = Dataset(schema: .translation, records: inTest.sorted().map { records[$0] }, name: name + "-test")
        report.train = train.count
        report.test = test.count
        return (train, test, report)
    }
}
