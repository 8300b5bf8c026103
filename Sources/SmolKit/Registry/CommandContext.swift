import Foundation
import SmolCore
import SmolLedger
import SmolScript

/// What a running command sees: its bound arguments, the workspace, and the ledger entries it adds.
///
/// A command records what it reads (`input…`) and writes (`output…`) here; the runner turns these into
/// lineage edges and writes them, with the command row and its metrics, in one ledger transaction.
public final class CommandContext {
    public let invocation: CommandInvocation
    public let session: Session
    private(set) var inputs: [ArtifactRef] = []
    private(set) var outputs: [ArtifactRef] = []
    private(set) var metrics: [MetricPoint] = []
    private(set) var tables: [TableSpec] = []
    private(set) var figures: [FigureSpec] = []
    /// What `print` wrote, kept with the command so a cached answer repeats it.
    private(set) var printed: [String] = []
    /// The call's cache key (nil when it has none): what identifies "the same run" across sessions, so a
    /// training command keys its checkpoints by it.
    public internal(set) var cacheKey: String?
    /// Where a training command keeps its checkpoint when not in the workspace's default place
    /// (`train.resume` of a checkpoint file the user names).
    var checkpointFolder: String?
    /// Parameters the command derived from its arguments (recorded with them, see `CommandRunner` invariant 7).
    private(set) var derivedParameters: [(String, JSONValue)] = []
    /// Run after the command's ledger row is committed (`CommandRunner` invariant 8).
    private(set) var commitActions: [() -> Void] = []
    /// Fingerprints of the path arguments (with their files' digests), computed once for the cache key
    /// and reused by `input(fileAt:)` and `input(pathAt:)`.
    let fingerprints: [String: PathFingerprint.Result]
    /// The digests of those files by path.
    private let fileDigests: [String: FileDigest]

    init(invocation: CommandInvocation, session: Session, fingerprints: [String: PathFingerprint.Result] = [:]) {
        self.invocation = invocation
        self.session = session
        self.fingerprints = fingerprints
        var digests: [String: FileDigest] = [:]
        for fingerprint in fingerprints.values { for file in fingerprint.files { digests[file.path] = file.digest } }
        fileDigests = digests
    }

    /// The workspace's content-addressed store.
    public var store: ArtifactStore { session.workspace.store }

    /// Threads the engine may use for this command.
    public var threads: Int { session.options.threads }

    /// True once the user asked to stop; long loops poll it and throw `SmolKitError.cancelled`.
    public var isCancelled: Bool { invocation.isCancelled() }

    /// Throws when the user pressed Ctrl-C.
    public func checkCancellation() throws {
        if isCancelled { throw SmolKitError.cancelled }
    }

    /// Writes a line to the session's output (the terminal, or a test's buffer); the ledger keeps it with
    /// the command, and a later cached answer prints it again.
    public func print(_ text: String) {
        printed.append(text)
        session.output(text)
    }

    // MARK: Arguments

    /// The bound value of an argument.
    public subscript(name: String) -> Value { invocation[name] }

    public func string(_ name: String) throws -> String {
        guard case .string(let s) = self[name] else { throw SmolKitError.argument(name, "expected a String") }
        return s
    }

    public func optionalString(_ name: String) throws -> String? {
        if case .null = self[name] { return nil }
        return try string(name)
    }

    public func number(_ name: String) throws -> Double {
        guard case .number(let x) = self[name] else { throw SmolKitError.argument(name, "expected a Number") }
        return x
    }

    public func optionalNumber(_ name: String) throws -> Double? {
        if case .null = self[name] { return nil }
        return try number(name)
    }

    public func integer(_ name: String) throws -> Int {
        let x = try number(name)
        guard x == x.rounded(), abs(x) < 9e15 else { throw SmolKitError.argument(name, "expected an integer, got \(x)") }
        return Int(x)
    }

    public func optionalInteger(_ name: String) throws -> Int? {
        if case .null = self[name] { return nil }
        return try integer(name)
    }

    public func bool(_ name: String) throws -> Bool {
        guard case .bool(let b) = self[name] else { throw SmolKitError.argument(name, "expected a Bool") }
        return b
    }

    public func list(_ name: String) throws -> [Value] {
        guard case .list(let items) = self[name] else { throw SmolKitError.argument(name, "expected a list") }
        return items
    }

    /// A list argument whose items must be strings.
    public func strings(_ name: String) throws -> [String] {
        try list(name).map { value in
            guard case .string(let s) = value else { throw SmolKitError.argument(name, "expected strings, got \(value.displayText)") }
            return s
        }
    }

    /// A list-of-strings argument, or nil when it is left out.
    public func optionalStrings(_ name: String) throws -> [String]? {
        if case .null = self[name] { return nil }
        return try strings(name)
    }

    public func record(_ name: String) throws -> Record {
        switch self[name] {
        case .record(let r): return r
        case .null: return Record()
        default: throw SmolKitError.argument(name, "expected a record like [key: value]")
        }
    }

    /// A String argument declared with `choices:` (the resolver has checked it) as the case of `T` it names.
    public func choice<T: RawRepresentable & CaseIterable>(_ name: String, as type: T.Type = T.self) throws -> T
        where T.RawValue == String {
        let text = try string(name)
        guard let value = T(rawValue: text) else {
            throw SmolKitError.argument(name, "expected one of \(T.allCases.map(\.rawValue).joined(separator: ", ")), got '\(text)'")
        }
        return value
    }

    /// An optional String argument with choices, or nil when it is left out.
    public func optionalChoice<T: RawRepresentable & CaseIterable>(_ name: String, as type: T.Type = T.self) throws -> T?
        where T.RawValue == String {
        if case .null = self[name] { return nil }
        return try choice(name, as: type)
    }

    /// The artifact handle passed as `name`, which must be of `kind`.
    public func artifact(_ name: String, kind: ArtifactKind) throws -> ArtifactHandle {
        guard case .handle(let h) = self[name], let handle = h as? ArtifactHandle, handle.artifactKind == kind else {
            throw SmolKitError.argument(name, "expected a \(kind)")
        }
        return handle
    }

    /// A path argument resolved against the session's working directory.
    public func path(_ name: String) throws -> String {
        session.resolvePath(try string(name))
    }

    // MARK: Ledger entries

    /// Records a file the command reads as an input edge. Files up to `SessionOptions.storedInputLimit`
    /// bytes are copied into the store; larger ones (a multi-GB corpus) are recorded by hash, size and
    /// path only, as external inputs, so the workspace does not hold a second copy; `store: false`
    /// records any file that way.
    @discardableResult
    public func input(fileAt path: String, kind: ArtifactKind = .file, role: String? = nil, store copy: Bool = true) throws -> ArtifactRef {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = (attributes[.size] as? NSNumber)?.int64Value else { throw SmolKitError.fileNotFound(path) }
        let metadata = JSONValue.object([("source", .string(path))]).canonicalText()
        var ref: ArtifactRef
        if !copy || size > session.options.storedInputLimit {
            let digest = try fileDigests[path].flatMap { $0.bytes == size ? $0 : nil } ?? FileDigest(ofFileAt: path)
            ref = ArtifactRef(sha256: digest.sha256, kind: kind, bytes: digest.bytes, metadataJSON: metadata)
        } else {
            ref = try store.put(fileAt: path, kind: kind, metadataJSON: metadata)
        }
        ref.name = role
        inputs.append(ref)
        return ref
    }

    /// Records what a command reads from a path argument: the file (as `input(fileAt:)`), or every file
    /// of a folder by hash, size and path (in fingerprint order, roles `role/<name below the folder>`;
    /// not copied: a checkpoint folder's loaded form is the command's own output artifact).
    public func input(pathAt path: String, role: String) throws {
        let fingerprint: PathFingerprint.Result
        if let known = fingerprints[path] {
            fingerprint = known
        } else {
            do { fingerprint = try PathFingerprint.of(path: path) } catch { throw SmolKitError.invalid(error.description) }
        }
        guard fingerprint.isFolder else {
            try input(fileAt: path, role: role)
            return
        }
        for file in fingerprint.files { try input(fileAt: file.path, role: role + "/" + file.name, store: false) }
    }

    /// The path argument `name`, resolved, checked to exist and recorded as an input (`input(pathAt:)`,
    /// role `name`): what a command that loads a file or folder calls first.
    public func inputPath(_ name: String) throws -> String {
        let resolved = try path(name)
        guard FileManager.default.fileExists(atPath: resolved) else { throw SmolKitError.fileNotFound(resolved) }
        try input(pathAt: resolved, role: name)
        return resolved
    }

    /// Records an artifact already in the ledger that the command reads (handle arguments are recorded
    /// by the runner; this is for artifacts a command finds itself, like a table's sources).
    public func input(_ artifact: ArtifactRef, role: String? = nil) {
        var ref = artifact
        ref.name = role
        inputs.append(ref)
    }

    /// Stores bytes as an output artifact and returns a handle for scripts; the handle's summary is
    /// `summary` followed by the first 12 hex digits of the artifact's hash.
    public func output(bytes: [UInt8], kind: ArtifactKind, summary: String, properties: [(String, Value)] = [],
                       metadata: JSONValue = .object([]), payload: AnyObject? = nil) throws -> ArtifactHandle {
        let ref = try store.put(bytes, kind: kind, metadataJSON: metadata.canonicalText())
        return output(ref, summary: summary, properties: properties, payload: payload)
    }

    /// Registers an artifact already in the store (e.g. a tree) as an output; the summary gets the
    /// hash prefix appended, as for stored bytes.
    public func output(_ ref: ArtifactRef, summary: String, properties: [(String, Value)] = [],
                       payload: AnyObject? = nil) -> ArtifactHandle {
        outputs.append(ref)
        let handle = ArtifactHandle(ref: ref, summary: "\(summary) \(ref.sha256.prefix(12))",
                                    properties: Record(properties.map { ($0.0, $0.1) }))
        handle.payload = payload
        return handle
    }

    /// What `print` wrote, as one text (nil when nothing was printed).
    var printedText: String? { printed.isEmpty ? nil : printed.joined(separator: "\n") }

    /// Records a metric point; `tags` are fields of this point alone (see `MetricPoint.tags`).
    public func metric(_ name: String, _ value: Double, step: Int? = nil, tags: [String: String] = [:]) {
        metrics.append(MetricPoint(name: name, step: step, value: value, tags: tags))
    }

    /// Records a parameter derived from the arguments (e.g. `lr_per_batch`), so reports can pivot on it.
    public func derivedParameter(_ name: String, _ value: Double) {
        derivedParameters.removeAll { $0.0 == name }
        derivedParameters.append((name, .number(value)))
    }

    /// Runs `action` once the command's ledger row is committed; never when the command fails.
    public func afterCommit(_ action: @escaping () -> Void) { commitActions.append(action) }

    /// Shows a transient progress line (a terminal redraws it in place); never stored in the ledger.
    public func progress(_ update: ProgressUpdate) { session.progress?(update) }

    /// Adds what a nested run (`train.resume` redoing a command) recorded to this command's record.
    func absorb(_ child: CommandContext) {
        inputs += child.inputs
        outputs += child.outputs
        metrics += child.metrics
        printed += child.printed
        derivedParameters += child.derivedParameters
        commitActions += child.commitActions
    }

    /// Registers a report table.
    public func register(_ table: TableSpec) { tables.append(table) }

    /// Registers a report figure.
    public func register(_ figure: FigureSpec) { figures.append(figure) }
}
