/// Errors raised by smol's commands; the interpreter prefixes them with the call's `file:line:col`.
public enum SmolKitError: Error, CustomStringConvertible {
    case argument(String, String)
    case fileNotFound(String)
    case invalid(String)
    case cancelled
    case missingArtifact(String)

    public var description: String {
        switch self {
        case .argument(let name, let what): "argument '\(name)': \(what)"
        case .fileNotFound(let path): "no such file '\(path)'; check the path (relative paths start at the script's folder)"
        case .invalid(let message): message
        case .cancelled: "cancelled"
        case .missingArtifact(let hash):
            "artifact \(hash.prefix(12)) is not in the store; run `smol ledger verify` or re-run the command with --no-cache"
        }
    }
}
