import SmolCore

/// One scored continuation: what lm-evaluation-harness returns for a request, plus the lengths every
/// normalisation needs.
public struct ScoredContinuation: Sendable, Equatable {
    public var continuation: String
    public var logLikelihood: Double
    public var isGreedy: Bool
    /// Continuation tokens (after the lm-evaluation-harness split).
    public var tokens: Int
    /// Unicode scalars of the continuation (what Python's `len` counts), delimiter included.
    public var chars: Int
    /// UTF-8 bytes of the continuation, delimiter included.
    public var bytes: Int

    public init(continuation: String, logLikelihood: Double, isGreedy: Bool, tokens: Int) {
        self.continuation = continuation
        self.logLikelihood = logLikelihood
        self.isGreedy = isGreedy
        self.tokens = tokens
        self.chars = continuation.unicodeScalars.count
        self.bytes = continuation.utf8.count
    }

    var json: JSONValue {
        ["continuation": .string(continuation), "ll": .number(logLikelihood), "greedy": .bool(isGreedy),
         "tokens": .number(Double(tokens)), "chars": .number(Double(chars)), "bytes": .number(Double(bytes))]
    }

    init(json: JSONValue) throws {
        guard let continuation = json["continuation"]?.stringValue, let ll = json["ll"]?.doubleValue,
              let greedy = json["greedy"]?.boolValue, let tokens = json["tokens"]?.intValue else {
            throw EvaluationError.malformedResult("a scored continuation needs continuation, ll, greedy and tokens")
        }
        self.init(continuation: continuation, logLikelihood: ll, isGreedy: greedy, tokens: tokens)
    }
}

/// One choice of an item as presented, with its scores by request kind.
public struct ChoiceRecord: Sendable, Equatable {
    /// Position in the prompt (0 = first label).
    public var slot: Int
    public var label: String
    /// Index of this choice in the item as stored.
    public var original: Int
    public var text: String
    /// Scores of the kinds that were requested (symbol, hybrid, cloze, unconditional).
    public var scores: [RequestKind: ScoredContinuation]

    public init(slot: Int, label: String, original: Int, text: String, scores: [RequestKind: ScoredContinuation] = [:]) {
        self.slot = slot
        self.label = label
        self.original = original
        self.text = text
        self.scores = scores
    }
}

/// Everything measured about one item, for one model under one condition: the contexts, every
/// choice's log-likelihoods and lengths. Every scoring is computed from it, offline.
public struct ItemRecord: Sendable, Equatable {
    public var model: String
    public var task: String
    public var condition: String
    /// Position of the item in the evaluated dataset.
    public var index: Int
    public var itemID: String
    /// SHA-256 of the item's content.
    public var itemHash: String
    public var subject: String
    /// The slot of the correct answer.
    public var gold: Int
    /// The slot shown as the answer of the injected copy of the item, if the condition injects one.
    public var injected: Int?
    /// The context of each requested kind ("" for unconditional).
    public var contexts: [RequestKind: String]
    /// The choices, by slot.
    public var choices: [ChoiceRecord]

    public init(model: String, task: String, condition: String, index: Int, itemID: String, itemHash: String, subject: String,
                gold: Int, injected: Int? = nil, contexts: [RequestKind: String] = [:], choices: [ChoiceRecord]) {
        self.model = model
        self.task = task
        self.condition = condition
        self.index = index
        self.itemID = itemID
        self.itemHash = itemHash
        self.subject = subject
        self.gold = gold
        self.injected = injected
        self.contexts = contexts
        self.choices = choices
    }

    /// The request kinds every choice has a score for.
    public var kinds: Set<RequestKind> {
        choices.reduce(Set(RequestKind.allCases)) { $0.intersection($1.scores.keys) }
    }

    /// The record as one JSON object (one line of samples.jsonl); `scorings` adds predictions and
    /// per-scoring accuracy for people reading the file (`init(json:)` ignores them).
    public func json(scorings: [ScoringMethod] = []) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("type", "mcq"), ("model", .string(model)), ("task", .string(task)), ("condition", .string(condition)),
            ("doc_id", .number(Double(index))), ("item_id", .string(itemID)), ("item_hash", .string(itemHash)),
            ("subject", .string(subject)), ("gold", .number(Double(gold))),
            ("injected", injected.map { .number(Double($0)) } ?? .null),
            ("contexts", .object(contexts.sorted { $0.key < $1.key }.map { ($0.key.rawValue, .string($0.value)) })),
            ("choices", .array(choices.map { choice in
                var fields: [(key: String, value: JSONValue)] = [
                    ("slot", .number(Double(choice.slot))), ("label", .string(choice.label)),
                    ("original", .number(Double(choice.original))), ("text", .string(choice.text)),
                ]
                for (kind, score) in choice.scores.sorted(by: { $0.key < $1.key }) { fields.append((kind.rawValue, score.json)) }
                return .object(fields)
            })),
        ]
        if !scorings.isEmpty {
            members.append(("predictions", .object(scorings.compactMap { s in predict(s).map { (s.rawValue, .number(Double($0))) } })))
            members.append(("acc", .object(scorings.compactMap { s in correct(s).map { (s.rawValue, .number($0 ? 1 : 0)) } })))
        }
        return .object(members)
    }

    public init(json: JSONValue) throws {
        func need<T>(_ value: T?, _ what: String) throws -> T {
            guard let value else { throw EvaluationError.malformedResult("an item record has no \(what)") }
            return value
        }
        model = try need(json["model"]?.stringValue, "model")
        task = try need(json["task"]?.stringValue, "task")
        condition = try need(json["condition"]?.stringValue, "condition")
        index = try need(json["doc_id"]?.intValue, "doc_id")
        itemID = try need(json["item_id"]?.stringValue, "item_id")
        itemHash = json["item_hash"]?.stringValue ?? ""
        subject = json["subject"]?.stringValue ?? ""
        gold = try need(json["gold"]?.intValue, "gold")
        injected = json["injected"]?.intValue
        var contexts: [RequestKind: String] = [:]
        for member in json["contexts"]?.objectValue ?? [] {
            if let kind = RequestKind(rawValue: member.key), let text = member.value.stringValue { contexts[kind] = text }
        }
        self.contexts = contexts
        choices = try (try need(json["choices"]?.arrayValue, "choices")).map { choice in
            var scores: [RequestKind: ScoredContinuation] = [:]
            for kind in RequestKind.allCases { if let value = choice[kind.rawValue] { scores[kind] = try ScoredContinuation(json: value) } }
            return ChoiceRecord(slot: try need(choice["slot"]?.intValue, "choice slot"), label: choice["label"]?.stringValue ?? "",
                                original: try need(choice["original"]?.intValue, "choice original"),
                                text: choice["text"]?.stringValue ?? "", scores: scores)
        }
    }
}
