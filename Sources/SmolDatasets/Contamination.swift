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
    /// An eval item is contaminated when at least `threshold` of its n-grams (at least one) occur in
    /// `train`; items shorter than n words are compared whole. `hits` lists every item with any overlap.
    public static func measure(eval: Dataset, train: Dataset, n: Int = 8, threshold: Double = 0.5) -> ContaminationReport {
        func grams(_ text: String) -> [String] {
            let words = Dedup.normalise(text).split(separator: " ")
            guard words.count >= n else { return words.isEmpty ? [] : [words.joined(separator: " ")] }
            return (0...(words.count - n)).map { words[$0..<$0 + n].joined(separator: " ") }
        }
        var trainGrams = Set<UInt64>()
        for record in train.records { for g in grams(RecordText.of(record)) { trainGrams.insert(stableHash(g)) } }
        var report = ContaminationReport(n: n, threshold: threshold, items: eval.count, contaminated: 0, hits: [])
        for record in eval.records {
            let g = grams(RecordText.prompt(of: record))
            guard !g.isEmpty else { continue }
            let shared = g.filter { trainGrams.contains(stableHash($0)) }
            guard let example = shared.first else { continue }
            let overlap = Double(shared.count) / Double(g.count)
            report.hits.append((record["id"]?.stringValue ?? "", overlap, example))
            if overlap >= threshold { report.contaminated += 1 }
        }
        return report
    }
}
