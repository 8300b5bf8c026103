/// Every error SmolModels throws; messages read `path: what, and how to fix` (no "error:" prefix: the
/// script runner adds its own).
public enum ModelError: Error, CustomStringConvertible, Sendable {
    /// config.json is missing, unreadable or lacks a field.
    case invalidConfig(path: String, String)
    /// One field of a config.json or of GGUF metadata has a value smol cannot run (named by its key).
    case invalidField(path: String, field: String, String)
    /// A checkpoint lacks a tensor the config requires, has one of the wrong shape or dtype, or holds
    /// tensors the model does not use.
    case invalidCheckpoint(path: String, String)
    /// The architecture is not one this engine implements.
    case unsupportedArchitecture(path: String, String)
    /// Nothing usable was found at the path.
    case notFound(path: String)
    /// A save destination that is a file, or a folder holding other things.
    case destinationNotUsable(path: String, String)
    /// `generate` was given options it cannot run.
    case invalidGeneration(String)
    /// Prompt `index` of a `generate` call cannot be run (empty, a token outside the vocabulary, …).
    case invalidPrompt(index: Int, String)
    /// Prompt `index` has `tokens` tokens: with `maxNewTokens` more it would pass the model's `positions`.
    case promptTooLong(index: Int, tokens: Int, maxNewTokens: Int, positions: Int)

    /// The message shown to a user.
    public var description: String {
        switch self {
        case let .invalidConfig(path, what): return "\(path): \(what)"
        case let .invalidField(path, field, what): return "\(path): \(field) \(what)"
        case let .invalidCheckpoint(path, what): return "\(path): \(what)"
        case let .unsupportedArchitecture(path, what):
            return "\(path): unsupported architecture \(what); smol runs llama and qwen2 decoders"
        case let .notFound(path):
            return "\(path): no model here; give a Hugging Face folder (config.json + model.safetensors) or a .gguf file"
        case let .destinationNotUsable(path, what): return "\(path): \(what)"
        case let .invalidGeneration(what): return "generate: \(what)"
        case let .invalidPrompt(index, what): return "generate: prompt \(index) \(what)"
        case let .promptTooLong(index, tokens, maxNewTokens, positions):
            return "generate: prompt \(index) has \(tokens) tokens and maxNewTokens is \(maxNewTokens): more than the model's " +
                "\(positions) positions (max_position_embeddings); lower maxNewTokens to at most \(max(positions - tokens, 0)) or shorten the prompt"
        }
    }
}
