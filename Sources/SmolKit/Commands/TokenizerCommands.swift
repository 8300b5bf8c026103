import Foundation
import SmolCore
import SmolDatasets
import SmolFormats
import SmolLedger
import SmolScript
import SmolTokenizers

/// `tokenizer.*`, `chat.render` and `chat.encode`: byte-level BPE tokenizers, chat templates and SFT masks.
///
/// A tokenizer artifact is a tree of tokenizer.json and tokenizer_config.json (BOS, EOS, chat template),
/// the files a Hugging Face folder holds; artifacts stored before that as a lone tokenizer.json still load.
enum TokenizerCommands {
    static var all: [CommandDefinition] { [load, save, train, encode, decode, count, render, chatEncode] }

    static let load = CommandDefinition(
        CommandSignature("tokenizer.load", summary: "Loads a tokenizer.json, a model folder holding one, or a .gguf vocabulary.",
                         parameters: [Parameter("path", .string, positional: true, doc: "tokenizer.json, folder or .gguf")],
                         returns: .handle(.tokenizer)),
        fileParameters: ["path"]
    ) { context in
        let path = try context.inputPath("path")
        let tokenizer = try Tokenizer.load(path: path)
        return .handle(try context.output(tokenizer))
    }

    static let save = CommandDefinition(
        CommandSignature("tokenizer.save", summary: "Writes tokenizer.json and tokenizer_config.json into a folder (a path ending in .json names the tokenizer file itself).",
                         parameters: [Parameter("tokenizer", .handle(.tokenizer), positional: true, doc: "tokenizer to save"),
                                      Parameter("path", .string, positional: true,
                                                doc: "destination folder (created if needed), or a …/tokenizer.json path whose folder also gets tokenizer_config.json")],
                         returns: .handle(.tokenizer), cacheable: false)
    ) { context in
        let handle = try context.artifact("tokenizer", kind: .tokenizer)
        let tokenizer = try context.load("tokenizer", as: Tokenizer.self)
        let path = try context.path("path")
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        do {
            if path.hasSuffix(".json") && !(exists && isFolder.boolValue) {
                if exists { guard !isFolder.boolValue else { throw SmolKitError.argument("path", "is a folder") } }
                let folder = (path as NSString).deletingLastPathComponent
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try AtomicFile.write(try tokenizer.jsonData(), to: path)
                try AtomicFile.write(try tokenizer.configData(), to: folder + "/tokenizer_config.json")
            } else {
                if exists && !isFolder.boolValue {
                    throw SmolKitError.argument("path", "is a file; give a folder, or a path ending in .json")
                }
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
                try AtomicFile.write(try tokenizer.jsonData(), to: path + "/tokenizer.json")
                try AtomicFile.write(try tokenizer.configData(), to: path + "/tokenizer_config.json")
            }
        } catch let error as SmolKitError {
            throw error
        } catch {
            throw SmolKitError.argument("path", "cannot write there (\(error.localizedDescription)); check the folder and its permissions")
        }
        return .handle(handle)
    }

    static let train = CommandDefinition(
        CommandSignature("tokenizer.train", summary: "Trains a byte-level BPE on a dataset's text (deterministic).",
                         parameters: [
                             Parameter("corpus", .handle(.dataset), positional: true, doc: "dataset whose text fields are the corpus"),
                             Parameter("vocab", .integer, doc: "target vocabulary size, special tokens included"),
                             Parameter("special", .list(.string), default: .emptyList, doc: "special tokens, given the first ids"),
                             Parameter("min_frequency", .integer, default: .number(2), doc: "a pair must occur this often to merge"),
                         ], returns: .handle(.tokenizer))
    ) { context in
        let corpus = try context.load("corpus", as: Dataset.self)
        let special = try context.list("special").compactMap { value -> String? in
            if case .string(let s) = value { return s }
            return nil
        }
        let tokenizer = try Tokenizer.train(corpus: corpus.records.lazy.map(RecordText.of),
                                            vocabularySize: try context.integer("vocab"),
                                            specialTokens: special, minFrequency: try context.integer("min_frequency"),
                                            threads: context.threads)
        return .handle(try context.output(tokenizer))
    }

    static let encode = CommandDefinition(
        CommandSignature("tokenizer.encode", summary: "Token ids of a text.",
                         parameters: [Parameter("tokenizer", .handle(.tokenizer), positional: true, doc: "tokenizer"),
                                      Parameter("text", .string, positional: true, doc: "text to encode"),
                                      Parameter("add_special_tokens", .bool, default: .bool(true),
                                                doc: "add what the tokenizer's post-processor adds (e.g. Llama-3's BOS), as HF's default; tokenizer.count never adds them")],
                         returns: .list(.integer), cacheable: false)
    ) { context in
        let ids = try context.load("tokenizer", as: Tokenizer.self).encode(try context.string("text"),
                                                             addSpecialTokens: try context.bool("add_special_tokens"))
        return .list(ids.map { .number(Double($0)) })
    }

    static let decode = CommandDefinition(
        CommandSignature("tokenizer.decode", summary: "Text of a list of token ids.",
                         parameters: [Parameter("tokenizer", .handle(.tokenizer), positional: true, doc: "tokenizer"),
                                      Parameter("ids", .list(.integer), positional: true, doc: "token ids, each in 0..<vocab")],
                         returns: .string, cacheable: false)
    ) { context in
        let tokenizer = try context.load("tokenizer", as: Tokenizer.self)
        let vocabulary = tokenizer.vocabularySize
        let ids = try context.list("ids").enumerated().map { index, value -> Int in
            // Checked as a Double first: Int(x) traps on values it cannot represent (1e30, nan).
            guard case .number(let x) = value, x == x.rounded(), x >= 0, x < Double(vocabulary) else {
                throw SmolKitError.argument("ids", "element \(index) is \(value), not a token id; ids are integers in 0..<\(vocabulary)")
            }
            return Int(x)
        }
        return .string(tokenizer.decode(ids))
    }

    static let count = CommandDefinition(
        CommandSignature("tokenizer.count",
                         summary: "Tokens, words and tokens per word of a dataset; with two fields, the token premium of the second.",
                         parameters: [
                             Parameter("tokenizer", .handle(.tokenizer), positional: true, doc: "tokenizer"),
                             Parameter("dataset", .handle(.dataset), positional: true, doc: "dataset to count"),
                             Parameter("by", .list(.string), default: .emptyList,
                                       doc: "fields counted separately, e.g. [\"en\", \"ar\"] on a parallel corpus"),
                         ], returns: .record)
    ) { context in
        let tokenizer = try context.load("tokenizer", as: Tokenizer.self)
        let dataset = try context.load("dataset", as: Dataset.self)
        let fields = try context.list("by").compactMap { value -> String? in
            if case .string(let s) = value { return s }
            return nil
        }
        let groups: [(String, [String])] = fields.isEmpty
            ? [("all", dataset.records.map(RecordText.of))]
            : try fields.map { field in (field, try dataset.records.enumerated().map { try text(of: $1, field: field, index: $0) }) }
        var result = Record()
        var counts: [TokenCount] = []
        for (name, texts) in groups {
            let count = TokenCount.count(texts, tokenizer: tokenizer, threads: context.threads)
            counts.append(count)
            context.metric("tokens.\(name)", Double(count.tokens))
            context.metric("tokens_per_word.\(name)", count.tokensPerWord)
            result[name] = .record(Record([("tokens", .number(Double(count.tokens))), ("words", .number(Double(count.words))),
                                           ("tokens_per_word", .number(count.tokensPerWord))]))
        }
        if counts.count == 2, counts[0].tokens > 0 {
            let premium = Double(counts[1].tokens) / Double(counts[0].tokens)
            context.metric("token_premium", premium)
            result["premium"] = .number(premium)
        }
        return .record(result)
    }

    static let render = CommandDefinition(
        CommandSignature("chat.render",
                         summary: "Renders messages with a chat template (chatml, tulu, llama3, qwen2, smollm2, or a tokenizer's own).",
                         parameters: [
                             Parameter("messages", .list(.record), positional: true, doc: "[[role: \"user\", content: \"…\"], …]"),
                             templateParameter(default: "chatml"),
                             Parameter("tokenizer", .optional(.handle(.tokenizer)), default: .null,
                                       doc: "the tokenizer whose template \"auto\" uses and whose EOS tulu appends"),
                             Parameter("generation_prompt", .bool, default: .bool(false), doc: "end with the assistant header"),
                             Parameter("eos", .optional(.string), default: .null,
                                       doc: "EOS text tulu appends to assistant turns (default: the tokenizer's, else <|endoftext|>)"),
                         ], returns: .string, cacheable: false)
    ) { context in
        let tokenizer = try context.loadIfGiven("tokenizer", as: Tokenizer.self)
        let template = try chatTemplate(context, tokenizer: tokenizer)
        let eos = try context.optionalString("eos")
            ?? tokenizer.flatMap { t in t.eosTokenID.flatMap { t.tokenStrings([$0]).first } } ?? "<|endoftext|>"
        return .string(template.render(try messages(context), addGenerationPrompt: try context.bool("generation_prompt"), eosToken: eos))
    }

    static let chatEncode = CommandDefinition(
        CommandSignature("chat.encode",
                         summary: "SFT encoding of a conversation as open-instruct's encode_sft_example: ids, and labels with -100 where the loss is masked.",
                         parameters: [
                             Parameter("messages", .list(.record), positional: true, doc: "[[role: \"user\", content: \"…\"], …]"),
                             Parameter("tokenizer", .handle(.tokenizer), positional: true, doc: "tokenizer (its EOS ends tulu's assistant turns)"),
                             templateParameter(default: "auto"),
                             Parameter("max_length", .optional(.integer), default: .null, doc: "truncate ids and labels to this many tokens"),
                         ], returns: .record, cacheable: false)
    ) { context in
        let tokenizer = try context.load("tokenizer", as: Tokenizer.self)
        let template = try chatTemplate(context, tokenizer: tokenizer)
        let maxLength = try context.optionalInteger("max_length")
        if let maxLength, maxLength < 1 { throw SmolKitError.argument("max_length", "must be at least 1, got \(maxLength)") }
        let (ids, labels) = template.encodeForSFT(try messages(context), tokenizer: tokenizer, maxSequenceLength: maxLength)
        return .record(Record([
            ("ids", .list(ids.map { .number(Double($0)) })),
            ("labels", .list(labels.map { .number(Double($0)) })),
            ("trained_tokens", .number(Double(labels.filter { $0 != -100 }.count))),
        ]))
    }

    /// `template:`: a known template's name, "auto" (the tokenizer's own), or a Jinja template text that
    /// smol recognises as one of the known ones.
    static func templateParameter(default name: String) -> Parameter {
        Parameter("template", .string, default: .string(name), choices: ChatTemplate.allCases.map(\.rawValue) + ["auto"],
                  acceptsFreeText: true, doc: "chat template: a name, auto (the tokenizer's own), or a Jinja template text smol recognises")
    }

    /// The template named by `template:`: a known name, "auto" (the tokenizer's template text), or a template text.
    static func chatTemplate(_ context: CommandContext, tokenizer: Tokenizer?) throws -> ChatTemplate {
        let name = try context.string("template")
        let known = ChatTemplate.allCases.map(\.rawValue).joined(separator: ", ")
        let text: String
        if name == "auto" {
            guard let tokenizer else {
                throw SmolKitError.argument("template", "\"auto\" uses a tokenizer's own template; pass tokenizer:, or one of \(known)")
            }
            guard let own = tokenizer.chatTemplateText else {
                throw SmolKitError.argument("template", "the tokenizer has no chat template; pass one of \(known)")
            }
            text = own
        } else {
            text = name
        }
        do { return try ChatTemplate.recognize(text) } catch TokenizerError.unknownChatTemplate(let excerpt) {
            throw SmolKitError.argument("template", "unknown template '\(excerpt)'; smol knows \(known); pass one of those names")
        }
    }

    /// The `messages:` argument as chat messages.
    static func messages(_ context: CommandContext) throws -> [ChatMessage] {
        try context.list("messages").enumerated().map { index, value -> ChatMessage in
            guard case .record(let r) = value, case .string(let role)? = r["role"], case .string(let content)? = r["content"] else {
                throw SmolKitError.argument("messages", "message \(index) needs role: and content: strings")
            }
            return ChatMessage(role: role, content: content)
        }
    }

    /// The text of a record's field (`RecordText.of` for non-string values); a record without the field is
    /// an error naming it and the fields the record has.
    static func text(of record: JSONValue, field: String, index: Int) throws -> String {
        guard let value = record[field] else {
            let available: [String]
            if case .object(let members) = record { available = members.map(\.key) } else { available = [] }
            throw SmolKitError.argument("by", "record \(index) has no field '\(field)'; its fields are "
                                        + (available.isEmpty ? "none" : available.joined(separator: ", ")))
        }
        return value.stringValue ?? RecordText.of([field: value])
    }
}
