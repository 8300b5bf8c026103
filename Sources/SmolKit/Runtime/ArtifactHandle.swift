import SmolLedger
import SmolScript

/// A script-visible handle to an artifact in the store: a dataset, model, tokenizer, table…
///
/// The decoded object (`payload`) is loaded lazily from the store the first time a command needs it,
/// so a handle answered from the ledger's cache costs nothing until it is used.
public final class ArtifactHandle: Handle {
    public let ref: ArtifactRef
    public let summary: String
    /// Extra named properties scripts can read (`d.count`, `m.parameters`).
    public let properties: Record
    /// The decoded artifact, once loaded.
    public var payload: AnyObject?

    public init(ref: ArtifactRef, summary: String, properties: Record = Record()) {
        self.ref = ref
        self.summary = summary
        self.properties = properties
    }

    /// The artifact's kind as scripts see it ("dataset", "model", …).
    public var kind: String { ref.kind.rawValue }
    /// The artifact's kind.
    public var artifactKind: ArtifactKind { ref.kind }
    public var hash: String { ref.sha256 }

    public func property(_ name: String) -> Value? { properties[name] }

    /// The payload decoded by `load` on first use.
    public func payload<T: AnyObject>(as type: T.Type, load: (ArtifactRef) throws -> T) throws -> T {
        if let cached = payload as? T { return cached }
        let value = try load(ref)
        payload = value
        return value
    }
}

extension ValueType {
    /// A handle of an artifact kind, as a parameter or return type (`.handle(.dataset)`).
    public static func handle(_ kind: ArtifactKind) -> ValueType { .handle(kind.rawValue) }
}

/// A Swift value boxed so it can be a handle's payload.
public final class Box<T> {
    public let value: T
    public init(_ value: T) { self.value = value }
}
