import SmolCore
import SmolDatasets
import SmolTokenizers

/// SFT conversations as token ids with open-instruct's labels: the chat template renders each
/// conversation, and every token outside an assistant turn is labelled `ignoreIndex` (−100), so the
/// loss only sees assistant tokens (and their EOS). See `ChatTemplate.encodeForSFT`.
public struct SupervisedExamples: Sendable {
    /// Token ids per example.
    public var ids: [[Int]]
    /// Labels per example (−100 where masked).
    public var labels: [[Int]]
    /// Examples cut at `maxLength` (counted and logged; they are kept when something is still supervised).
    public var truncated: Int
    /// Examples left out because nothing in them is supervised (after truncation), as open-instruct does.
    public var dropped: Int

    /// Encodes the `messages` of every record with `template`, cut at `maxLength` tokens; translation pairs are
    /// encoded in `TaggedTranslation`'s layout instead, the loss on the target and its EOS only.
    public init(dataset: Dataset, tokenizer: Tokenizer, template: ChatTemplate, maxLength: Int, threads: Int) throws {
        if dataset.schema == .translation {
            try self.init(translationPairs: dataset, tokenizer: tokenizer, maxLength: maxLength, threads: threads)
            return
        }
        guard dataset.schema == .sft else {
            throw TrainingError.invalid("the data are \(dataset.schema.rawValue) records; SFT needs conversations (messages) or translation pairs")
        }
        let conversations = dataset.records.map(Self.messages)
        try self.init(conversations: conversations, tokenizer: tokenizer, template: template, maxLength: maxLength, threads: threads)
    }

    /// Translation pairs as a conditional model's examples: `<en> source <ar>` masked, then the target and EOS
    /// supervised; prompt and target are tokenised apart, as decoding sees them.
    init(translationPairs dataset: Dataset, tokenizer: Tokenizer, maxLength: Int, threads: Int) throws {
        try Self.check(maxLength: maxLength)
        guard let eos = tokenizer.eosTokenID else {
            throw TrainingError.invalid("the tokenizer has no end-of-sequence token; a translation model must learn where to stop")
        }
        let records = dataset.records
        self.init(encoded: Self.encodeEach(records.count, threads: threads) { i in
            let r = records[i]
            let prompt = TaggedTranslation.prompt(r["source"]?.stringValue ?? "", from: r["source_lang"]?.stringValue ?? "und",
                                                  to: r["target_lang"]?.stringValue ?? "und")
            let promptIDs = tokenizer.encode(prompt, addSpecialTokens: true)
            let targetIDs = tokenizer.encode(TaggedTranslation.continuation(r["target"]?.stringValue ?? "")) + [eos]
            let ids = promptIDs + targetIDs
            let labels = Array(repeating: Self.ignoreLabel, count: promptIDs.count) + targetIDs
            return (Array(ids.prefix(maxLength)), Array(labels.prefix(maxLength)), ids.count > maxLength)
        })
    }

    /// Encodes conversations (see `init(dataset:…)`); the result does not depend on `threads`.
    public init(conversations: [[ChatMessage]], tokenizer: Tokenizer, template: ChatTemplate, maxLength: Int, threads: Int) throws {
        try Self.check(maxLength: maxLength)
        self.init(encoded: Self.encode(conversations, tokenizer: tokenizer, template: template, maxLength: maxLength, threads: threads))
    }

    static func check(maxLength: Int) throws {
        guard maxLength >= 2 else { throw TrainingError.invalid("max_length is \(maxLength); give at least 2 tokens") }
    }

    /// One example as encoded: ids, labels, and whether `max_length` cut it.
    typealias Encoded = (ids: [Int], labels: [Int], truncated: Bool)

    /// Keeps the encoded examples that still supervise something, counting the cut and the dropped ones.
    private init(encoded: [Encoded]) {
        ids = []
        labels = []
        truncated = 0
        dropped = 0
        for e in encoded {
            if e.truncated { truncated += 1 }
            guard e.labels.dropFirst().contains(where: { $0 != Self.ignoreLabel }) else { dropped += 1; continue }
            ids.append(e.ids)
            labels.append(e.labels)
        }
    }

    /// The label of a masked token.
    public static let ignoreLabel = -100

    /// Encodes each conversation on `threads` workers, one result slot per conversation.
    static func encode(_ conversations: [[ChatMessage]], tokenizer: Tokenizer, template: ChatTemplate, maxLength: Int,
                       threads: Int) -> [Encoded] {
        encodeEach(conversations.count, threads: threads) { i in
            let full = template.encodeForSFT(conversations[i], tokenizer: tokenizer)
            let cut = full.ids.count > maxLength
            let encoded = cut ? template.encodeForSFT(conversations[i], tokenizer: tokenizer, maxSequenceLength: maxLength) : full
            return (encoded.ids, encoded.labels, cut)
        }
    }

    /// `example(i)` for i in 0..<count on `threads` workers, one result slot each, in index order.
    static func encodeEach(_ count: Int, threads: Int, _ example: @Sendable (Int) -> Encoded) -> [Encoded] {
        let results = ResultSlots<Encoded>(count: count)
        Parallel.forEach(count, threads: threads) { i in results[i] = example(i) }
        return results.values
    }

    /// The `messages` of a canonical SFT record (or the prompt then the response of a preference side).
    static func messages(_ record: JSONValue) -> [ChatMessage] {
        (record["messages"]?.arrayValue ?? []).map(chatMessage)
    }

    static func chatMessage(_ value: JSONValue) -> ChatMessage {
        ChatMessage(role: value["role"]?.stringValue ?? "", content: value["content"]?.stringValue ?? "")
    }

    /// Number of examples kept.
    public var count: Int { ids.count }

    /// Supervised tokens of example i (labels that are not masked, after the first position).
    public func supervisedTokens(_ i: Int) -> Int { labels[i].dropFirst().filter { $0 != Self.ignoreLabel }.count }
}

/// One slot per index, written by parallel workers (each index by exactly one worker, so no two
/// workers touch the same memory).
final class ResultSlots<T>: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<T?>
    let count: Int
    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: max(count, 1))
        slots.initialize(repeating: nil, count: max(count, 1))
    }
    deinit {
        slots.deinitialize(count: max(count, 1))
        slots.deallocate()
    }
    subscript(i: Int) -> T {
        get { slots[i]! }
        set { slots[i] = newValue }
    }
    var values: [T] { (0..<count).map { slots[$0]! } }
}
