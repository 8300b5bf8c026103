import Foundation
import SmolCore

/// Summary statistics of a dataset.
public struct DatasetStats: Sendable, CustomStringConvertible {
    /// Number of records.
    public var count: Int
    /// The schema.
    public var schema: Schema
    /// Mean, minimum and maximum characters of each record's text (`RecordText.of`).
    public var meanChars: Double, minChars: Int, maxChars: Int
    /// Records per category: subject (multiple choice), instruction id (instruction), last-turn role (SFT), else empty.
    public var categories: [(name: String, count: Int)]
    /// Multiple choice only: how often each answer index is correct.
    public var answerCounts: [Int]
    /// Message-based schemas: mean number of messages per record.
    public var meanMessages: Double

    /// A few readable lines.
    public var description: String {
        var lines = ["\(count) records, schema \(schema.rawValue)",
                     String(format: "chars per record: mean %.1f, min %d, max %d", meanChars, minChars, maxChars)]
        if meanMessages > 0 { lines.append(String(format: "messages per record: mean %.2f", meanMessages)) }
        if !answerCounts.isEmpty { lines.append("answers: " + answerCounts.enumerated().map { "\(Normalizer.letters[$0]) \($1)" }.joined(separator: ", ")) }
        if !categories.isEmpty { lines.append("categories: " + categories.prefix(12).map { "\($0.name) \($0.count)" }.joined(separator: ", ") + (categories.count > 12 ? ", …" : "")) }
        return lines.joined(separator: "\n")
    }
}

public extension Dataset {
    /// Splits into consecutive parts of a seeded permutation with the given fractions (which must be
    /// non-negative and sum to at most 1; part boundaries are rounded). Record order inside each part
    /// follows the original order.
    func split(fractions: [Double], seed: UInt64) -> [Dataset] {
        let order = CounterRNG(seed: seed, stream: stableHash("dataset.split")).permutation(count)
        var parts: [Dataset] = []
        var cumulative = 0.0
        var start = 0
        for (k, fraction) in fractions.enumerated() {
            cumulative += max(0, fraction)
            let end = min(count, Int((cumulative * Double(count)).rounded()))
            let indices = order[start..<max(start, end)].sorted()
            parts.append(Dataset(schema: schema, records: indices.map { records[$0] }, name: "\(name)-part\(k)"))
            start = max(start, end)
        }
        return parts
    }

    /// `n` records drawn without replacement by a seeded permutation, kept in original order (all when n ≥ count).
    func sample(_ n: Int, seed: UInt64) -> Dataset {
        let order = CounterRNG(seed: seed, stream: stableHash("dataset.sample")).permutation(count)
        let picked = order.prefix(max(0, min(n, count))).sorted()
        return Dataset(schema: schema, records: picked.map { records[$0] }, name: "\(name)-sample\(picked.count)")
    }

    /// A readable table of the first `limit` records: id and the schema's main fields, cut to fit.
    func show(limit: Int = 10) -> String {
        let columns: [String]
        switch schema {
        case .sft: columns = ["messages"]
        case .preference: columns = ["prompt", "chosen", "rejected"]
        case .multipleChoice: columns = ["subject", "question", "choices", "answer"]
        case .math: columns = ["question", "final"]
        case .instruction: columns = ["prompt", "instruction_id_list"]
        case .text: columns = ["text"]
        case .translation: columns = ["source", "target"]
        }
        let width = max(12, 100 / columns.count)
        func cell(_ value: JSONValue?) -> String {
            guard let value else { return "" }
            var text: String
            switch value {
            case .string(let s): text = s
            case .array(let a) where a.first?["role"] != nil:
                text = a.map { "\($0["role"]?.stringValue ?? ""): \($0["content"]?.stringValue ?? "")" }.joined(separator: " | ")
            case .array(let a): text = a.map { $0.stringValue ?? $0.compactText() }.joined(separator: " / ")
            default: text = value.compactText()
            }
            // Control characters would break the row: line breaks and tabs get visible stand-ins.
            text = text.replacingOccurrences(of: "\r\n", with: "⏎").replacingOccurrences(of: "\n", with: "⏎")
                .replacingOccurrences(of: "\r", with: "⏎").replacingOccurrences(of: "\t", with: "⇥")
            return DisplayWidth.truncate(text, to: width)
        }
        var rows = [["id"] + columns]
        for record in records.prefix(limit) { rows.append([cell(record["id"])] + columns.map { cell(record[$0]) }) }
        // Columns are padded by terminal cells, not characters: CJK and emoji take two cells each.
        let widths = (0..<rows[0].count).map { c in rows.map { DisplayWidth.of($0[c]) }.max() ?? 0 }
        func line(_ row: [String]) -> String {
            row.enumerated().map { $1 + String(repeating: " ", count: widths[$0] - DisplayWidth.of($1)) }.joined(separator: " │ ")
        }
        var out = [line(rows[0]), widths.map { String(repeating: "─", count: $0) }.joined(separator: "─┼─")]
        out += rows.dropFirst().map(line)
        out.append("\(name): \(count) records (\(schema.rawValue))" + (count > limit ? ", showing \(limit)" : ""))
        return out.joined(separator: "\n")
    }

    /// Ids of preference records whose chosen answer is the same as the rejected one (such a pair teaches nothing).
    func identicalPreferencePairs() -> [String] {
        guard schema == .preference else { return [] }
        return records.filter { $0["chosen"] != nil && $0["chosen"] == $0["rejected"] }.map { $0["id"]?.stringValue ?? "" }
    }

    /// Counts, text lengths, category and answer distributions.
    func stats() -> DatasetStats {
        let lengths = records.map { RecordText.of($0).count }
        var categories: [String: Int] = [:]
        var answers: [Int] = []
        var messages = 0
        for record in records {
            switch schema {
            case .multipleChoice:
                categories[record["subject"]?.stringValue ?? "", default: 0] += 1
                if let a = record["answer"]?.intValue, a >= 0 {
                    if answers.count <= a { answers += Array(repeating: 0, count: a + 1 - answers.count) }
                    answers[a] += 1
                }
            case .instruction:
                for id in record["instruction_id_list"]?.arrayValue ?? [] { categories[id.stringValue ?? "", default: 0] += 1 }
            case .sft:
                messages += record["messages"]?.arrayValue?.count ?? 0
            case .preference:
                messages += (record["prompt"]?.arrayValue?.count ?? 0) + (record["chosen"]?.arrayValue?.count ?? 0)
            default: break
            }
        }
        return DatasetStats(count: count, schema: schema,
                            meanChars: lengths.isEmpty ? 0 : Double(lengths.reduce(0, +)) / Double(lengths.count),
                            minChars: lengths.min() ?? 0, maxChars: lengths.max() ?? 0,
                            categories: categories.map { (name: $0.key, count: $0.value) }.sorted { $0.count > $1.count || ($0.count == $1.count && $0.name < $1.name) },
                            answerCounts: answers, meanMessages: count == 0 ? 0 : Double(messages) / Double(count))
    }
}
