/// Errors of the evaluation module; each message says what is wrong and how to fix it.
public enum EvaluationError: Error, CustomStringConvertible, Equatable {
    /// A record that cannot be read as the task's item (index in the dataset, what is missing).
    case invalidItem(index: Int, String)
    /// A perturbation, scoring, format, task or sampler name that does not exist.
    case unknownName(kind: String, name: String, known: [String])
    /// A combination that cannot be evaluated (say, symbol scoring of a cloze prompt).
    case unsupported(String)
    /// Stored records lack what a scoring needs (rescoring offline).
    case missingRecords(String)
    /// A result file that cannot be read back.
    case malformedResult(String)
    /// The user asked to stop.
    case cancelled

    public var description: String {
        switch self {
        case .invalidItem(let index, let what): "item \(index): \(what)"
        case .unknownName(let kind, let name, let known):
            "unknown \(kind) '\(name)'; use one of \(known.joined(separator: ", "))"
        case .unsupported(let what): what
        case .missingRecords(let what): what
        case .malformedResult(let what): "malformed evaluation result: \(what)"
        case .cancelled: "cancelled"
        }
    }
}
