import SmolCore

/// How a command ended.
public enum CommandStatus: String, Sendable, Codable, CaseIterable {
    /// It ran and produced its outputs.
    case ok
    /// It failed; `errorText` says why.
    case error
    /// It was answered from an earlier identical command (`cachedFrom`).
    case cached
}

/// One value of a metric, optionally at a training step.
public struct MetricPoint: Sendable, Hashable, Codable {
    /// e.g. `loss`, `gsm-like.accuracy`.
    public var name: String
    /// Step number for curves; nil for a single final value.
    public var step: Int?
    /// The value; NaN is stored as SQL NULL and read back as NaN (Schema invariant 8).
    public var value: Double
    /// Fields of this point alone (e.g. `model`, `condition`, `scoring` of one cell of an evaluation):
    /// report tables look a field up here before the command's params, tags and lineage.
    public var tags: [String: String]

    /// Makes a metric point.
    public init(name: String, step: Int? = nil, value: Double, tags: [String: String] = [:]) {
        self.name = name
        self.step = step
        self.value = value
        self.tags = tags
    }

    /// The tags as stored in `metrics.tags_json`: canonical JSON, or nil when there are none.
    var tagsJSON: String? {
        tags.isEmpty ? nil : JSONValue.object(tags.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }).canonicalText()
    }

    /// Tags read back from `metrics.tags_json`.
    static func tags(fromJSON text: String?) -> [String: String] {
        guard let text, case .object(let members)? = try? JSONParser.parse(text) else { return [:] }
        var tags: [String: String] = [:]
        for member in members { tags[member.key] = member.value.keyText }
        return tags
    }
}

/// One command call with everything written about it in its single transaction.
public struct CommandRecord: Sendable, Equatable {
    /// Row id; nil before it is recorded.
    public var id: Int64?
    /// The session it ran in.
    public var sessionID: Int64
    /// Position in the session, from `Ledger.nextSequence(session:)` (or ≤ 0: assigned by `record`); unique per session.
    public var sequence: Int
    /// The call as written, e.g. `train.sft(base, sft, lr: 1e-3)`.
    public var sourceText: String
    /// Command name, e.g. `train.sft`.
    public var name: String
    /// Canonical JSON of the arguments (sorted keys); handles as `{"artifact":"<sha256>","kind":"model"}`.
    public var paramsJSON: String
    /// Unix seconds.
    public var startedAt: Double
    /// Unix seconds.
    public var endedAt: Double
    /// ok, error or cached.
    public var status: CommandStatus
    /// Why it failed (required when status is error).
    public var errorText: String?
    /// Hash of (command, canonical params, input hashes, engine version); see `CacheKey`.
    public var cacheKey: String?
    /// JSON of the returned value, when not an artifact.
    public var resultJSON: String?
    /// The lines the command printed besides its result (nil when it printed none).
    public var outputText: String?
    /// For status cached: the command whose result was reused.
    public var cachedFrom: Int64?
    /// Artifacts read; `ArtifactRef.name` is the argument name.
    public var inputs: [ArtifactRef]
    /// Artifacts written; `ArtifactRef.name` is the output's role name.
    public var outputs: [ArtifactRef]
    /// Metrics the command reported.
    public var metrics: [MetricPoint]
    /// Report tables the command registered.
    public var tables: [TableSpec]
    /// Report figures the command registered.
    public var figures: [FigureSpec] = []

    /// Makes a command record; only the identifying fields are required.
    public init(id: Int64? = nil, sessionID: Int64, sequence: Int, sourceText: String, name: String,
                paramsJSON: String = "{}", startedAt: Double, endedAt: Double, status: CommandStatus = .ok,
                errorText: String? = nil, cacheKey: String? = nil, resultJSON: String? = nil, outputText: String? = nil,
                cachedFrom: Int64? = nil,
                inputs: [ArtifactRef] = [], outputs: [ArtifactRef] = [], metrics: [MetricPoint] = [],
                tables: [TableSpec] = []) {
        self.id = id
        self.sessionID = sessionID
        self.sequence = sequence
        self.sourceText = sourceText
        self.name = name
        self.paramsJSON = paramsJSON
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.status = status
        self.errorText = errorText
        self.cacheKey = cacheKey
        self.resultJSON = resultJSON
        self.outputText = outputText
        self.cachedFrom = cachedFrom
        self.inputs = inputs
        self.outputs = outputs
        self.metrics = metrics
        self.tables = tables
    }
}
