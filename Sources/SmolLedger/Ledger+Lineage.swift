/// One artifact in a lineage tree: the command that made it and, recursively, that command's inputs.
public struct LineageNode: Sendable, Equatable {
    /// The artifact (with `name` set to the edge name under which the parent command read it).
    public var artifact: ArtifactRef
    /// The command that produced it; nil for an external input (a file nobody in the ledger made).
    public var producer: CommandRecord?
    /// The lineage of the producer's inputs, in recording order.
    public var inputs: [LineageNode]
    /// True when this artifact already appears elsewhere in the tree (or would close a cycle), so it
    /// is not expanded again.
    public var isRepeat: Bool
    /// Whether the artifact's bytes are in the workspace's store (false for an input recorded by hash only).
    public var isStored: Bool = false
}

/// Lineage queries: who made an artifact, and from what.
extension Ledger {
    /// The command that produced an artifact: the earliest ok command that output it, else the earliest
    /// command of any status that did (e.g. a cached one); nil if nothing in the ledger output it.
    public func producer(of sha256: String) throws -> CommandRecord? {
        try lock.withLock {
            guard let id = try producerID(of: sha256) else { return nil }
            return try loadCommands(where: "c.id = ?", [.integer(id)]).first
        }
    }

    func producerID(of sha256: String) throws -> Int64? {
        try db.query("""
            SELECT c.id FROM edges e JOIN commands c ON c.id = e.command_id
            WHERE e.artifact_sha256 = ? AND e.role = 'output'
            ORDER BY c.status = 'ok' DESC, c.id LIMIT 1
            """, [.text(sha256)]) { $0.int64(0) }.first
    }

    /// The artifact, the command that made it, that command's inputs, and so on back to external inputs.
    /// Each artifact is expanded once; later occurrences (and cycles) are marked `isRepeat`.
    public func lineage(of sha256: String) throws -> LineageNode {
        try lock.withLock {
            guard let ref = try db.query("SELECT sha256, kind, bytes, metadata_json FROM artifacts WHERE sha256 = ?",
                                         [.text(sha256)], {
                ArtifactRef(sha256: $0.text(0), kind: ArtifactKind($0.text(1)), bytes: $0.int64(2), metadataJSON: $0.text(3))
            }).first else { throw LedgerError.unknownArtifact(sha256) }
            var expanded = Set<String>()
            return try lineageNode(ref, expanded: &expanded)
        }
    }

    private func lineageNode(_ ref: ArtifactRef, expanded: inout Set<String>) throws -> LineageNode {
        guard expanded.insert(ref.sha256).inserted else {
            return LineageNode(artifact: ref, producer: nil, inputs: [], isRepeat: true, isStored: try isStored(ref.sha256))
        }
        guard let id = try producerID(of: ref.sha256), let command = try loadCommands(where: "c.id = ?", [.integer(id)]).first else {
            return LineageNode(artifact: ref, producer: nil, inputs: [], isRepeat: false, isStored: try isStored(ref.sha256))
        }
        var inputs: [LineageNode] = []
        for input in command.inputs { inputs.append(try lineageNode(input, expanded: &expanded)) }
        return LineageNode(artifact: ref, producer: command, inputs: inputs, isRepeat: false, isStored: try isStored(ref.sha256))
    }

    /// Whether the ledger records the artifact as living in the store.
    private func isStored(_ sha256: String) throws -> Bool {
        try db.query("SELECT store_path IS NOT NULL FROM artifacts WHERE sha256 = ?", [.text(sha256)]) { $0.int(0) != 0 }.first ?? false
    }
}
