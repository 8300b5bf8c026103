// Reading and writing Hugging Face tokenizer.json, and the chat template / BOS / EOS of the
// tokenizer_config.json beside it (configData() writes them back, so a saved folder reloads the same).
//
// Invariants:
// 1. jsonData() writes keys in a fixed order and the vocabulary in id order, so the same
//    tokenizer always gives the same bytes.
// 2. Ids are written as integers (no fraction or exponent): SmolCore's serializer spells every
//    integral number below 2^53 that way.

import Foundation
import SmolCore

extension Tokenizer {
    /// Loads a tokenizer.json file, a folder holding tokenizer.json (and optionally tokenizer_config.json), or a `.gguf` file.
    public static func load(path: String) throws -> Tokenizer {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw TokenizerError.io(path: path, reason: "no such file or folder; pass a tokenizer.json, a model folder that holds one, or a .gguf")
        }
        if !isDirectory.boolValue && path.lowercased().hasSuffix(".gguf") { return try load(ggufPath: path) }
        let file = isDirectory.boolValue ? (path as NSString).appendingPathComponent("tokenizer.json") : path
        guard let data = FileManager.default.contents(atPath: file) else {
            throw TokenizerError.io(path: file, reason: "cannot read tokenizer.json; check the folder holds one")
        }
        let json = try parseJSON(Array(data), path: file)
        let folder = (file as NSString).deletingLastPathComponent
        let configPath = (folder as NSString).appendingPathComponent("tokenizer_config.json")
        var config: JSONValue? = nil
        if let configData = FileManager.default.contents(atPath: configPath) {
            config = try parseJSON(Array(configData), path: configPath)
        }
        return try Tokenizer(json: json, config: config, path: file)
    }

    /// Loads a tokenizer.json with its tokenizer_config.json given by path (files that need not be named
    /// so, e.g. objects of an artifact store); without a config, the tokenizer.json-only defaults apply.
    public static func load(tokenizerJSON path: String, config configPath: String?) throws -> Tokenizer {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TokenizerError.io(path: path, reason: "cannot read tokenizer.json; check the path")
        }
        var config: JSONValue? = nil
        if let configPath {
            guard let configData = FileManager.default.contents(atPath: configPath) else {
                throw TokenizerError.io(path: configPath, reason: "cannot read tokenizer_config.json; check the path")
            }
            config = try parseJSON(Array(configData), path: configPath)
        }
        return try Tokenizer(json: try parseJSON(Array(data), path: path), config: config, path: path)
    }

    /// The largest added-token id accepted (2^24 − 1; real vocabularies stay below 2^18): ids are
    /// Int32 inside the tokenizer and set `vocabularySize`, which sizes a model's embedding table.
    static let maxAddedTokenID = (1 << 24) - 1

    /// Parses tokenizer.json or tokenizer_config.json bytes (strict RFC 8259); a syntax error becomes
    /// `TokenizerError.json` naming `path` and the line:column of the fault.
    static func parseJSON(_ bytes: [UInt8], path: String) throws -> JSONValue {
        do { return try JSONParser.parse(bytes) } catch let error as JSONError {
            throw TokenizerError.json(path: path, error: error)
        }
    }

    /// Builds a tokenizer from a parsed tokenizer.json (and tokenizer_config.json, if any).
    convenience init(json: JSONValue, config: JSONValue?, path: String) throws {
        guard let modelJSON = json["model"] else {
            throw TokenizerError.invalidField(path: path, field: "model", reason: "is missing")
        }
        let type = modelJSON["type"]?.stringValue ?? "BPE"
        guard type == "BPE" else { throw TokenizerError.unsupported(path: path, component: "model", type: type) }
        if modelJSON["byte_fallback"]?.boolValue == true {
            throw TokenizerError.unsupported(path: path, component: "model", type: "BPE with byte_fallback (SentencePiece-style)")
        }
        for field in ["continuing_subword_prefix", "end_of_word_suffix"] where !(modelJSON[field]?.isNull ?? true) {
            if modelJSON[field]?.stringValue != "" {
                throw TokenizerError.unsupported(path: path, component: "model", type: "BPE with \(field)")
            }
        }
        guard case .object(let vocabMembers)? = modelJSON["vocab"] else {
            throw TokenizerError.invalidField(path: path, field: "model.vocab", reason: "must be an object of token → id")
        }
        // Every vocabulary id below the largest must be spelled by a vocabulary entry or an added token, so
        // no vocabulary id reaches vocab + added entries: a corrupt id (say 2^52) is refused before the
        // token table is allocated. Added tokens may sit past the vocabulary, below `maxAddedTokenID`.
        let addedCount = json["added_tokens"]?.arrayValue?.count ?? 0
        let idLimit = vocabMembers.count + addedCount
        func checkID(_ id: Int, field: String) throws {
            guard id < idLimit else {
                throw TokenizerError.invalidField(path: path, field: field,
                    reason: "is id \(id), but \(vocabMembers.count) vocabulary entries and \(addedCount) added tokens spell only ids 0..<\(idLimit), "
                        + "so ids below it would have no token; the file is corrupt — renumber the vocabulary")
            }
        }
        var maxID = -1
        for (token, v) in vocabMembers {
            guard let id = v.intValue, id >= 0 else {
                throw TokenizerError.invalidField(path: path, field: "model.vocab[\(token)]", reason: "must be a non-negative integer")
            }
            try checkID(id, field: "model.vocab[\(token)]")
            maxID = max(maxID, id)
        }
        var tokens = [String](repeating: "", count: maxID + 1)
        for (token, v) in vocabMembers { tokens[v.intValue!] = token }  // checked just above
        var merges: [(String, String)] = []
        for (i, m) in (modelJSON["merges"]?.arrayValue ?? []).enumerated() {
            if let s = m.stringValue {
                let parts = s.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2 else {
                    throw TokenizerError.invalidField(path: path, field: "model.merges[\(i)]", reason: "must be \"left right\"")
                }
                merges.append((String(parts[0]), String(parts[1])))
            } else if let pair = m.arrayValue, pair.count == 2, let a = pair[0].stringValue, let b = pair[1].stringValue {
                merges.append((a, b))
            } else {
                throw TokenizerError.invalidField(path: path, field: "model.merges[\(i)]", reason: "must be \"left right\" or [left, right]")
            }
        }
        let model = try BPEModel(tokens: tokens, merges: merges, ignoreMerges: modelJSON["ignore_merges"]?.boolValue ?? false, path: path)

        var added: [AddedToken] = []
        for (i, a) in (json["added_tokens"]?.arrayValue ?? []).enumerated() {
            guard let id = a["id"]?.intValue, id >= 0, let content = a["content"]?.stringValue else {
                throw TokenizerError.invalidField(path: path, field: "added_tokens[\(i)]", reason: "needs a non-negative integer id and a string content")
            }
            guard id <= Tokenizer.maxAddedTokenID else {
                throw TokenizerError.invalidField(path: path, field: "added_tokens[\(i)].id",
                    reason: "is id \(id), above the largest supported id \(Tokenizer.maxAddedTokenID); the file is corrupt — renumber the added tokens")
            }
            added.append(AddedToken(id: id, content: content, singleWord: a["single_word"]?.boolValue ?? false,
                                    lstrip: a["lstrip"]?.boolValue ?? false, rstrip: a["rstrip"]?.boolValue ?? false,
                                    normalized: a["normalized"]?.boolValue ?? false, special: a["special"]?.boolValue ?? false))
        }
        let normalizer = try json["normalizer"].flatMap { $0.isNull ? nil : try Normalizer.parse($0, path: path) }
        let preTokenizer = try json["pre_tokenizer"].flatMap { $0.isNull ? nil : try PreTokenizer.parse($0, path: path) }
        let decoder: TokenDecoder
        switch json["decoder"] {
        case nil, .null?: decoder = .none
        case let d?:
            guard d["type"]?.stringValue == "ByteLevel" else {
                throw TokenizerError.unsupported(path: path, component: "decoder", type: d["type"]?.stringValue ?? "?")
            }
            decoder = .byteLevel(json: d)
        }
        let lookup: (String) -> Int32? = { content in
            if let a = added.first(where: { $0.content == content }) { return Int32(a.id) }
            return model.ids[content]
        }
        let post = try json["post_processor"].flatMap { $0.isNull ? nil : try PostProcessor.parse($0, lookup: lookup, path: path) }

        // tokenizer_config.json: chat template, BOS and EOS.
        func tokenName(_ v: JSONValue?) -> String? { v?.stringValue ?? v?["content"]?.stringValue }
        var template = config?["chat_template"]?.stringValue
        if template == nil, let list = config?["chat_template"]?.arrayValue {
            template = list.first(where: { $0["name"]?.stringValue == "default" })?["template"]?.stringValue
                ?? list.first?["template"]?.stringValue
        }
        var bos = tokenName(config?["bos_token"]).flatMap(lookup).map(Int.init)
        var eos = tokenName(config?["eos_token"]).flatMap(lookup).map(Int.init)
        if config == nil {
            // Without a config, GPT-2-family files mark the end of text with <|endoftext|>.
            eos = lookup("<|endoftext|>").map(Int.init)
            bos = nil
        }
        self.init(model: model, addedTokens: added, normalizer: normalizer, preTokenizer: preTokenizer,
                  postProcessor: post, decoder: decoder, chatTemplateText: template, bosTokenID: bos, eosTokenID: eos)
    }

    /// The tokenizer.json document (deterministic bytes).
    public func jsonData() throws -> Data {
        var added: [JSONValue] = []
        for id in addedByID.keys.sorted() {
            let a = addedByID[id]!
            added.append(.object([
                ("id", .number(Double(a.id))), ("content", .string(a.content)), ("single_word", .bool(a.singleWord)),
                ("lstrip", .bool(a.lstrip)), ("rstrip", .bool(a.rstrip)), ("normalized", .bool(a.normalized)),
                ("special", .bool(a.special)),
            ]))
        }
        var vocab: [(key: String, value: JSONValue)] = []
        vocab.reserveCapacity(model.tokens.count)
        for (id, token) in model.tokens.enumerated() where !token.isEmpty { vocab.append((token, .number(Double(id)))) }
        let merges: [JSONValue] = model.mergePairs.map { .array([.string(model.tokens[Int($0.0)]), .string(model.tokens[Int($0.1)])]) }
        let decoderJSON: JSONValue
        switch decoder {
        case .none: decoderJSON = .null
        case .byteLevel(let json): decoderJSON = json
        }
        let document: JSONValue = .object([
            ("version", .string("1.0")),
            ("truncation", .null),
            ("padding", .null),
            ("added_tokens", .array(added)),
            ("normalizer", normalizer?.json ?? .null),
            ("pre_tokenizer", preTokenizer?.json ?? .null),
            ("post_processor", postProcessor?.json ?? .null),
            ("decoder", decoderJSON),
            ("model", .object([
                ("type", .string("BPE")), ("dropout", .null), ("unk_token", .null),
                ("continuing_subword_prefix", .null), ("end_of_word_suffix", .null),
                ("fuse_unk", .bool(false)), ("byte_fallback", .bool(false)), ("ignore_merges", .bool(model.ignoreMerges)),
                ("vocab", .object(vocab)), ("merges", .array(merges)),
            ])),
        ])
        var bytes = document.prettyBytes()
        bytes.append(UInt8(ascii: "\n"))
        return Data(bytes)
    }

    /// Writes tokenizer.json atomically.
    public func save(to path: String) throws {
        let data = try jsonData()
        do { try data.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw TokenizerError.io(path: path, reason: "cannot write tokenizer.json (\(error.localizedDescription))")
        }
    }

    /// The tokenizer_config.json that goes beside tokenizer.json, as Hugging Face keeps them: the BOS and EOS
    /// spellings (null when undeclared) and the chat template when there is one (deterministic bytes).
    public func configData() throws -> Data {
        func name(_ id: Int?) -> JSONValue { id.flatMap { tokenStrings([$0]).first }.map(JSONValue.string) ?? .null }
        var members: [(key: String, value: JSONValue)] = [
            ("tokenizer_class", .string("PreTrainedTokenizerFast")),
            ("bos_token", name(bosTokenID)),
            ("eos_token", name(eosTokenID)),
        ]
        if let chatTemplateText { members.append(("chat_template", .string(chatTemplateText))) }
        var bytes = JSONValue.object(members).prettyBytes()
        bytes.append(UInt8(ascii: "\n"))
        return Data(bytes)
    }

    /// Writes tokenizer.json and tokenizer_config.json into `directory` (which must exist), each atomically.
    public func save(toFolder directory: String) throws {
        try save(to: (directory as NSString).appendingPathComponent("tokenizer.json"))
        let path = (directory as NSString).appendingPathComponent("tokenizer_config.json")
        do { try configData().write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw TokenizerError.io(path: path, reason: "cannot write tokenizer_config.json (\(error.localizedDescription))")
        }
    }
}

extension PreTokenizer {
    /// Reads a `pre_tokenizer` object; unknown types are an error naming the type.
    static func parse(_ json: JSONValue, path: String) throws -> PreTokenizer {
        guard let type = json["type"]?.stringValue else {
            throw TokenizerError.invalidField(path: path, field: "pre_tokenizer.type", reason: "is missing")
        }
        switch type {
        case "ByteLevel":
            return .byteLevel(addPrefixSpace: json["add_prefix_space"]?.boolValue ?? true,
                              trimOffsets: json["trim_offsets"]?.boolValue ?? true,
                              useRegex: json["use_regex"]?.boolValue ?? true)
        case "Digits":
            return .digits(individual: json["individual_digits"]?.boolValue ?? false)
        case "Split":
            let pattern: SplitPattern
            if let s = json["pattern"]?["String"]?.stringValue {
                pattern = try SplitPattern(isRegex: false, source: s, path: path)
            } else if let r = json["pattern"]?["Regex"]?.stringValue {
                pattern = try SplitPattern(isRegex: true, source: r, path: path)
            } else {
                throw TokenizerError.invalidField(path: path, field: "pre_tokenizer.pattern", reason: "must be {\"String\": …} or {\"Regex\": …}")
            }
            let name = json["behavior"]?.stringValue ?? "Isolated"
            guard let behavior = SplitBehavior(rawValue: name) else {
                throw TokenizerError.invalidField(path: path, field: "pre_tokenizer.behavior", reason: "'\(name)' is not a split behaviour")
            }
            return .split(pattern, behavior: behavior, invert: json["invert"]?.boolValue ?? false)
        case "Sequence":
            guard let items = json["pretokenizers"]?.arrayValue else {
                throw TokenizerError.invalidField(path: path, field: "pre_tokenizer.pretokenizers", reason: "must be an array")
            }
            return .sequence(try items.map { try parse($0, path: path) })
        default:
            throw TokenizerError.unsupported(path: path, component: "pre-tokenizer", type: type)
        }
    }

    /// The tokenizer.json object for this pre-tokenizer.
    var json: JSONValue {
        switch self {
        case .byteLevel(let addPrefixSpace, let trimOffsets, let useRegex):
            return .object([("type", .string("ByteLevel")), ("add_prefix_space", .bool(addPrefixSpace)),
                            ("trim_offsets", .bool(trimOffsets)), ("use_regex", .bool(useRegex))])
        case .digits(let individual):
            return .object([("type", .string("Digits")), ("individual_digits", .bool(individual))])
        case .split(let pattern, let behavior, let invert):
            return .object([("type", .string("Split")),
                            ("pattern", .object([(pattern.isRegex ? "Regex" : "String", .string(pattern.source))])),
                            ("behavior", .string(behavior.rawValue)), ("invert", .bool(invert))])
        case .sequence(let stages):
            return .object([("type", .string("Sequence")), ("pretokenizers", .array(stages.map(\.json)))])
        }
    }
}

extension PostProcessor {
    /// Reads a `post_processor`: ByteLevel (nothing to add), TemplateProcessing (its `single` template) or a Sequence.
    static func parse(_ json: JSONValue, lookup: (String) -> Int32?, path: String) throws -> PostProcessor {
        var result = PostProcessor(json: json)
        try collect(json, into: &result, lookup: lookup, path: path)
        return result
    }

    private static func collect(_ json: JSONValue, into result: inout PostProcessor, lookup: (String) -> Int32?, path: String) throws {
        let type = json["type"]?.stringValue ?? "?"
        switch type {
        case "ByteLevel": return
        case "Sequence":
            for p in json["processors"]?.arrayValue ?? [] { try collect(p, into: &result, lookup: lookup, path: path) }
        case "TemplateProcessing":
            var seenSequence = false
            for item in json["single"]?.arrayValue ?? [] {
                if item["Sequence"] != nil { seenSequence = true; continue }
                guard let name = item["SpecialToken"]?["id"]?.stringValue else { continue }
                let ids = json["special_tokens"]?[name]?["ids"]?.arrayValue?.compactMap { $0.intValue.map(Int32.init) }
                guard let resolved = ids ?? lookup(name).map({ [$0] }) else {
                    throw TokenizerError.invalidField(path: path, field: "post_processor.special_tokens", reason: "does not define '\(name)'")
                }
                if seenSequence { result.suffix += resolved } else { result.prefix += resolved }
            }
        default:
            throw TokenizerError.unsupported(path: path, component: "post-processor", type: type)
        }
    }
}
