import SmolCore

/// The texts a multiple-choice item is scored with, lm-evaluation-harness style: a context of
/// description, shots (each followed by a blank line) and the question, ending in "Answer:", and a
/// continuation of the target delimiter " " plus the scored text.
public enum MCQPrompt {
    /// The question with its choices listed, ending in "Answer:" (no trailing space).
    public static func listedQuestion(_ p: PresentedItem) -> String {
        var text = p.style.questionPrefix + p.item.question.trimmingSpaces + "\n"
        if p.style.choicesHeader { text += "Choices:\n" }
        for slot in p.lineOrder { text += "\(p.labels[slot]). \(p.text(slot))\n" }
        return text + p.style.answerCue
    }

    /// The question without its choices, ending in "Answer:".
    public static func clozeQuestion(_ p: PresentedItem) -> String {
        p.style.questionPrefix + p.item.question.trimmingSpaces + "\n" + p.style.answerCue
    }

    /// The context in which `kind` continuations of `p` are scored: description, the shots (answered
    /// as `kind` answers: a label for symbol, the text for hybrid and cloze), the injected test item if
    /// any, then the question. Unconditional requests have an empty context.
    public static func context(_ kind: RequestKind, _ p: PresentedItem, shots: [PresentedItem]) -> String {
        guard kind != .unconditional else { return "" }
        var text = p.style.descriptionLine(subject: p.item.subject)
        for shot in shots { text += answered(kind, shot, slot: shot.gold) + "\n\n" }
        if let injected = p.injectedSlot { text += answered(kind, p, slot: injected) + "\n\n" }
        return text + (kind == .cloze ? clozeQuestion(p) : listedQuestion(p))
    }

    /// The scored continuation of `slot`: " A" for symbol, " text" otherwise (the target delimiter is
    /// one space, lm-evaluation-harness `target_delimiter`; empty when the context is a chat turn).
    public static func continuation(_ kind: RequestKind, _ p: PresentedItem, slot: Int, delimiter: String = " ") -> String {
        delimiter + (kind == .symbol ? p.labels[slot] : p.text(slot))
    }

    /// A shot: its question and the answer in `slot`.
    static func answered(_ kind: RequestKind, _ p: PresentedItem, slot: Int) -> String {
        (kind == .cloze ? clozeQuestion(p) : listedQuestion(p)) + continuation(kind, p, slot: slot)
    }
}

/// Which continuations of an item are scored, and against which context.
public enum RequestKind: String, CaseIterable, Sendable, Comparable {
    /// Choices listed; the label scored (" A").
    case symbol
    /// Choices listed; the choice text scored (" text").
    case hybrid
    /// Choices not listed; the choice text scored.
    case cloze
    /// No context at all (a BOS/EOS token); the choice text scored: the denominator of PMI.
    case unconditional

    public static func < (a: RequestKind, b: RequestKind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// How the shots of a k-shot prompt are chosen from a pool (a dev split).
public enum FewShotSampler: String, CaseIterable, Sendable {
    /// The first k pool items (lm-evaluation-harness `first_n`, MMLU's default).
    case firstN = "first_n"
    /// k pool items drawn per test item from `CounterRNG(seed, stream: stableHash("fewshot", item id))`.
    case seeded

    /// The shots for `item`: pool items of its subject when the pool has any (MMLU's per-subject dev
    /// sets), else of the whole pool; never an item with the same question.
    public func shots(for item: MCQItem, k: Int, pool: [MCQItem], seed: UInt64) -> [MCQItem] {
        guard k > 0, !pool.isEmpty else { return [] }
        let others = pool.filter { $0.question != item.question }
        let sameSubject = item.subject.isEmpty ? [] : others.filter { $0.subject == item.subject }
        let candidates = sameSubject.isEmpty ? others : sameSubject
        switch self {
        case .firstN: return Array(candidates.prefix(k))
        case .seeded:
            let order = CounterRNG(seed: seed, stream: stableHash("fewshot\u{1F}\(item.id)")).permutation(candidates.count)
            return order.prefix(k).map { candidates[$0] }
        }
    }
}

extension String {
    /// Without leading and trailing spaces and newlines (Python's `str.strip()` of MMLU's `question.strip()`).
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
