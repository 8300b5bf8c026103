/// A content-addressed artifact as a command sees it: hash, kind, size, metadata, and the role name.
public struct ArtifactRef: Hashable, Sendable, Codable {
    /// SHA-256 (64 lowercase hex) of the artifact's raw bytes.
    public var sha256: String
    /// What the bytes are: a dataset, a model, a tokenizer, a file…
    public var kind: ArtifactKind
    /// Size of the raw bytes.
    public var bytes: Int64
    /// Free-form JSON metadata (canonical preferred).
    public var metadataJSON: String
    /// The role name on an edge, e.g. `path`, `model`; nil outside a command.
    public var name: String?

    /// Makes a reference.
    public init(sha256: String, kind: ArtifactKind, bytes: Int64, metadataJSON: String = "{}", name: String? = nil) {
        self.sha256 = sha256
        self.kind = kind
        self.bytes = bytes
        self.metadataJSON = metadataJSON
        self.name = name
    }

    /// The same reference with a role name.
    public func named(_ name: String?) -> ArtifactRef {
        var copy = self
        copy.name = name
        return copy
    }
}

/// Whether a command read or wrote an artifact.
public enum EdgeRole: String, Sendable, Codable {
    /// The command read the artifact.
    case input
    /// The command wrote the artifact.
    case output
}

/// One lineage edge: a command read or wrote an artifact under a role name.
public struct Edge: Sendable, Hashable {
    /// The command.
    public var commandID: Int64
    /// The artifact (with `name` set to the edge's name).
    public var artifact: ArtifactRef
    /// input or output.
    public var role: EdgeRole

    /// Makes an edge.
    public init(commandID: Int64, artifact: ArtifactRef, role: EdgeRole) {
        self.commandID = commandID
        self.artifact = artifact
        self.role = role
    }
}

/// An object whose bytes do not hash to its name, or that is missing or unreadable.
public struct Mismatch: Sendable, Hashable {
    /// The name the object is stored (or referenced) under.
    public var expected: String
    /// The hash of its bytes now; nil when the object is missing or unreadable.
    public var actual: String?
    /// Where the object lives (or should live).
    public var path: String
    /// Short reason: `hash mismatch`, `missing`, `unreadable: …`.
    public var reason: String

    /// Makes a mismatch report.
    public init(expected: String, actual: String?, path: String, reason: String) {
        self.expected = expected
        self.actual = actual
        self.path = path
        self.reason = reason
    }
}
