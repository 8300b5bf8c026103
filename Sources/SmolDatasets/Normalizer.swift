import SmolCore

/// Turns a raw record of a known schema into its canonical shape (see `Schema`), with a content id.
enum Normalizer {
    /// The canonical record, or a `RecordIssue` locating what is wrong.
    /// With `keepExtra`, fields the schema does not know are kept under `"meta"` instead of rejected.
    static func normalize(_ raw: JSONValue, schema: Schema, lenientNumbers: Bool = false, keepExtra: Bool = false) throws -> JSONValue {
        var fields = RecordFields(raw, schema: schema, lenientNumbers: lenientNumbers)
        fields.keepExtra = keepExtra
        var content: JSONValue
        switch schema {
        case .sft: content = try sft(&fields)
        case .preference: content = try preference(&fields)
        case .multipleChoice: content = try multipleChoice(&fields)
        case .math: content = try math(&fields)
        case .instruction: content = try instruction(&fields)
        case .text: content = .object([(key: "text", value: .string(try fields.string("text")))])
        case .translation:
            content = ["source": .string(try fields.string("source")), "target": .string(try fields.string("target")),
                       "source_lang": .string(try fields.optionalString("source_lang") ?? "und"),
                       "target_lang": .string(try fields.optionalString("target_lang") ?? "und")]
        }
        try fields.rejectUnknown()
        content = RecordID.assign(content)
        if var meta = fields.meta() {
            // A canonical record's own content id is not metadata: reloading canonical JSONL is lossless.
            // (Nor is the occurrence-suffixed id "<content id>-<k>" of a repeated record.)
            if let id = meta["id"]?.stringValue, let own = content["id"]?.stringValue, RecordID.isOccurrence(id, of: own) { meta = meta.removing("id") }
            if meta.objectValue?.isEmpty == false { content = content.setting("meta", to: meta) }
        }
        return content
    }

    static func sft(_ fields: inout RecordFields) throws -> JSONValue {
        var messages: [JSONValue]
        if fields.has("messages") {
            messages = try Messages.list(try fields.require("messages"), at: "/messages")
        } else if fields.has("conversations") {
            messages = try Messages.list(try fields.require("conversations"), at: "/conversations")
            if let system = try fields.optionalString("system"), !system.isEmpty { messages.insert(Messages.make("system", system), at: 0) }
        } else {
            let instruction = try fields.string("instruction")
            let input = try fields.optionalString("input") ?? ""
            let output = try fields.string("output")
            messages = []
            if let system = try fields.optionalString("system"), !system.isEmpty { messages.append(Messages.make("system", system)) }
            if let history = fields.optional("history"), !history.isNull {
                for (t, turn) in try RecordFields.array(history, at: "/history").enumerated() {
                    let pair = try RecordFields.array(turn, at: "/history/\(t)")
                    guard pair.count == 2 else {
                        throw RecordIssue(pointer: "/history/\(t)", reason: "a history turn must be [question, answer]", hint: "write two strings per turn")
                    }
                    messages.append(Messages.make("user", try RecordFields.string(pair[0], at: "/history/\(t)/0")))
                    messages.append(Messages.make("assistant", try RecordFields.string(pair[1], at: "/history/\(t)/1")))
                }
            }
            messages.append(Messages.make("user", input.isEmpty ? instruction : instruction + "\n\n" + input))
            messages.append(Messages.make("assistant", output))
        }
        guard messages.contains(where: { Messages.role($0) == "assistant" }) else {
            throw RecordIssue(pointer: fields.has("messages") ? "/messages" : "/conversations", reason: "the conversation has no assistant turn",
                              hint: "SFT needs at least one assistant message to learn from")
        }
        return .object([(key: "messages", value: .array(messages))])
    }

    static func preference(_ fields: inout RecordFields) throws -> JSONValue {
        var prompt: [JSONValue] = []
        var promptIsText = false  // Tulu 3 keeps the first user turn as a string beside full conversations
        if fields.has("conversations") {
            prompt = try Messages.list(try fields.require("conversations"), at: "/conversations")
        } else if fields.has("messages") {
            prompt = try Messages.list(try fields.require("messages"), at: "/messages")
        } else if let p = fields.optional("prompt") {
            prompt = try Messages.flexible(p, at: "/prompt", stringRole: "user")
            promptIsText = p.stringValue != nil
        }
        if fields.has("conversations") || fields.has("messages"), let system = try fields.optionalString("system"), !system.isEmpty {
            prompt.insert(Messages.make("system", system), at: 0)
        }
        var chosen = try Messages.flexible(try fields.require("chosen"), at: "/chosen", stringRole: "assistant")
        var rejected = try Messages.flexible(try fields.require("rejected"), at: "/rejected", stringRole: "assistant")
        // Tulu 3 shape: chosen/rejected are whole conversations that share the prompt turns; the
        // shared turns are the prompt (a text "prompt" beside them repeats their first user turn).
        var shared = 0
        while shared < chosen.count - 1 && shared < rejected.count - 1 && chosen[shared] == rejected[shared] { shared += 1 }
        if shared > 0 {
            let prefix = Array(chosen[..<shared])
            prompt = (prompt.isEmpty || promptIsText || prompt == prefix) ? prefix : prompt + prefix
            chosen.removeFirst(shared)
            rejected.removeFirst(shared)
        }
        guard !prompt.isEmpty else {
            throw RecordIssue(pointer: "", reason: "missing required field \"prompt\" for schema preference",
                              hint: "add a prompt, or give chosen and rejected as full conversations that share the prompt turns")
        }
        return ["prompt": .array(prompt), "chosen": .array(chosen), "rejected": .array(rejected)]
    }

    static func math(_ fields: inout RecordFields) throws -> JSONValue {
        let question = try fields.string("question")
        let answer = try fields.string("answer")
        guard let final = finalAnswer(answer) else {
            throw RecordIssue(pointer: "/answer", reason: "the answer does not end with '#### N'",
                              hint: "GSM8K answers end with a line '#### <final answer>'")
        }
        if let given = try fields.optionalString("final"), given != final {
            throw RecordIssue(pointer: "/final", reason: "final \"\(given)\" disagrees with the answer's '#### \(final)'",
                              hint: "remove \"final\" (it is derived from the answer) or correct it")
        }
        return ["question": .string(question), "answer": .string(answer), "final": .string(final)]
    }

    /// The text after the last `####`, trimmed, without thousands separators.
    static func finalAnswer(_ answer: String) -> String? {
        guard let range = answer.range(of: "####", options: .backwards) else { return nil }
        let tail = answer[range.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: ",", with: "")
        return tail.isEmpty ? nil : tail
    }

    static func instruction(_ fields: inout RecordFields) throws -> JSONValue {
        let prompt = try fields.string("prompt")
        let ids = try RecordFields.array(try fields.require("instruction_id_list"), at: "/instruction_id_list")
        let idStrings = try ids.enumerated().map { try RecordFields.string($1, at: "/instruction_id_list/\($0)") }
        var kwargs: [JSONValue] = Array(repeating: .object([]), count: ids.count)
        if let k = fields.optional("kwargs") {
            kwargs = try RecordFields.array(k, at: "/kwargs")
            for (i, entry) in kwargs.enumerated() where entry.objectValue == nil {
                throw RecordIssue(pointer: "/kwargs/\(i)", reason: "wrong type at /kwargs/\(i): expected an object, found a \(entry.typeName)",
                                  hint: "write {} when an instruction has no arguments")
            }
            guard kwargs.count == ids.count else {
                throw RecordIssue(pointer: "/kwargs", reason: "kwargs has \(kwargs.count) entries but instruction_id_list has \(ids.count)",
                                  hint: "give one kwargs object per instruction id, in the same order")
            }
        }
        return ["prompt": .string(prompt), "instruction_id_list": .array(idStrings.map { .string($0) }), "kwargs": .array(kwargs)]
    }
}

import Foundation
