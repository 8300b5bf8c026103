import Foundation
import SmolCore
import SmolFormats
import SmolTokenizers

/// A model with the tokenizer that came with it (from its folder or GGUF file), if any: what text
/// generation, evaluation and translation run on.
///
/// The end-of-sequence ids of the checkpoint (config.json `eos_token_id`, GGUF
/// `tokenizer.ggml.eos_token_id`) are `model.config.eosTokenIds`; `save` writes them back.
public final class ModelBundle: Sendable {
    /// The weights and their config.
    public let model: LanguageModel
    /// The tokenizer saved with the model, or attached to it; nil for a bare checkpoint.
    public let tokenizer: Tokenizer?

    /// A bundle of a model and its (optional) tokenizer.
    public init(model: LanguageModel, tokenizer: Tokenizer?) {
        self.model = model
        self.tokenizer = tokenizer
    }

    /// The model at `path` (a Hugging Face folder or a .gguf file) with the tokenizer it ships, if any.
    public static func load(path: String) throws -> ModelBundle {
        ModelBundle(model: try LanguageModel.load(path: path), tokenizer: try shippedTokenizer(at: path))
    }

    /// The tokenizer that ships with a model: inside a .gguf (nil when it has no `tokenizer.ggml.model`
    /// metadata), or a folder's tokenizer.json (nil when the folder has none; a broken one is an error,
    /// not a silent nil).
    public static func shippedTokenizer(at path: String) throws -> Tokenizer? {
        if path.hasSuffix(".gguf") {
            guard try GGUFFile(path: path).value("tokenizer.ggml.model") != nil else { return nil }
            return try Tokenizer.load(path: path)
        }
        if FileManager.default.fileExists(atPath: path + "/tokenizer.json") {
            return try Tokenizer.load(path: path)
        }
        return nil
    }

    /// Writes the Hugging Face layout into `directory`: config.json and model.safetensors (weights as
    /// `dtype`, see `LanguageModel.save`), plus tokenizer.json and tokenizer_config.json when there is a
    /// tokenizer; each file atomically.
    public func save(to directory: String, dtype: DType) throws {
        try model.save(to: directory, dtype: dtype)
        if let tokenizer {
            try AtomicFile.write(try tokenizer.jsonData(), to: directory + "/tokenizer.json")
            try AtomicFile.write(try tokenizer.configData(), to: directory + "/tokenizer_config.json")
        }
    }
}
