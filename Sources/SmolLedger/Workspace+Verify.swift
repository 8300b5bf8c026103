import Foundation
import SmolCore

/// What `smol ledger verify` found: the store's problems, and the state of external inputs.
public struct VerifyReport: Sendable, Equatable {
    /// Stored objects that are missing, unreadable or whose bytes no longer hash to their name.
    public var mismatches: [Mismatch]
    /// External inputs (recorded by hash, not copied into the store) whose source file still hashes as recorded.
    public var externalUnchanged: Int
    /// External inputs whose source file now holds other bytes (`actual` is the new hash).
    public var externalChanged: [Mismatch]
    /// External inputs that could not be checked: no recorded source path, or the file is gone.
    public var externalUnchecked: Int

    /// Whether the store is sound (external inputs are reported but do not make it unsound).
    public var storeIsSound: Bool { mismatches.isEmpty }
}

extension Workspace {
    /// Re-hashes every stored object, lists every object the ledger references that the store lacks
    /// (Store invariant 5), and re-hashes external inputs whose source path still exists.
    public func verify() throws -> VerifyReport {
        let mismatches = try store.verify(expecting: Set(try ledger.storedArtifactHashes()))
        var report = VerifyReport(mismatches: mismatches, externalUnchanged: 0, externalChanged: [], externalUnchecked: 0)
        for (ref, source) in try ledger.externalArtifacts() {
            guard let source, FileManager.default.fileExists(atPath: source) else {
                report.externalUnchecked += 1
                continue
            }
            let actual = try? FileDigest(ofFileAt: source).sha256
            if actual == ref.sha256 {
                report.externalUnchanged += 1
            } else {
                report.externalChanged.append(Mismatch(expected: ref.sha256, actual: actual, path: source,
                                                       reason: actual == nil ? "input unreadable" : "input changed"))
            }
        }
        return report
    }
}
