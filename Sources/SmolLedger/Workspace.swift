import Foundation

/// A smol workspace folder: `ledger.sqlite` plus the content-addressed `objects/` store.
public final class Workspace: Sendable {
    /// The workspace folder.
    public let root: String
    /// The SQLite ledger at `root/ledger.sqlite`.
    public let ledger: Ledger
    /// The object store at `root/objects`.
    public let store: ArtifactStore

    /// Opens a workspace, creating the folder, `objects/` and `ledger.sqlite` and migrating as needed.
    public init(root: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        } catch {
            throw LedgerError.io(path: root, reason: "cannot create the workspace folder (\(error.localizedDescription)); check permissions")
        }
        self.root = root
        store = try ArtifactStore(root: root)
        ledger = try Ledger(path: root + "/ledger.sqlite", store: store)
    }
}
