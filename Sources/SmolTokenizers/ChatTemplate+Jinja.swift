// The Jinja text of each chat template smol renders, written into tokenizer_config.json's
// `chat_template` when a trained model carries the template it was fine-tuned with.
//
// Invariants:
// 1. Rendering `jinja` with Jinja2 (as transformers' `apply_chat_template` does, with `messages`,
//    `add_generation_prompt` and `eos_token`) gives exactly `render(…)` (a differential test checks it).
// 2. `ChatTemplate.recognize(t.jinja) == t` for every template, so a saved model reloads with it.

extension ChatTemplate {
    /// The template as Jinja source, equivalent to `render(_:addGenerationPrompt:eosToken:)`.
    public var jinja: String {
        let turns = "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
        switch self {
        case .chatml:
            return turns
        case .qwen2, .smollm2:
            return "{% if messages and messages[0]['role'] != 'system' %}{{ '<|im_start|>system\\n\(defaultSystemPrompt!)<|im_end|>\\n' }}{% endif %}" + turns
        case .tulu:
            return "{% for message in messages %}"
                + "{% if message['role'] == 'system' %}{{ '<|system|>\\n' + message['content'] + '\\n' }}"
                + "{% elif message['role'] == 'user' %}{{ '<|user|>\\n' + message['content'] + '\\n' }}"
                + "{% elif message['role'] == 'assistant' %}{% if not loop.last %}{{ '<|assistant|>\\n' + message['content'] + eos_token + '\\n' }}"
                + "{% else %}{{ '<|assistant|>\\n' + message['content'] + eos_token }}{% endif %}{% endif %}"
                + "{% if loop.last and add_generation_prompt %}{{ '<|assistant|>\\n' }}{% endif %}{% endfor %}"
        case .llama3:
            return "{% for message in messages %}{% if loop.first %}{{ '<|begin_of_text|>' }}{% endif %}"
                + "{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' + message['content'] | trim + '<|eot_id|>' }}{% endfor %}"
                + "{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}"
        }
    }
}
