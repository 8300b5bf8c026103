import SmolCore
import SmolDatasets
import SmolTokenizers

/// Preference records as pairs of full conversations (prompt + chosen, prompt + rejected), each
/// templated and masked as in SFT (`SupervisedExamples`), so only the response tokens are scored.
public struct PreferencePairs: Sendable {
    /// Chosen conversations and their labels.
    public var chosen: SupervisedExamples
    /// Rejected conversations and their labels (pair i is chosen[i], rejected[i]).
    public var rejected: SupervisedExamples
    /// Pairs with either side cut at `maxLength`.
    public var truncated: Int
    /// Pairs left out because a side has no scored token after truncation.
    public var dropped: Int

    /// Encodes the `prompt`, `chosen` and `rejected` messages of every preference record.
    public init(dataset: Dataset, tokenizer: Tokenizer, template: ChatTemplate, maxLength: Int, threads: Int) throws {
        guard dataset.schema == .preference else {
            throw TrainingError.invalid("the data are \(dataset.schema.rawValue) records; preference training needs prompt/chosen/rejected pairs")
        }
        func side(_ record: JSONValue, _ key: String) -> [ChatMessage] {
            (record["prompt"]?.arrayValue ?? []).map(SupervisedExamples.chatMessage)
                + (record[key]?.arrayValue ?? []).map(SupervisedExamples.chatMessage)
        }
        let c = SupervisedExamples.encode(dataset.records.map { side($0, "chosen") }, tokenizer: tokenizer, template: template,
                                          maxLength: maxLength, threads: threads)
        let r = SupervisedExamples.encode(dataset.records.map { side($0, "rejected") }, tokenizer: tokenizer, template: template,
                                          maxLength: maxLength, threads: threads)
        var keptC: [(ids: [Int], labels: [Int])] = [], keptR: [(ids: [Int], labels: [Int])] = []
        truncated = 0
        dropped = 0
        for (a, b) in zip(c, r) {
            if a.truncated || b.truncated { truncated += 1 }
            let scored = { (labels: [Int]) in labels.dropFirst().contains { $0 != SupervisedExamples.ignoreLabel } }
            guard scored(a.labels), scored(b.labels) else { dropped += 1; continue }
            keptC.append((a.ids, a.labels))
            keptR.append((b.ids, b.labels))
        }
        chosen = SupervisedExamples(ids: keptC.map(\.ids), labels: keptC.map(\.labels))
        rejected = SupervisedExamples(ids: keptR.map(\.ids), labels: keptR.map(\.labels))
    }

    /// Pairs from already-encoded sides (tests, and data encoded elsewhere).
    public init(chosen: SupervisedExamples, rejected: SupervisedExamples) {
        precondition(chosen.count == rejected.count, "as many chosen as rejected sequences")
        self.chosen = chosen
        self.rejected = rejected
        truncated = 0
        dropped = 0
    }

    /// Number of pairs.
    public var count: Int { chosen.count }

    /// Mean real tokens per pair (chosen + rejected): the length a token budget is divided by.
    public var meanLength: Double { Double(realTokens(Array(0..<count))) / Double(max(count, 1)) }

    /// Pairs `indices` as one batch of 2·B rows, interleaved (chosen i at row 2i, rejected i at row
    /// 2i + 1), right-padded to the longest row, with a scoring mask (1 on response tokens).
    ///   -> ids: [2B·T], mask: [2B·T]
    public func interleaved(_ indices: [Int], padID: Int) -> (ids: [Int], mask: [Float], length: Int) {
        let rows = indices.flatMap { [(chosen.ids[$0], chosen.labels[$0]), (rejected.ids[$0], rejected.labels[$0])] }
        let t = rows.map(\.0.count).max() ?? 0
        var ids: [Int] = [], mask: [Float] = []
        ids.reserveCapacity(rows.count * t)
        mask.reserveCapacity(rows.count * t)
        for (rowIDs, labels) in rows {
            ids += rowIDs + Array(repeating: padID, count: t - rowIDs.count)
            mask += labels.map { $0 == SupervisedExamples.ignoreLabel ? 0 : 1 } + Array(repeating: 0, count: t - rowIDs.count)
        }
        return (ids, mask, t)
    }

    /// Real (non-padding) tokens of pairs `indices`.
    public func realTokens(_ indices: [Int]) -> Int {
        indices.reduce(0) { $0 + chosen.ids[$1].count + rejected.ids[$1].count }
    }

    /// Scored tokens of pairs `indices`.
    public func scoredTokens(_ indices: [Int]) -> Int {
        indices.reduce(0) { $0 + chosen.supervisedTokens($1) + rejected.supervisedTokens($1) }
    }
}

extension SupervisedExamples {
    /// Examples from ids and labels already made.
    public init(ids: [[Int]], labels: [[Int]], truncated: Int = 0, dropped: Int = 0) {
        self.ids = ids
        self.labels = labels
        self.truncated = truncated
        self.dropped = dropped
    }
}
