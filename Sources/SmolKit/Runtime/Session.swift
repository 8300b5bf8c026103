import Foundation
import SmolCore
import SmolDatasets
import SmolKernels
import SmolLedger
import SmolScript

/// How a session runs: where its workspace is and what it may use.
public struct SessionOptions: Sendable {
    /// The workspace folder (ledger + object store); default `artifacts`.
    public var workspace: String
    /// Where relative paths in commands start: the script's folder, or the current directory.
    public var baseDirectory: String
    public var mode: SessionMode
    public var scriptPath: String?
    /// Threads for the engine; results do not depend on it.
    public var threads: Int
    /// Recompute every command instead of answering from the ledger.
    public var noCache: Bool
    /// Matrix products: smol's own kernels (deterministic) or OpenBLAS (a cross-check; its bits vary
    /// with thread count and CPU, so results are cached separately and the ledger records it).
    public var backend: MatrixBackend
    public var limits: Limits
    /// Globals defined before the script runs (`smol run --set NAME=VALUE`), recorded with the session
    /// so `smol replay` runs the script with the same values.
    public var definitions: [(name: String, value: JSONValue)] = []
    /// Input files up to this size are copied into the store; larger ones are recorded by hash and path.
    public var storedInputLimit: Int64 = 64 << 20

    /// Adds a global defined before the script runs (`--set NAME=VALUE`).
    public mutating func define(_ name: String, _ value: Value) throws {
        definitions.append((name, try ValueJSON.parameter(value)))
    }

    public init(workspace: String = "artifacts", baseDirectory: String = FileManager.default.currentDirectoryPath,
                mode: SessionMode = .script, scriptPath: String? = nil,
                threads: Int = ProcessInfo.processInfo.activeProcessorCount, noCache: Bool = false,
                backend: MatrixBackend = .smol, limits: Limits = Limits()) {
        self.workspace = workspace
        self.baseDirectory = baseDirectory
        self.mode = mode
        self.scriptPath = scriptPath
        self.threads = max(1, threads)
        self.noCache = noCache
        self.backend = backend
        self.limits = limits
    }
}

/// One run of smol: a workspace, a ledger session, an interpreter and the commands it can call.
///
/// The session is the interpreter's `CommandHost`: every command call goes through `invoke`, which
/// answers from the ledger when an identical call over identical inputs already succeeded, and
/// otherwise runs the command and records it (see `CommandRunner`).
public final class Session: CommandHost {
    public let options: SessionOptions
    public let workspace: Workspace
    public let registry: CommandRegistry
    /// The ledger session's id, nil until the first command runs: the session row is written then
    /// (`beginLedgerSession()`), so a script that fails to compile leaves no empty session behind.
    public private(set) var sessionID: Int64?
    private let info: SessionInfo
    private let startedAt = Date().timeIntervalSince1970
    /// Where `print` and REPL echo go.
    public var output: (String) -> Void
    /// Where long commands report progress (standard error by default; nil: nowhere). Never recorded.
    public var progress: ((ProgressUpdate) -> Void)? = ProgressLine().show
    /// Polled during commands; the REPL points it at its Ctrl-C flag.
    public var isCancelled: () -> Bool = { false } {
        didSet { interpreter.isCancelled = isCancelled }
    }
    public private(set) lazy var interpreter = Interpreter(host: WeakSessionHost(self), limits: options.limits)
    var nextSequence: Int

    /// Opens (creating if needed) the workspace and starts a ledger session.
    public init(options: SessionOptions, registry: CommandRegistry = .standard,
                output: @escaping (String) -> Void = { Swift.print($0) }) throws {
        self.options = options
        self.registry = registry
        self.output = output
        let root = options.workspace.hasPrefix("/") ? options.workspace
            : options.baseDirectoryForWorkspace + "/" + options.workspace
        workspace = try Workspace(root: root)
        var scriptHash: String?
        if let script = options.scriptPath { scriptHash = try? SHA256.hex(ofFileAt: script) }
        var info = SessionInfo.current(mode: options.mode, scriptPath: options.scriptPath, scriptSHA256: scriptHash,
                                       threads: options.threads, backend: options.backend)
        info.definitionsJSON = JSONValue.object(options.definitions.map { ($0.name, $0.value) }).canonicalText()
        self.info = info
        nextSequence = 1
        for definition in options.definitions {
            interpreter.define(definition.name, ValueJSON.value(fromResult: definition.value))
        }
    }

    /// Ends the ledger session (records its end time) and closes the ledger, checkpointing the WAL into
    /// `ledger.sqlite`; the session records nothing after this.
    public func close() {
        if let sessionID { try? workspace.ledger.endSession(sessionID) }
        workspace.ledger.close()
    }

    /// The session's id, writing its row (with the time the session opened) on first use.
    public func beginLedgerSession() throws -> Int64 {
        if let sessionID { return sessionID }
        let id = try workspace.ledger.beginSession(info, startedAt: startedAt)
        sessionID = id
        return id
    }

    /// Compiles and runs source text; globals persist across calls.
    @discardableResult
    public func run(_ source: String, file: String) throws(ScriptFailure) -> Value? {
        try interpreter.run(source, file: file)
    }

    /// Resolves a path relative to the session's base directory.
    public func resolvePath(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.hasPrefix("~/") { return NSString(string: path).expandingTildeInPath }
        return URL(fileURLWithPath: options.baseDirectory).appendingPathComponent(path).standardizedFileURL.path
    }

    // MARK: CommandHost

    public var commandNames: [String] { registry.names }

    public func signature(of name: String) -> CommandSignature? { registry[name]?.signature }

    public func invoke(_ invocation: CommandInvocation) throws -> Value {
        guard let definition = registry[invocation.signature.name] else {
            throw SmolKitError.invalid("unknown command '\(invocation.signature.name)'")
        }
        return try CommandRunner(session: self, definition: definition, invocation: invocation).run()
    }

    /// A dataset handle reads like a list of its records (`d[0]`, `for r in d`); other handles do not.
    public func elementCount(of handle: any Handle) throws -> Int? {
        guard let artifact = handle as? ArtifactHandle, artifact.artifactKind == .dataset else { return nil }
        return try load(artifact, as: Dataset.self).count
    }

    /// Record `index` of a dataset, as a SmolScript record (nested objects as records, arrays as lists).
    public func element(of handle: any Handle, at index: Int) throws -> Value {
        guard let artifact = handle as? ArtifactHandle else { return .null }
        return ValueJSON.value(fromResult: try load(artifact, as: Dataset.self).records[index])
    }
}

extension SessionOptions {
    /// Relative workspaces are relative to the current directory (not the script's folder).
    var baseDirectoryForWorkspace: String { FileManager.default.currentDirectoryPath }
}
