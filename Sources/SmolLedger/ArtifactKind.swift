/// What an artifact is: the ledger's `artifacts.kind` column, and the kind a script handle of it has
/// (`Dataset`, `Model`, …). One named constant per kind, so a misspelt kind is a compile error.
public struct ArtifactKind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The text stored in the ledger.
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// A kind by name (the constants below are the ones smol writes; tests and readers may use others).
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    /// A file a command read or a tree member: raw bytes with no further meaning.
    public static let file = ArtifactKind("file")
    /// A model's config.json read on its own (`model.init(config:)`).
    public static let config = ArtifactKind("config")
    /// A dataset, stored as canonical JSONL.
    public static let dataset = ArtifactKind("dataset")
    /// A tokenizer: a tree of tokenizer.json and tokenizer_config.json.
    public static let tokenizer = ArtifactKind("tokenizer")
    /// A model in the Hugging Face layout: a tree of config.json, model.safetensors, tokenizer files.
    public static let model = ArtifactKind("model")
    /// A reward model in the Hugging Face layout (`LlamaForSequenceClassification`, one label): a tree
    /// of config.json, model.safetensors (`model.*` and `score.weight`) and the tokenizer files.
    public static let rewardModel = ArtifactKind("rewardModel")
    /// A reference model's per-pair log-probabilities for DPO (JSON), computed once per (model, data,
    /// loss, max length) and reused by later runs.
    public static let referenceLogProbabilities = ArtifactKind("reference_logprobs")
    /// A report table (Markdown).
    public static let table = ArtifactKind("table")
    /// A report figure (SVG).
    public static let figure = ArtifactKind("figure")
    /// An evaluation result: a tree of eval.json (what was run), samples.jsonl (per-item records) and
    /// one lm-evaluation-harness-shaped results JSON per model.
    public static let evalResult = ArtifactKind("eval")
    /// A corpus cut into segments for translation (JSON lines: header, documents, segments).
    public static let segments = ArtifactKind("segments")
    /// Segments with their translations and flags (JSON lines), from `translate.run` or a baseline.
    public static let translations = ArtifactKind("translations")
    /// A job for an external engine (a TRL training bundle, an lm-evaluation-harness task bundle): a
    /// tree of the model, the data, the configs and the launch script, identified by its hash.
    public static let bundle = ArtifactKind("bundle")
}
