import SmolCore

/// What a multiple-choice evaluation runs: task name, layout, conditions, scorings, shots.
public struct MCQSettings: Sendable {
    public var task: String
    public var format: PromptFormat
    public var conditions: [Condition]
    public var scorings: [ScoringMethod]
    public var shots: Int
    public var sampler: FewShotSampler
    /// Seeds the random perturbations and the seeded shot sampler.
    public var seed: UInt64
    /// The chat turn each context is rendered in (lm-evaluation-harness `--apply_chat_template`), or
    /// nil for plain text.
    public var chat: ChatTurn?

    public init(task: String, format: PromptFormat = .mmlu, conditions: [Condition], scorings: [ScoringMethod],
                shots: Int = 0, sampler: FewShotSampler = .firstN, seed: UInt64 = 0, chat: ChatTurn? = nil) {
        self.task = task
        self.format = format
        self.conditions = conditions
        self.scorings = scorings
        self.shots = shots
        self.sampler = sampler
        self.seed = seed
        self.chat = chat
    }

    /// The request kinds the scorings need.
    public var kinds: [RequestKind] { Set(scorings.flatMap(\.kinds)).sorted() }

    /// Throws when a scoring cannot apply to the format (symbol and hybrid need listed choices).
    public func validate() throws {
        if format == .cloze, let listed = scorings.first(where: { $0 == .symbol || $0 == .hybrid }) {
            throw EvaluationError.unsupported("scoring '\(listed.rawValue)' needs the choices listed in the prompt; use format \"mmlu\" or \"study\", or the cloze scorings (cloze, cloze_norm, per_token, per_byte, pmi) with format \"cloze\"")
        }
        if conditions.isEmpty { throw EvaluationError.unsupported("give at least one condition, e.g. [\"original\"]") }
        if shots < 0 { throw EvaluationError.unsupported("shots is \(shots); give 0 or more") }
    }
}

/// The prompts of one item under one condition, before scoring.
public struct PreparedItem: Sendable {
    public var index: Int
    public var condition: String
    public var presented: PresentedItem
    public var contexts: [RequestKind: String]
    /// What goes between a context and a scored text: " ", or nothing after a chat turn.
    public var delimiter: String

    /// The requests of every (kind, slot), kinds in `RequestKind` order, slots in order.
    public var requests: [(kind: RequestKind, slot: Int, request: LoglikelihoodRequest)] {
        contexts.keys.sorted().flatMap { kind in
            presented.order.indices.map { slot in
                (kind, slot, LoglikelihoodRequest(context: contexts[kind]!, continuation: MCQPrompt.continuation(kind, presented, slot: slot, delimiter: delimiter)))
            }
        }
    }
}

/// Multiple-choice evaluation: items × conditions → prompts → log-likelihoods → per-item records.
public enum MCQEvaluation {
    /// The prompts of `item` (dataset position `index`) under `condition`: shots drawn from `pool`
    /// (each shot presented under the same condition, without injection), contexts of `kinds`.
    public static func prepare(_ item: MCQItem, index: Int, condition: Condition, settings: MCQSettings,
                               pool: [MCQItem], kinds: [RequestKind]) throws -> PreparedItem {
        let style = PromptStyle(format: settings.format)
        let presented = try PresentedItem(item, style: style).applying(condition, seed: settings.seed)
        var shotCondition = condition
        shotCondition.steps.removeAll { if case .inject = $0.perturbation { true } else { false } }
        let shots = try settings.sampler.shots(for: item, k: settings.shots, pool: pool, seed: settings.seed).map {
            try PresentedItem($0, style: style).applying(shotCondition, seed: settings.seed)
        }
        var contexts: [RequestKind: String] = [:]
        for kind in kinds {
            let text = MCQPrompt.context(kind, presented, shots: shots)
            // The unconditional context stays empty: PMI compares with the continuation alone.
            contexts[kind] = kind == .unconditional ? text : settings.chat.map { $0.render(text) } ?? text
        }
        return PreparedItem(index: index, condition: condition.name, presented: presented, contexts: contexts,
                            delimiter: settings.chat == nil ? " " : "")
    }

    /// Every record of one model: each item under each condition, scored for `settings.scorings`
    /// (requests shared between conditions or scorings are scored once).
    public static func run(_ scorer: LoglikelihoodScorer, model: String, items: [MCQItem], pool: [MCQItem],
                           settings: MCQSettings) throws -> [ItemRecord] {
        try settings.validate()
        let kinds = settings.kinds
        var prepared: [PreparedItem] = []
        for condition in settings.conditions {
            for (index, item) in items.enumerated() {
                prepared.append(try prepare(item, index: index, condition: condition, settings: settings, pool: pool, kinds: kinds))
            }
        }
        let requests = prepared.map(\.requests)
        let results = try scorer.score(requests.flatMap { $0.map(\.request) })
        var cursor = 0
        return zip(prepared, requests).map { item, itemRequests in
            let p = item.presented
            var choices = p.order.indices.map { slot in
                ChoiceRecord(slot: slot, label: p.labels[slot], original: p.order[slot], text: p.text(slot))
            }
            for entry in itemRequests {
                let result = results[cursor]
                cursor += 1
                choices[entry.slot].scores[entry.kind] = ScoredContinuation(
                    continuation: entry.request.continuation, logLikelihood: result.logLikelihood, isGreedy: result.isGreedy,
                    tokens: result.tokens)
            }
            return ItemRecord(model: model, task: settings.task, condition: item.condition, index: item.index,
                              itemID: p.item.id, itemHash: p.item.contentHash, subject: p.item.subject, gold: p.gold,
                              injected: p.injectedSlot, contexts: item.contexts, choices: choices)
        }
    }
}
