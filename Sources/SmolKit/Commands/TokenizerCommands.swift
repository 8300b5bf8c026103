import Foundation
import SmolCore
import SmolDatasets
import SmolFormats
import SmolLedger
import SmolScript
import SmolTokenizers

/// `tokenizer.*` and `chat.render`: byte-level BPE tokenizers and chat templates.
enum TokenizerCommands {
    static var all: [CommandDefinition] { [load, train, encode, decode, count, render] }

    static let load = CommandDefinition(
        CommandSignature("tokenizer.load", summary: "Loads a tokenizer.json, a model folder holding one, or a .gguf vocabulary.",
                         parameters: [Parameter("path", .string, positional: true, doc: "tokenizer.json, folder or .gguf")],
                         returns: .handle("tokenizer")),
        fileParameters: ["path"]
    ) { context in
        let path = try context.path("path")
        guard FileManager.default.fileExists(atPath: path) else { throw SmolKitError.fileNotFound(path) }
        let tokenizer = try Tokenizer.load(path: path)
        return .handle(try output(tokenizer, context: context))
    }

    static let train = CommandDefinition(
        CommandSignature("tokenizer.train", summary: "Trains a byte-level BPE on a dataset's text (deterministic).",
                         parameters: [
                             Parameter("corpus", .handle("dataset"), positional: true, doc: "dataset whose text fields are the corpus"),
                             Parameter("vocab", .integer, doc: "target vocabulary size, special tokens included"),
                             Parameter("special", .list(.string), default: .emptyList, doc: "special tokens, given the first ids"),
                             Parameter("min_frequency", .integer, default: .number(2), doc: "a pair must occur this often to merge"),
                         ], returns: .handle("tokenizer"))
    ) { context in
        let corpus = try DataCommands.dataset("corpus", context)
        let special = try context.list("special").compactMap { value -> String? in
            if case .string(let s) = value { return s }
            return nil
        }
        let tokenizer = try Tokenizer.train(corpus: corpus.records.lazy.map(RecordText.of),
                                            vocabularySize: try context.integer("vocab"),
                                            specialTokens: special, minFrequency: try context.integer("min_frequency"),
                                            threads: context.threads)
        return .handle(try output(tokenizer, context: context))
    }

    static let encode = CommandDefinition(
        CommandSignature("tokenizer.encode", summary: "Token ids of a text.",
                         parameters: [Parameter("tokenizer", .handle("tokenizer"), positional: true, doc: "tokenizer"),
                                      Parameter("text", .string, positional: true, doc: "text to encode")],
                         returns: .list(.integer), cacheable: false)
    ) { context in
        let ids = try tokenizer("tokenizer", context).encode(try context.string("text"))
        return .list(ids.map { .number(Double($0)) })
    }

    static let decode = CommandDefinition(
        CommandSignature("tokenizer.decode", summary: "Text of a list of token ids.",
                         parameters: [Parameter("tokenizer", .handle("tokenizer"), positional: true, doc: "tokenizer"),
                                      Parameter("ids", .list(.integer), positional: true, doc: "token ids")],
                         returns: .string, cacheable: false)
    ) { context in
        let ids = try context.list("ids").map { value -> Int in
            guard case .number(let x) = value else { return -1 }
            return Int(x)
        }
        return .string(try tokenizer("tokenizer", context).decode(ids))
    }

    static let count = CommandDefinition(
        CommandSignature("tokenizer.count",
                         summary: "Tokens, words and tokens per word of a dataset; with two fields, the token premium of the second.",
                         parameters: [
                             Parameter("tokenizer", .handle("tokenizer"), positional: true, doc: "tokenizer"),
                             Parameter("dataset", .handle("dataset"), positional: true, doc: "dataset to count"),
                             Parameter("by", .list(.string), default: .emptyList,
                                       doc: "fields counted separately, e.g. [\"en\", \"ar\"] on a parallel corpus"),
                         ], returns: .record)
    ) { context in
        let tokenizer = try tokenizer("tokenizer", context)
        let dataset = try DataCommands.dataset("dataset", context)
        let fields = try context.list("by").compactMap { value -> String? in
            if case .string(let s) = value { return s }
            return nil
        }
        let groups: [(String, [String])] = fields.isEmpty
            ? [("all", dataset.records.map(RecordText.of))]
            : fields.map { field in (field, dataset.records.map { text(of: $0, field: field) }) }
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
        CommandSignature("chat.render", summary: "Renders messages with a chat template (chatml, tulu, llama3, qwen2).",
                         parameters: [
                             Parameter("messages", .list(.record), positional: true, doc: "[[role: \"user\", content: \"…\"], …]"),
                             Parameter("template", .string, default: .string("chatml"),
                                       doc: ChatTemplate.allCases.map(\.rawValue).joined(separator: " | ")),
                             Parameter("generation_prompt", .bool, default: .bool(false), doc: "end with the assistant header"),
                             Parameter("eos", .string, default: .string("<|endoftext|>"), doc: "EOS text (tulu appends it to assistant turns)"),
                         ], returns: .string, cacheable: false)
    ) { context in
        let name = try context.string("template")
        guard let template = ChatTemplate(rawValue: name) else {
            throw SmolKitError.argument("template", "unknown template '\(name)'; use \(ChatTemplate.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let messages = try context.list("messages").map { value -> ChatMessage in
            guard case .record(let r) = value, case .string(let role)? = r["role"], case .string(let content)? = r["content"] else {
                throw SmolKitError.argument("messages", "each message needs role: and content: strings")
            }
            return ChatMessage(role: role, content: content)
        }
        return .string(template.render(messages, addGenerationPrompt: try context.bool("generation_prompt"),
                                       eosToken: try context.string("eos")))
    }

    // MARK: Tokenizer artifacts

    static func tokenizer(_ name: String, _ context: CommandContext) throws -> Tokenizer {
        try tokenizer(try context.artifact(name, kind: "tokenizer"), context)
    }

    /// The tokenizer behind a handle, loaded from its tokenizer.json in the store on first use.
    static func tokenizer(_ handle: ArtifactHandle, _ context: CommandContext) throws -> Tokenizer {
        try handle.payload(as: Tokenizer.self) { ref in try Tokenizer.load(path: context.store.path(of: ref.sha256)) }
    }

    static func output(_ tokenizer: Tokenizer, context: CommandContext) throws -> ArtifactHandle {
        try context.output(
            bytes: [UInt8](try tokenizer.jsonData()), kind: "tokenizer",
            summary: "tokenizer \(tokenizer.vocabularySize) tokens",
            properties: [("vocab", .number(Double(tokenizer.vocabularySize)))], payload: tokenizer)
    }

    /// The text of a record: one named field's text, or all of it (`RecordText.of`).
    static func text(of record: JSONValue, field: String) -> String {
        guard let value = record[field] else { return "" }
        return value.stringValue ?? RecordText.of([field: value])
    }
}
