import SmolCore

/// How much of an evaluation set overlaps a training set by word n-grams (SmolTulu Table 1 analogue).
public struct ContaminationReport: Sendable, CustomStringConvertible {
    /// The n-gram size and the overlap fraction at which an item counts as contaminated.
    public var n: Int, threshold: Double
    /// Evaluation items and how many are contaminated.
    public var items: Int, contaminated: Int
    /// Percentage contaminated (0–100).
    public var percent: Double { items == 0 ? 0 : 100 * Double(contaminated) / Double(items) }
    /// Every eval item with at least one shared n-gram: id, overlap fraction, an example n-gram.
    public var hits: [(id: String, overlap: Double, example: String)]

    /// `contamination: 3 of 200 items (1.50%) share ≥ 50% of their 8-grams with the training set`.
    public var description: String {
        "contamination: \(contaminated) of \(items) items (\(String(format: "%.2f", percent))%) share ≥ \(Int(threshold * 100))% of their \(n)-grams with the training set"
    }
}

/// Measures n-gram overlap between evaluation prompts and all training text (normalised words).
public enum Contamination {
    /// An eval item is contaminated when the fraction of its word n-grams found in `train` is at least
    /// `threshold` (and at least one is found). An item shorter than n words has no n-gram: it is
    /// contaminated when its whole word sequence occurs contiguously in some training record.
    /// `hits` lists every item with any overlap (contaminated or not).
    public static func measure(eval: Dataset, train: Dataset, n: Int = 8, threshold: Double = 0.5) -> ContaminationReport {
        let n = max(1, n)
        func words(_ text: String) -> [Substring] { Dedup.normalise(text).split(separator: " ") }
        func windows(_ words: [Substring], _ size: Int) -> [String] {
            guard words.count >= size else { return [] }
            return (0...(words.count - size)).map { words[$0..<$0 + size].joined(separator: " ") }
        }
        let items = eval.records.map { words(RecordText.prompt(of: $0)) }
        // Window sizes to index in train: n, and the length of every shorter item.
        let sizes = Set([n] + items.map(\.count).filter { $0 > 0 && $0 < n })
        var trainGrams: [Int: Set<UInt64>] = [:]
        for record in train.records {
            let w = words(RecordText.of(record))
            for size in sizes { for g in windows(w, size) { trainGrams[size, default: []].insert(stableHash(g)) } }
        }
        var report = ContaminationReport(n: n, threshold: threshold, items: eval.count, contaminated: 0, hits: [])
        for (record, w) in zip(eval.records, items) where !w.isEmpty {
            let size = min(n, w.count)
            let g = windows(w, size)
            let shared = g.filter { trainGrams[size]?.contains(stableHash($0)) == true }
            guard let example = shared.first else { continue }
            let overlap = Double(shared.count) / Double(g.count)
            report.hits.append((record["id"]?.stringValue ?? "", overlap, example))
            if overlap >= threshold { report.contaminated += 1 }
        }
        return report
    }
}
