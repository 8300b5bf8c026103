// Chat template rendering, recognition from checkpoint template texts, and SFT loss masks checked
// token by token against open-instruct's encode_sft_example rule (STUDIES.md §2.2).

import Testing
@testable import SmolTokenizers

@Suite struct ChatTemplateTests {
    static let system = ChatMessage(role: "system", content: "You are terse.")
    static let singleTurn = [system, ChatMessage(role: "user", content: "What is 7*8?"), ChatMessage(role: "assistant", content: "56")]
    static let multiTurn = singleTurn + [ChatMessage(role: "user", content: "And 6*7?"), ChatMessage(role: "assistant", content: "42, the answer.")]

    // MARK: Rendering

    @Test func chatmlRendering() {
        #expect(ChatTemplate.chatml.render(ChatTemplateTests.singleTurn, addGenerationPrompt: false, eosToken: "<|endoftext|>") ==
                "<|im_start|>system\nYou are terse.<|im_end|>\n<|im_start|>user\nWhat is 7*8?<|im_end|>\n<|im_start|>assistant\n56<|im_end|>\n")
        #expect(ChatTemplate.chatml.render(Array(ChatTemplateTests.singleTurn.prefix(2)), addGenerationPrompt: true, eosToken: "") ==
                "<|im_start|>system\nYou are terse.<|im_end|>\n<|im_start|>user\nWhat is 7*8?<|im_end|>\n<|im_start|>assistant\n")
    }

    @Test func tuluRenderingFollowsOpenInstruct() {
        let eos = "</s>"
        #expect(ChatTemplate.tulu.render(ChatTemplateTests.multiTurn, addGenerationPrompt: false, eosToken: eos) ==
                "<|system|>\nYou are terse.\n<|user|>\nWhat is 7*8?\n<|assistant|>\n56</s>\n<|user|>\nAnd 6*7?\n<|assistant|>\n42, the answer.</s>")
        #expect(ChatTemplate.tulu.render(Array(ChatTemplateTests.multiTurn.prefix(4)), addGenerationPrompt: true, eosToken: eos) ==
                "<|system|>\nYou are terse.\n<|user|>\nWhat is 7*8?\n<|assistant|>\n56</s>\n<|user|>\nAnd 6*7?\n<|assistant|>\n")
    }

    @Test func llama3RenderingTrimsContentAndAddsBOSOnce() {
        let messages = [ChatMessage(role: "user", content: "  hi \n"), ChatMessage(role: "assistant", content: "hello")]
        #expect(ChatTemplate.llama3.render(messages, addGenerationPrompt: false, eosToken: "") ==
                "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nhi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nhello<|eot_id|>")
        #expect(ChatTemplate.llama3.render(Array(messages.prefix(1)), addGenerationPrompt: true, eosToken: "").hasSuffix(
                "<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"))
    }

    @Test func llama3TrimStripsWhatPythonStrStripStrips() throws {
        // Jinja's trim is Python's str.strip(); these are the scalars below U+3001 where str.isspace() is
        // true (listed with python3: [c for c in range(0x3001) if chr(c).isspace()]).
        let python: Set<UInt32> = [0x9, 0xA, 0xB, 0xC, 0xD, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0, 0x1680,
                                   0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A,
                                   0x2028, 0x2029, 0x202F, 0x205F, 0x3000]
        for value in UInt32(0)...0x3000 {
            let s = try #require(Unicode.Scalar(value))
            let padded = "\(s)x\(s)"
            #expect(ChatTemplate.jinjaTrim(padded) == (python.contains(value) ? "x" : padded), "U+\(String(value, radix: 16))")
        }
        let messages = [ChatMessage(role: "user", content: "\u{1C}\u{85}hi\u{1F}")]
        #expect(ChatTemplate.llama3.render(messages, addGenerationPrompt: false, eosToken: "") ==
                "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nhi<|eot_id|>")
    }

    @Test func defaultSystemPromptsOfQwen2AndSmolLM2() {
        let user = [ChatMessage(role: "user", content: "hi")]
        #expect(ChatTemplate.qwen2.render(user, addGenerationPrompt: true, eosToken: "") ==
                "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n")
        #expect(ChatTemplate.smollm2.render(user, addGenerationPrompt: false, eosToken: "").hasPrefix(
                "<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n"))
        // With a system message of its own, no default is inserted.
        #expect(ChatTemplate.qwen2.render(ChatTemplateTests.singleTurn, addGenerationPrompt: false, eosToken: "") ==
                ChatTemplate.chatml.render(ChatTemplateTests.singleTurn, addGenerationPrompt: false, eosToken: ""))
    }

    // MARK: Recognition

    static let checkpointTemplates: [(String, ChatTemplate)] = [
        ("{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}{{ '<|im_start|>system\\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\\n' }}{% endif %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}", .smollm2),
        ("{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}{{ '<|im_start|>system\\nYou are a helpful assistant.<|im_end|>\\n' }}{% endif %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}", .qwen2),
        ("{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}", .chatml),
        ("{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+ message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}{{ content }}{% endfor %}{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}", .llama3),
        ("{% for message in messages %}{% if message['role'] == 'system' %}{{ '<|system|>\\n' + message['content'] + '\\n' }}{% elif message['role'] == 'user' %}{{ '<|user|>\\n' + message['content'] + '\\n' }}{% elif message['role'] == 'assistant' %}{% if not loop.last %}{{ '<|assistant|>\\n'  + message['content'] + eos_token + '\\n' }}{% else %}{{ '<|assistant|>\\n'  + message['content'] + eos_token }}{% endif %}{% endif %}{% if loop.last and add_generation_prompt %}{{ '<|assistant|>\\n' }}{% endif %}{% endfor %}", .tulu),
    ]

    @Test func recognisesCheckpointTemplates() throws {
        for (text, expected) in ChatTemplateTests.checkpointTemplates { #expect(try ChatTemplate.recognize(text) == expected) }
        for t in ChatTemplate.allCases { #expect(try ChatTemplate.recognize(t.rawValue) == t) }
    }

    @Test func unknownTemplateIsAnErrorNamingIt() {
        let gemma = "{{ bos_token }}{% for message in messages %}{{ '<start_of_turn>' + message['role'] + '\\n' }}{% endfor %}"
        #expect {
            try ChatTemplate.recognize(gemma)
        } throws: { error in
            let text = "\(error)"
            return text.contains("<start_of_turn>") && text.contains("unknown template") && text.contains("chatml")
        }
    }

    // MARK: SFT masks

    /// Expected (ids, labels) from segments encoded one by one: masked segments get -100.
    static func expected(_ segments: [(String, trained: Bool)], _ tokenizer: Tokenizer) -> (ids: [Int], labels: [Int]) {
        var ids: [Int] = [], labels: [Int] = []
        for (text, trained) in segments {
            let piece = tokenizer.encode(text)
            ids += piece
            labels += trained ? piece : Array(repeating: -100, count: piece.count)
        }
        return (ids, labels)
    }

    @Test func chatmlMasksSingleAndMultiTurn() throws {
        let tokenizer = try Fixtures.loadTokenizerA()
        let single = ChatTemplate.chatml.encodeForSFT(ChatTemplateTests.singleTurn, tokenizer: tokenizer)
        let singleExpected = ChatTemplateTests.expected([
            ("<|im_start|>system\nYou are terse.<|im_end|>\n<|im_start|>user\nWhat is 7*8?<|im_end|>\n<|im_start|>assistant\n", false),
            ("56<|im_end|>\n", true),
        ], tokenizer)
        #expect(single.ids == singleExpected.ids)
        #expect(single.labels == singleExpected.labels)

        let multi = ChatTemplate.chatml.encodeForSFT(ChatTemplateTests.multiTurn, tokenizer: tokenizer)
        let multiExpected = ChatTemplateTests.expected([
            ("<|im_start|>system\nYou are terse.<|im_end|>\n<|im_start|>user\nWhat is 7*8?<|im_end|>\n<|im_start|>assistant\n", false),
            ("56<|im_end|>\n", true),
            ("<|im_start|>user\nAnd 6*7?<|im_end|>\n<|im_start|>assistant\n", false),
            ("42, the answer.<|im_end|>\n", true),
        ], tokenizer)
        #expect(multi.ids == multiExpected.ids)
        #expect(multi.labels == multiExpected.labels)
        #expect(tokenizer.decode(zip(multi.ids, multi.labels).filter { $0.1 != -100 }.map(\.0)) == "56<|im_end|>\n42, the answer.<|im_end|>\n")
    }

    @Test func tuluMasksSingleAndMultiTurnWithEOS() throws {
        let tokenizer = try Fixtures.loadTokenizerA()   // EOS is <|endoftext|>
        let single = ChatTemplate.tulu.encodeForSFT(ChatTemplateTests.singleTurn, tokenizer: tokenizer)
        let singleExpected = ChatTemplateTests.expected([
            ("<|system|>\nYou are terse.\n<|user|>\nWhat is 7*8?\n<|assistant|>\n", false),
            ("56<|endoftext|>", true),
        ], tokenizer)
        #expect(single.ids == singleExpected.ids)
        #expect(single.labels == singleExpected.labels)
        #expect(single.ids.last == tokenizer.eosTokenID && single.labels.last == tokenizer.eosTokenID)

        let multi = ChatTemplate.tulu.encodeForSFT(ChatTemplateTests.multiTurn, tokenizer: tokenizer)
        let multiExpected = ChatTemplateTests.expected([
            ("<|system|>\nYou are terse.\n<|user|>\nWhat is 7*8?\n<|assistant|>\n", false),
            ("56<|endoftext|>", true),
            // The "\n" after a non-final EOS is masked: the next user span starts at the token length of the
            // prefix rendered without it (the assistant turn is last in that prefix), as encode_sft_example computes.
            ("\n<|user|>\nAnd 6*7?\n<|assistant|>\n", false),
            ("42, the answer.<|endoftext|>", true),
        ], tokenizer)
        #expect(multi.ids == multiExpected.ids)
        #expect(multi.labels == multiExpected.labels)
    }

    @Test func conversationEndingOnAUserTurnIsFullyMasked() throws {
        let tokenizer = try Fixtures.loadTokenizerA()
        let messages = Array(ChatTemplateTests.multiTurn.prefix(4))
        let (ids, labels) = ChatTemplate.chatml.encodeForSFT(messages, tokenizer: tokenizer)
        let trained = zip(ids, labels).filter { $0.1 != -100 }.map(\.0)
        #expect(tokenizer.decode(trained) == "56<|im_end|>\n")
    }

    @Test func truncationKeepsTheMaskAligned() throws {
        let tokenizer = try Fixtures.loadTokenizerA()
        let full = ChatTemplate.chatml.encodeForSFT(ChatTemplateTests.multiTurn, tokenizer: tokenizer)
        let cut = ChatTemplate.chatml.encodeForSFT(ChatTemplateTests.multiTurn, tokenizer: tokenizer, maxSequenceLength: 40)
        #expect(cut.ids == Array(full.ids.prefix(40)))
        #expect(cut.labels == Array(full.labels.prefix(40)))
    }
}
