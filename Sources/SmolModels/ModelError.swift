/// Every error SmolModels throws; messages read `path: what, and how to fix`.
public enum ModelError: Error, CustomStringConvertible, Sendable {
    /// config.json is missing, unreadable or lacks a field.
    case invalidConfig(path: String, String)
    /// A checkpoint lacks a tensor the config requires, or has one of the wrong shape.
    case invalidCheckpoint(path: String, String)
    /// The architecture is not one this engine implements.
    case unsupportedArchitecture(path: String, String)
    /// Nothing usable was found at the path.
    case notFound(path: String)
    /// `generate` was given options or prompts it cannot run.
    case invalidGeneration(String)

    /// The message shown to a user.
    public var description: String {
        switch self {
        case let .invalidConfig(path, what): return "\(path): error: \(what)"
        case let .invalidCheckpoint(path, what): return "\(path): error: \(what)"
        case let .unsupportedArchitecture(path, what):
            return "\(path): error: unsupported architecture \(what); smol runs llama and qwen2 decoders"
        case let .notFound(path):
            return "\(path): error: no model here; give a Hugging Face folder (config.json + model.safetensors) or a .gguf file"
        case let .invalidGeneration(what):
            return "generate: error: \(what)"
        }
    }
}
