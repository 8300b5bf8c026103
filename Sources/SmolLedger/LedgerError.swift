import Foundation

/// Everything that can go wrong in the ledger and the artifact store.
///
/// Messages read `path: what, and how to fix`.
public enum LedgerError: Error, CustomStringConvertible, Equatable {
    /// SQLite refused a statement.
    case sqlite(path: String, sql: String, code: Int32, message: String)
    /// The ledger was written by a newer smol than this one.
    case schemaTooNew(path: String, found: Int, supported: Int)
    /// An object is not in the store.
    case missingObject(sha256: String, path: String)
    /// A file could not be read or written.
    case io(path: String, reason: String)
    /// A JSON text could not be parsed.
    case invalidJSON(text: String, reason: String)
    /// A tree manifest is malformed or names an unsafe path.
    case invalidTree(sha256: String, reason: String)
    /// A name (table, tree entry) is not allowed.
    case invalidName(String, reason: String)
    /// No command with that id.
    case unknownCommand(Int64)
    /// No session with that id.
    case unknownSession(Int64)
    /// No artifact with that hash in the ledger.
    case unknownArtifact(String)
    /// The ledger was used after `Ledger.close()`.
    case closed(path: String)

    /// The message, in the form `path: error: what, and how to fix`.
    public var description: String {
        switch self {
        case let .sqlite(path, sql, code, message):
            let oneLine = sql.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            return "\(path): error: SQLite \(code) '\(message)' in `\(oneLine)`, and if the database is locked by another smol, wait for it or retry"
        case let .schemaTooNew(path, found, supported):
            return "\(path): error: ledger schema version \(found) is newer than this smol supports (\(supported)); upgrade smol"
        case let .missingObject(sha256, path):
            return "\(path): error: object \(sha256) is missing from the artifact store; re-run the command that made it or restore the workspace"
        case let .io(path, reason):
            return "\(path): error: \(reason)"
        case let .invalidJSON(text, reason):
            let shown = text.count > 80 ? String(text.prefix(80)) + "…" : text
            return "error: invalid JSON (\(reason)) in `\(shown)`; pass canonical JSON"
        case let .invalidTree(sha256, reason):
            return "\(sha256): error: not a valid tree artifact: \(reason)"
        case let .invalidName(name, reason):
            return "error: invalid name '\(name)': \(reason)"
        case let .unknownCommand(id):
            return "error: no command \(id) in the ledger; list them with `smol ledger commands`"
        case let .unknownSession(id):
            return "error: no session \(id) in the ledger; list them with `smol ledger sessions`"
        case let .unknownArtifact(sha):
            return "error: no artifact \(sha) in the ledger; list them with `smol ledger artifacts`"
        case let .closed(path):
            return "\(path): error: the ledger is closed (its session ended); open the workspace again"
        }
    }
}
