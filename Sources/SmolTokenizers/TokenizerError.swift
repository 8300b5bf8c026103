// The one error enum of SmolTokenizers.

import SmolCore

/// Everything that can go wrong while loading, training or using a tokenizer.
public enum TokenizerError: Error, CustomStringConvertible, Equatable {
    /// A file could not be read or written.
    case io(path: String, reason: String)
    /// A JSON document is malformed; `error` holds the line, column, reason and fix.
    case json(path: String, error: JSONError)
    /// A tokenizer.json or GGUF field is missing or has the wrong shape.
    case invalidField(path: String, field: String, reason: String)
    /// A component type (model, pre-tokenizer, normaliser, decoder, …) that smol does not implement.
    case unsupported(path: String, component: String, type: String)
    /// A merge names a token that is not in the vocabulary.
    case mergeOutOfVocabulary(path: String, merge: String)
    /// A chat template whose text smol does not recognise.
    case unknownChatTemplate(excerpt: String)
    /// Training arguments that cannot produce a tokenizer.
    case invalidTraining(reason: String)

    /// A message in the `path: what, and how to fix` form.
    public var description: String {
        switch self {
        case .io(let path, let reason):
            return "\(path): error: \(reason)"
        case .json(let path, let error):
            return "\(path):\(error.line):\(error.column): error: invalid JSON: \(error.reason); \(error.hint)"
        case .invalidField(let path, let field, let reason):
            return "\(path): error: field '\(field)' \(reason)"
        case .unsupported(let path, let component, let type):
            return "\(path): error: unsupported \(component) type '\(type)'; smol implements byte-level BPE "
                + "(pre-tokenizers ByteLevel, Digits, Split, Sequence; normalizers NFC, NFD, NFKC, NFKD, Lowercase, Sequence; "
                + "decoder ByteLevel; post-processors ByteLevel, TemplateProcessing, Sequence)"
        case .mergeOutOfVocabulary(let path, let merge):
            return "\(path): error: merge '\(merge)' produces a token that is not in the vocabulary; the file is inconsistent"
        case .unknownChatTemplate(let excerpt):
            return "chat template: error: unknown template '\(excerpt)'; smol knows chatml, tulu, llama3, qwen2 and smollm2 — "
                + "pass one of those names explicitly"
        case .invalidTraining(let reason):
            return "tokenizer.train: error: \(reason)"
        }
    }
}
