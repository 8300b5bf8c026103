/// How a session was started.
public enum SessionMode: String, Sendable, Codable, CaseIterable {
    case repl, script, cli
}

/// What is known about the machine and the tool when a session starts.
public struct SessionInfo: Sendable, Equatable {
    /// `repl`, `script` or `cli`.
    public var mode: SessionMode
    /// The script being run, for mode `script`.
    public var scriptPath: String?
    /// SHA-256 of the script's bytes.
    public var scriptSHA256: String?
    /// smol's version string.
    public var toolVersion: String
    /// HEAD of the smol checkout the running executable lies in, read when the session started (the
    /// tree's state at run time); nil for an executable outside a checkout.
    public var gitCommit: String?
    /// Whether that checkout's tracked files differed from HEAD when the session started.
    public var gitDirty: Bool
    /// e.g. `linux-x86_64`.
    public var platform: String
    /// e.g. `Intel(R) Xeon(R) …`.
    public var cpuModel: String
    /// e.g. `x86-64-avx2-fma` or `arm64`.
    public var instructionSet: String
    /// Worker threads the engine used.
    public var threadCount: Int
    /// `smol` (own kernels) or `openblas`.
    public var matrixBackend: String
    /// Globals given on the command line (`--set NAME=VALUE`), as a canonical JSON object.
    public var definitionsJSON: String

    /// Makes a session description; every field is explicit except the optional ones.
    public init(mode: SessionMode, scriptPath: String? = nil, scriptSHA256: String? = nil, toolVersion: String,
                gitCommit: String? = nil, gitDirty: Bool = false, platform: String, cpuModel: String,
                instructionSet: String, threadCount: Int, matrixBackend: String, definitionsJSON: String = "{}") {
        self.mode = mode
        self.scriptPath = scriptPath
        self.scriptSHA256 = scriptSHA256
        self.toolVersion = toolVersion
        self.gitCommit = gitCommit
        self.gitDirty = gitDirty
        self.platform = platform
        self.cpuModel = cpuModel
        self.instructionSet = instructionSet
        self.threadCount = threadCount
        self.matrixBackend = matrixBackend
        self.definitionsJSON = definitionsJSON
    }
}

/// A session as stored in the ledger.
public struct SessionRow: Sendable, Equatable {
    /// Row id.
    public var id: Int64
    /// Unix seconds.
    public var startedAt: Double
    /// Unix seconds, nil while running or when the process died.
    public var endedAt: Double?
    /// What was recorded at start.
    public var info: SessionInfo
    /// Number of commands recorded in the session.
    public var commandCount: Int
}
