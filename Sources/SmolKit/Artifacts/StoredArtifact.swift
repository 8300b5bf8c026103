import Foundation
import SmolCore
import SmolLedger
import SmolScript

/// A value that lives in the artifact store as one kind of artifact: how it is written and read back.
///
/// This is the one pattern by which commands read handle arguments (`context.load("dataset")`) and
/// write results (`context.output(dataset)`), whatever the kind; the payload decoded from a handle is
/// kept on it, so a handle answered from the ledger's cache is decoded once, when first used.
protocol StoredArtifact {
    /// The kind of its artifacts (and of script handles to them).
    static var artifactKind: ArtifactKind { get }
    /// Decodes the artifact behind `handle` from the session's store.
    static func load(from handle: ArtifactHandle, session: Session) throws -> Self
    /// Writes the value into the store, with `extra` fields added to the artifact's metadata; returns
    /// the reference, a one-line summary and the properties scripts read.
    func store(in context: CommandContext, metadata extra: [(String, JSONValue)]) throws -> StoredForm
}

/// What storing a value produced: its artifact and how its script handle describes it.
struct StoredForm {
    var ref: ArtifactRef
    /// e.g. `dataset arc-like 200 records (multiple_choice)`; the hash prefix is appended.
    var summary: String
    /// Properties scripts read from the handle (`d.count`, `m.parameters`).
    var properties: [(String, Value)] = []
}

extension Session {
    /// The value behind `handle`, decoded from the store on first use and kept as the handle's payload.
    func load<T: StoredArtifact>(_ handle: ArtifactHandle, as type: T.Type = T.self) throws -> T {
        try handle.payload(as: Box<T>.self) { _ in Box(try T.load(from: handle, session: self)) }.value
    }
}

extension CommandContext {
    /// The value behind the handle argument `name`, which must be of `T`'s kind.
    func load<T: StoredArtifact>(_ name: String, as type: T.Type = T.self) throws -> T {
        try load(try artifact(name, kind: T.artifactKind), as: type)
    }

    /// The value behind the optional handle argument `name`, or nil when it is left out.
    func loadIfGiven<T: StoredArtifact>(_ name: String, as type: T.Type = T.self) throws -> T? {
        if case .null = self[name] { return nil }
        return try load(name, as: type)
    }

    /// The value behind `handle`, decoded from the store on first use.
    func load<T: StoredArtifact>(_ handle: ArtifactHandle, as type: T.Type = T.self) throws -> T {
        try session.load(handle, as: type)
    }

    /// Stores `value` as an output of the command (`extra` joins its metadata) and returns its handle,
    /// which holds `value` as its payload.
    func output<T: StoredArtifact>(_ value: T, metadata extra: [(String, JSONValue)] = []) throws -> ArtifactHandle {
        let form = try value.store(in: self, metadata: extra)
        return output(form.ref, summary: form.summary, properties: form.properties, payload: Box(value))
    }

    /// A scratch folder in the workspace for staging files, removed by the caller.
    func stagingFolder(_ prefix: String) -> String {
        session.workspace.root + "/tmp/\(prefix)-\(UUID().uuidString)"
    }
}
