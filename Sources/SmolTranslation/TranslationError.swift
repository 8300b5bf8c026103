/// Everything SmolTranslation throws; messages say what is wrong and how to fix it (no "error:"
/// prefix: the script runner adds its own).
public enum TranslationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// An argument outside what the operation accepts.
    case invalidArgument(String)
    /// A stored segments or translations artifact that does not parse.
    case malformed(what: String, line: Int, String)
    /// The decoding store could not be read or written.
    case store(path: String, String)
    /// The run was stopped (Ctrl-C); finished segments are stored and a rerun resumes after them.
    case cancelled

    public var description: String {
        switch self {
        case .invalidArgument(let message): message
        case let .malformed(what, line, message): "\(what) line \(line): \(message); the artifact is corrupt (run `smol ledger verify`)"
        case let .store(path, message): "\(path): \(message)"
        case .cancelled: "cancelled; the finished segments are stored and running the command again resumes after them"
        }
    }
}
