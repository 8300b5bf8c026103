// Chat templates smol knows, rendered exactly as the checkpoints' Jinja templates do, and
// recognised from a checkpoint's template text by distinctive markers.

import Foundation

/// One turn of a conversation.
public struct ChatMessage: Sendable, Equatable, Codable {
    /// "system", "user" or "assistant".
    public var role: String
    /// The text of the turn.
    public var content: String

    /// A message with a role and its text.
    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }
}

/// The chat formats smol renders: ChatML, Tulu (open-instruct), Llama-3, Qwen2 and SmolLM2's ChatML variant.
public enum ChatTemplate: String, CaseIterable, Sendable {
    /// `<|im_start|>role\n…<|im_end|>\n` per message (SmolLM2's format, without a default system prompt).
    case chatml
    /// open-instruct's `tulu`: `<|user|>\n…\n`, `<|assistant|>\n…` + EOS (+ `\n` unless last).
    case tulu
    /// Llama-3-Instruct: `<|begin_of_text|>` then `<|start_header_id|>role<|end_header_id|>\n\n` + trimmed content + `<|eot_id|>`.
    case llama3
    /// Qwen2-Instruct: ChatML with the default system prompt "You are a helpful assistant." when none is given.
    case qwen2
    /// SmolLM2-Instruct's own template: ChatML with its default system prompt when none is given.
    case smollm2

    /// The system prompt a template inserts when the conversation does not start with one.
    public var defaultSystemPrompt: String? {
        switch self {
        case .qwen2: return "You are a helpful assistant."
        case .smollm2: return "You are a helpful AI assistant named SmolLM, trained by Hugging Face"
        default: return nil
        }
    }

    /// Identifies a checkpoint's Jinja chat template; an unknown one is an error quoting its start.
    public static func recognize(_ templateText: String) throws -> ChatTemplate {
        let t = templateText
        if let named = ChatTemplate(rawValue: t.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()) { return named }
        if t.contains("<|start_header_id|>") && t.contains("<|eot_id|>") && !t.contains("Cutting Knowledge Date") { return .llama3 }
        if t.contains("<|im_start|>") && t.contains("<|im_end|>") && !t.contains("tools") {
            if t.contains(ChatTemplate.qwen2.defaultSystemPrompt!) { return .qwen2 }
            if t.contains(ChatTemplate.smollm2.defaultSystemPrompt!) { return .smollm2 }
            if !t.contains("You are") { return .chatml }
        }
        if t.contains("<|user|>") && t.contains("<|assistant|>") && t.contains("eos_token") && t.contains("not loop.last") { return .tulu }
        let flat = t.split(whereSeparator: \.isNewline).joined(separator: " ")
        throw TokenizerError.unknownChatTemplate(excerpt: flat.count > 80 ? String(flat.prefix(80)) + "…" : flat)
    }

    /// The prompt text for `messages`; with `addGenerationPrompt`, the assistant header that opens the reply.
    /// `eosToken` is the tokenizer's EOS text (used by Tulu after each assistant turn).
    public func render(_ messages: [ChatMessage], addGenerationPrompt: Bool, eosToken: String) -> String {
        var out = ""
        switch self {
        case .chatml, .qwen2, .smollm2:
            if let system = defaultSystemPrompt, let first = messages.first, first.role != "system" {
                out += "<|im_start|>system\n" + system + "<|im_end|>\n"
            }
            for m in messages { out += "<|im_start|>" + m.role + "\n" + m.content + "<|im_end|>\n" }
            if addGenerationPrompt { out += "<|im_start|>assistant\n" }
        case .tulu:
            for (i, m) in messages.enumerated() {
                let last = i == messages.count - 1
                switch m.role {
                case "system": out += "<|system|>\n" + m.content + "\n"
                case "user": out += "<|user|>\n" + m.content + "\n"
                case "assistant": out += "<|assistant|>\n" + m.content + eosToken + (last ? "" : "\n")
                default: break  // the template renders nothing for other roles
                }
                if last && addGenerationPrompt { out += "<|assistant|>\n" }
            }
        case .llama3:
            for (i, m) in messages.enumerated() {
                if i == 0 { out += "<|begin_of_text|>" }
                out += "<|start_header_id|>" + m.role + "<|end_header_id|>\n\n" + ChatTemplate.jinjaTrim(m.content) + "<|eot_id|>"
            }
            if addGenerationPrompt { out += "<|start_header_id|>assistant<|end_header_id|>\n\n" }
        }
        return out
    }

    /// Jinja's `trim` filter, which is Python's `str.strip()`: strips the scalars Python calls whitespace.
    static func jinjaTrim(_ s: String) -> String {
        var scalars = Substring(s).unicodeScalars[...]
        while let f = scalars.first, isPythonWhitespace(f) { scalars.removeFirst() }
        while let l = scalars.last, isPythonWhitespace(l) { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    /// Python's `str.isspace()` for one scalar: Unicode White_Space plus the information separators
    /// U+001C–U+001F (bidirectional class B or S), which White_Space leaves out.
    static func isPythonWhitespace(_ s: Unicode.Scalar) -> Bool {
        s.properties.isWhitespace || (0x1C...0x1F).contains(s.value)
    }

    /// Token ids of the whole conversation and labels (−100 where masked), as open-instruct's
    /// `encode_sft_example`: each non-assistant message's span is masked, from the token length of the
    /// prefix before it to the token length of the prefix through it — rendered with the generation
    /// prompt when an assistant turn follows, so the assistant header is masked too.
    public func encodeForSFT(_ messages: [ChatMessage], tokenizer: Tokenizer, maxSequenceLength: Int? = nil) -> (ids: [Int], labels: [Int]) {
        let eos = tokenizer.eosTokenID.flatMap { tokenizer.tokenStrings([$0]).first } ?? ""
        func tokenLength(_ prefix: ArraySlice<ChatMessage>, generation: Bool) -> Int {
            var n = tokenizer.encode(render(Array(prefix), addGenerationPrompt: generation, eosToken: eos)).count
            if let maxSequenceLength { n = min(n, maxSequenceLength) }
            return n
        }
        var ids = tokenizer.encode(render(messages, addGenerationPrompt: false, eosToken: eos))
        if let maxSequenceLength, ids.count > maxSequenceLength { ids.removeLast(ids.count - maxSequenceLength) }
        var labels = ids
        for (i, m) in messages.enumerated() where m.role != "assistant" {
            let start = i == 0 ? 0 : tokenLength(messages[..<i], generation: false)
            let nextIsAssistant = i + 1 < messages.count && messages[i + 1].role == "assistant"
            let end = tokenLength(messages[...i], generation: nextIsAssistant)
            for t in start..<min(end, labels.count) { labels[t] = -100 }
            if let maxSequenceLength, end >= maxSequenceLength { break }
        }
        return (ids, labels)
    }
}
