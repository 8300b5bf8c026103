import SmolCore
import SmolKernels
import SmolModels

/// Everything that decides a translation's text, apart from the model and the segment: the key of the
/// decoding store, so a changed setting never reuses a stored segment.
///
/// What does not change outputs is left out: the batch size and thread count (the engine's results do
/// not depend on them; tests check it). The matrix backend is in: OpenBLAS bits may differ.
public struct DecodingSettings: Sendable, Equatable {
    public var format: PromptFormat
    /// 1: greedy; more: beam search of that width.
    public var beamWidth: Int
    /// Beam search's length-penalty exponent (ignored by greedy decoding).
    public var lengthPenalty: Double
    /// Most new tokens per segment.
    public var maxNewTokens: Int
    /// Text that ends a translation (cut from it); the model's EOS always ends it.
    public var stopStrings: [String]
    public var sourceLanguage: String
    public var targetLanguage: String
    public var backend: MatrixBackend
    /// The copy of the linear weights greedy decoding reads (`.native`: the f32 path's bits).
    public var weights: WeightPrecision

    /// Bumped whenever decoding code changes what it outputs, so stores of an older version are not reused.
    public static let version = 1

    public init(format: PromptFormat = .chat(template: PromptFormat.defaultInstruction), beamWidth: Int = 1, lengthPenalty: Double = 1,
                maxNewTokens: Int = 256, stopStrings: [String] = [], sourceLanguage: String = "en", targetLanguage: String = "ar",
                backend: MatrixBackend = .smol, weights: WeightPrecision = .native) {
        self.format = format
        self.beamWidth = beamWidth
        self.lengthPenalty = lengthPenalty
        self.maxNewTokens = maxNewTokens
        self.stopStrings = stopStrings
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
        self.backend = backend
        self.weights = weights
    }

    /// Checks the settings: beam width ≥ 1, max tokens ≥ 1, no empty stop string, a template with {source}.
    public func validate() throws {
        guard beamWidth >= 1 else { throw TranslationError.invalidArgument("beam is \(beamWidth); give 1 (greedy) or a beam width ≥ 2") }
        guard maxNewTokens >= 1 else { throw TranslationError.invalidArgument("max_tokens is \(maxNewTokens); give at least 1") }
        guard lengthPenalty.isFinite else { throw TranslationError.invalidArgument("length_penalty must be finite") }
        guard beamWidth == 1 || weights == .native else {
            throw TranslationError.invalidArgument("weights \"\(weights.rawValue)\" applies to greedy decoding; beam search reads the f32 weights (use beam: 1 or weights: \"native\")")
        }
        guard !stopStrings.contains("") else { throw TranslationError.invalidArgument("an empty stop string would end every translation at once; remove it") }
        try format.validate()
    }

    /// "greedy" or "beam4".
    public var strategy: String { beamWidth == 1 ? "greedy" : "beam\(beamWidth)" }

    /// The settings as canonical JSON (with the decoding version).
    public var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("version", .number(Double(Self.version))), ("format", .string(format.name)), ("template", .string(format.template)),
            ("beam", .number(Double(beamWidth))), ("max_tokens", .number(Double(maxNewTokens))),
            ("stop", .array(stopStrings.map(JSONValue.string))), ("source_lang", .string(sourceLanguage)),
            ("target_lang", .string(targetLanguage)), ("backend", .string(backend.rawValue)),
        ]
        if beamWidth > 1 { members.append(("length_penalty", .number(lengthPenalty))) }
        // `.native` decodes the f32 bits, so its key is the one stores were made under before weights existed.
        if weights != .native { members.append(("weights", .string(weights.rawValue))) }
        return .object(members)
    }

    /// The store key of these settings with the model whose artifact hash is `modelHash`.
    public func key(modelHash: String) -> String {
        SHA256.hex(of: JSONValue.object([("model", .string(modelHash)), ("settings", json)]).canonicalBytes())
    }
}
