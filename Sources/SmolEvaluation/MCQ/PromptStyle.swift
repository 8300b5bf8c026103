/// How a multiple-choice question is laid out.
public enum PromptFormat: String, CaseIterable, Sendable {
    /// lm-evaluation-harness's MMLU: `question\nA. …\nB. …\nAnswer:` after the subject line.
    case mmlu
    /// The sensitivity study's (arXiv 2402.01781): `Question: question\nChoices:\nA. …\nAnswer:`.
    case study
    /// No choices listed: `Question: question\nAnswer:`, each choice's text scored as the continuation
    /// (only the cloze family of scorings applies).
    case cloze
}

/// A prompt layout: the format and the details the prompt-edit perturbations change.
public struct PromptStyle: Sendable, Equatable {
    public var format: PromptFormat
    /// The subject line "The following are multiple choice questions (with answers) about {subject}."
    public var description: Bool
    /// A "Choices:" line before the listed choices (the study's format has it, MMLU's does not).
    public var choicesHeader: Bool
    /// An extra space before "Answer:" (`…\n Answer:`).
    public var extraSpace: Bool
    /// The label of each slot (A, B, C, D by default).
    public var labels: [String]

    public init(format: PromptFormat, description: Bool = true, choicesHeader: Bool? = nil, extraSpace: Bool = false,
                labels: [String] = SymbolSet.letters.symbols(10)) {
        self.format = format
        self.description = description
        self.choicesHeader = choicesHeader ?? (format == .study)
        self.extraSpace = extraSpace
        self.labels = labels
    }

    /// "Question: " before the question (study and cloze formats), nothing for MMLU's.
    var questionPrefix: String { format == .mmlu ? "" : "Question: " }

    /// The line that ends every question, after which the answer is scored.
    var answerCue: String { extraSpace ? " Answer:" : "Answer:" }

    /// The subject line and blank line that open a prompt (lm-evaluation-harness `description`).
    func descriptionLine(subject: String) -> String {
        guard description else { return "" }
        let about = subject.isEmpty ? "" : " about \(subject)"
        return "The following are multiple choice questions (with answers)\(about).\n\n"
    }
}

/// A set of choice labels.
public enum SymbolSet: Sendable, Hashable {
    /// A, B, C, D, …
    case letters
    /// 1, 2, 3, 4, …
    case numbers
    /// a, b, c, d, …
    case lowercase
    /// $, &, #, @, then %, *, +, = (symbols that are rarely answer labels).
    case rare
    /// Labels given by the user, e.g. "symbols:α|β|γ|δ".
    case custom([String])

    static let rareSymbols = ["$", "&", "#", "@", "%", "*", "+", "="]

    /// The first `count` labels, or nil when the set has fewer.
    public func symbols(_ count: Int) -> [String] {
        switch self {
        case .letters: return (0..<count).map { String(UnicodeScalar(UInt8(65 + $0 % 26))) }
        case .numbers: return (1...max(count, 1)).prefix(count).map(String.init)
        case .lowercase: return (0..<count).map { String(UnicodeScalar(UInt8(97 + $0 % 26))) }
        case .rare: return Array(Self.rareSymbols.prefix(count))
        case .custom(let labels): return Array(labels.prefix(count))
        }
    }

    /// How many labels the set has (nil: as many as needed).
    var capacity: Int? {
        switch self {
        case .letters, .lowercase: return 26
        case .numbers: return nil
        case .rare: return Self.rareSymbols.count
        case .custom(let labels): return labels.count
        }
    }
}
