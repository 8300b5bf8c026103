// BPE vocabularies stored in GGUF metadata (`tokenizer.ggml.*`, llama.cpp's gpt2 tokenizer model).

import SmolCore
import SmolFormats

extension Tokenizer {
    /// The pre-tokenizer that llama.cpp's `tokenizer.ggml.pre` name stands for, with whether the
    /// vocabulary uses HF's `ignore_merges` (Llama-3); nil for names smol does not know.
    static func ggufPreTokenizer(_ name: String, path: String) throws -> (PreTokenizer, ignoreMerges: Bool)? {
        let byteLevel = PreTokenizer.byteLevel(addPrefixSpace: false, trimOffsets: true, useRegex: true)
        let byteLevelOnly = PreTokenizer.byteLevel(addPrefixSpace: false, trimOffsets: true, useRegex: false)
        switch name {
        case "gpt-2", "gpt2", "default":
            return (byteLevel, false)
        case "smollm", "starcoder", "refact":
            return (.sequence([.digits(individual: true), byteLevel]), false)
        case "llama-bpe", "llama3", "llama-v3":
            let regex = #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
            return (.sequence([.split(try SplitPattern(isRegex: true, source: regex, path: path), behavior: .isolated, invert: false), byteLevelOnly]), true)
        case "qwen2":
            let regex = #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
            return (.sequence([.split(try SplitPattern(isRegex: true, source: regex, path: path), behavior: .isolated, invert: false), byteLevelOnly]), false)
        default:
            return nil
        }
    }

    /// Builds the tokenizer of a GGUF file's `tokenizer.ggml.*` metadata (model `gpt2` only).
    public convenience init(gguf: GGUFFile) throws {
        let path = gguf.path
        let modelName = gguf.value("tokenizer.ggml.model")?.string ?? "?"
        guard modelName == "gpt2" else {
            throw TokenizerError.unsupported(path: path, component: "GGUF tokenizer.ggml.model", type: modelName)
        }
        guard let tokens = gguf.value("tokenizer.ggml.tokens")?.strings else {
            throw TokenizerError.invalidField(path: path, field: "tokenizer.ggml.tokens", reason: "is missing or not an array of strings")
        }
        let mergeStrings = gguf.value("tokenizer.ggml.merges")?.strings ?? []
        var merges: [(String, String)] = []
        merges.reserveCapacity(mergeStrings.count)
        for (i, m) in mergeStrings.enumerated() {
            let parts = m.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                throw TokenizerError.invalidField(path: path, field: "tokenizer.ggml.merges[\(i)]", reason: "must be \"left right\"")
            }
            merges.append((String(parts[0]), String(parts[1])))
        }
        let preName = gguf.value("tokenizer.ggml.pre")?.string ?? "gpt-2"
        guard let (pre, ignoreMerges) = try Tokenizer.ggufPreTokenizer(preName, path: path) else {
            throw TokenizerError.unsupported(path: path, component: "GGUF tokenizer.ggml.pre", type: preName)
        }
        let model = try BPEModel(tokens: tokens, merges: merges, ignoreMerges: ignoreMerges, path: path)

        // Control (3) and user-defined (4) tokens are matched in text before pre-tokenisation.
        let types = gguf.value("tokenizer.ggml.token_type")?.ints ?? []
        var added: [AddedToken] = []
        for (id, type) in types.enumerated() where (type == 3 || type == 4) && id < tokens.count && !tokens[id].isEmpty {
            added.append(AddedToken(id: id, content: tokens[id], special: type == 3))
        }
        let bos = gguf.value("tokenizer.ggml.bos_token_id")?.int
        let eos = gguf.value("tokenizer.ggml.eos_token_id")?.int
        var post: PostProcessor? = nil
        // llama.cpp adds BOS when `tokenizer.ggml.add_bos_token` says so; without the key, only for the
        // Llama-3 pre-tokenizer family (llama-vocab.cpp sets add_bos for it), never for the others smol knows.
        let addBOS = gguf.value("tokenizer.ggml.add_bos_token")?.bool ?? ["llama-bpe", "llama3", "llama-v3"].contains(preName)
        if addBOS, let bos, bos >= 0, bos < tokens.count {
            let name = JSONValue.string(tokens[bos])
            let single: JSONValue = .array([
                .object([("SpecialToken", .object([("id", name), ("type_id", 0)]))]),
                .object([("Sequence", .object([("id", .string("A")), ("type_id", 0)]))]),
            ])
            post = PostProcessor(prefix: [Int32(bos)], suffix: [], json: .object([
                ("type", .string("TemplateProcessing")), ("single", single), ("pair", single),
                ("special_tokens", .object([(tokens[bos], .object([("id", name), ("ids", .array([.number(Double(bos))])), ("tokens", .array([name]))]))])),
            ]))
        }
        let decoder = TokenDecoder.byteLevel(json: .object([
            ("type", .string("ByteLevel")), ("add_prefix_space", .bool(true)), ("trim_offsets", .bool(true)), ("use_regex", .bool(true)),
        ]))
        self.init(model: model, addedTokens: added, normalizer: nil, preTokenizer: pre, postProcessor: post, decoder: decoder,
                  chatTemplateText: gguf.value("tokenizer.chat_template")?.string, bosTokenID: bos, eosTokenID: eos)
    }

    /// Loads a tokenizer from a `.gguf` file's metadata.
    public static func load(ggufPath: String) throws -> Tokenizer {
        try Tokenizer(gguf: GGUFFile(path: ggufPath))
    }
}
