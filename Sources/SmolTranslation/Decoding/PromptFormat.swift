import SmolDatasets
import SmolTokenizers

/// How a segment becomes a prompt for the model.
public enum PromptFormat: Sendable, Equatable {
    /// An instruction model: `template` (with `{source}` for the text, `{target_language}` for, say,
    /// "Arabic") is the user turn, rendered with the model's chat template (ChatML when it has none)
    /// and followed by the assistant header; SmolLM2-Instruct style.
    case chat(template: String)
    /// A conditional model trained on tagged pairs: `<en> source <ar>`, continued by the translation
    /// and an end-of-sequence token.
    case tagged
    /// A prompt text of its own, with `{source}` (and optionally `{target_language}`).
    case plain(template: String)

    /// The default instruction of `.chat`.
    public static let defaultInstruction = "Translate to {target_language}: {source}"

    /// The name of the format, as settings and commands spell it.
    public var name: String {
        switch self {
        case .chat: "chat"
        case .tagged: "tagged"
        case .plain: "plain"
        }
    }

    /// The template text (empty for `.tagged`).
    public var template: String {
        switch self {
        case .chat(let t), .plain(let t): t
        case .tagged: ""
        }
    }

    /// The prompt for `text`.
    public func prompt(_ text: String, sourceLanguage: String, targetLanguage: String, tokenizer: Tokenizer) throws -> String {
        func fill(_ template: String) -> String {
            template.replacingOccurrences(of: "{target_language}", with: Self.languageName(targetLanguage))
                .replacingOccurrences(of: "{source_language}", with: Self.languageName(sourceLanguage))
                .replacingOccurrences(of: "{source}", with: text)
        }
        switch self {
        case .tagged:
            return TaggedTranslation.prompt(text, from: sourceLanguage, to: targetLanguage)
        case .plain(let template):
            return fill(template)
        case .chat(let template):
            let chat = try tokenizer.chatTemplateText.map(ChatTemplate.recognize) ?? .chatml
            return chat.render([ChatMessage(role: "user", content: fill(template))], addGenerationPrompt: true,
                               eosToken: tokenizer.eosTokenID.map { tokenizer.decode([$0]) } ?? "")
        }
    }

    /// Checks that a template names `{source}`.
    public func validate() throws {
        if case .tagged = self { return }
        guard template.contains("{source}") else {
            throw TranslationError.invalidArgument("the prompt template must contain {source} where the text goes, e.g. \"\(Self.defaultInstruction)\"")
        }
    }

    /// English names of common language codes ("ar" → "Arabic"); the code itself otherwise.
    public static func languageName(_ code: String) -> String {
        let names = ["ar": "Arabic", "en": "English", "fr": "French", "es": "Spanish", "de": "German", "ru": "Russian",
                     "zh": "Chinese", "hi": "Hindi", "ja": "Japanese", "ko": "Korean", "tr": "Turkish", "fa": "Persian", "ur": "Urdu"]
        return names[code] ?? code
    }
}
