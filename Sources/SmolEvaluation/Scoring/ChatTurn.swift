import SmolTokenizers

/// A prompt rendered as one user turn of a chat template, ending in the assistant header that opens
/// the reply: how an instruction-tuned model is asked (lm-evaluation-harness `--apply_chat_template`,
/// the whole context as one user message).
public struct ChatTurn: Sendable {
    public var template: ChatTemplate
    /// The tokenizer's end-of-sequence text (Tulu closes assistant turns with it).
    public var eosToken: String

    public init(template: ChatTemplate, eosToken: String) {
        self.template = template
        self.eosToken = eosToken
    }

    /// The tokenizer's own template, or an error saying the model has none smol knows.
    public init(tokenizer: Tokenizer) throws {
        guard let text = tokenizer.chatTemplateText else {
            throw EvaluationError.unsupported("chat: true needs a tokenizer with a chat template; this one has none (pass chat: false, or evaluate a model fine-tuned by train.sft, which carries its template)")
        }
        self.init(template: try ChatTemplate.recognize(text), eosToken: tokenizer.eosTokenID.map { tokenizer.decode([$0]) } ?? "")
    }

    /// `text` as the user's turn, followed by the assistant header.
    public func render(_ text: String) -> String {
        template.render([ChatMessage(role: "user", content: text)], addGenerationPrompt: true, eosToken: eosToken)
    }
}
