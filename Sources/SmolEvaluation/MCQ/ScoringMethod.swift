/// How an answer is chosen from an item's per-choice records (arXiv 2402.01781 §3; lm-evaluation-harness
/// `process_results` for multiple choice). Every method is an argmax over the choices' scores; ties go
/// to the first slot (NumPy's `argmax`).
public enum ScoringMethod: String, CaseIterable, Sendable {
    /// Choices listed; the label's log-likelihood (" A"): MMLU's default, lm-evaluation-harness `acc`.
    case symbol
    /// Choices not listed; the summed log-likelihood of " text" (`acc` of a cloze task).
    case cloze
    /// Cloze, divided by the choice text's length in characters (lm-evaluation-harness `acc_norm`).
    case clozeNorm = "cloze_norm"
    /// Cloze, divided by the continuation's token count.
    case perToken = "per_token"
    /// Cloze, divided by the choice text's UTF-8 bytes.
    case perByte = "per_byte"
    /// Cloze minus the unconditional log-likelihood of the same continuation (`acc_mutual_info`).
    case pmi
    /// Choices listed; " text" scored, divided by the text's length in characters (the study's hybrid).
    case hybrid

    /// The request kinds the method reads.
    public var kinds: [RequestKind] {
        switch self {
        case .symbol: [.symbol]
        case .cloze, .clozeNorm, .perToken, .perByte: [.cloze]
        case .pmi: [.cloze, .unconditional]
        case .hybrid: [.hybrid]
        }
    }

    /// The name in lm-evaluation-harness-shaped results (`acc_symbol`, `acc_cloze_norm`, …).
    public var metricName: String { "acc_" + rawValue }

    /// The score of one choice, or nil when its records lack a kind the method reads.
    public func score(_ choice: ChoiceRecord) -> Double? {
        let length = Double(max(choice.text.unicodeScalars.count, 1))
        switch self {
        case .symbol: return choice.scores[.symbol]?.logLikelihood
        case .cloze: return choice.scores[.cloze]?.logLikelihood
        case .clozeNorm: return choice.scores[.cloze].map { $0.logLikelihood / length }
        case .perToken: return choice.scores[.cloze].map { $0.logLikelihood / Double(max($0.tokens, 1)) }
        case .perByte: return choice.scores[.cloze].map { $0.logLikelihood / Double(max(choice.text.utf8.count, 1)) }
        case .pmi:
            guard let conditional = choice.scores[.cloze], let unconditional = choice.scores[.unconditional] else { return nil }
            return conditional.logLikelihood - unconditional.logLikelihood
        case .hybrid: return choice.scores[.hybrid].map { $0.logLikelihood / length }
        }
    }

    /// Parses a list of names.
    public static func parse(_ names: [String]) throws -> [ScoringMethod] {
        try names.map { name in
            guard let method = ScoringMethod(rawValue: name) else {
                throw EvaluationError.unknownName(kind: "scoring", name: name, known: allCases.map(\.rawValue))
            }
            return method
        }
    }
}

extension ItemRecord {
    /// The slot `method` picks, or nil when the records lack what it needs.
    public func predict(_ method: ScoringMethod) -> Int? {
        var best: (slot: Int, score: Double)?
        for choice in choices {
            guard let score = method.score(choice) else { return nil }
            if best == nil || score > best!.score { best = (choice.slot, score) }
        }
        return best?.slot
    }

    /// Whether `method` picks the correct slot (nil when it cannot be computed).
    public func correct(_ method: ScoringMethod) -> Bool? { predict(method).map { $0 == gold } }
}
