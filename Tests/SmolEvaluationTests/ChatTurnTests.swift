// Multiple choice asked as a chat turn (lm-evaluation-harness --apply_chat_template): the context is
// the user's turn and the assistant header, the answer is scored as the reply with no delimiter.

import SmolEvaluation
import SmolTokenizers
import Testing

@Suite struct ChatTurnTests {
    @Test func aChatContextIsTheUserTurnAndTheAnswerTheReply() throws {
        let settings = MCQSettings(task: "t", format: .mmlu, conditions: [try Condition("original")], scorings: [.symbol, .cloze, .pmi],
                                   chat: ChatTurn(template: .chatml, eosToken: "<|endoftext|>"))
        let prepared = try MCQEvaluation.prepare(PerturbationTests.item, index: 0, condition: try Condition("original"), settings: settings,
                                                 pool: [], kinds: settings.kinds)
        let plain = MCQPrompt.context(.symbol, prepared.presented, shots: [])
        #expect(prepared.contexts[.symbol] == "<|im_start|>user\n" + plain + "<|im_end|>\n<|im_start|>assistant\n")
        #expect(prepared.contexts[.cloze]!.hasSuffix("Which is largest?\nAnswer:<|im_end|>\n<|im_start|>assistant\n"))
        #expect(prepared.contexts[.unconditional] == "")
        let answers = prepared.requests.filter { $0.slot == 2 }.map(\.request.continuation)
        #expect(answers == ["C", "three", "three"])
    }

    @Test func withoutChatTheTargetDelimiterIsOneSpace() throws {
        let settings = MCQSettings(task: "t", format: .mmlu, conditions: [try Condition("original")], scorings: [.symbol, .cloze])
        let prepared = try MCQEvaluation.prepare(PerturbationTests.item, index: 0, condition: try Condition("original"), settings: settings,
                                                 pool: [], kinds: settings.kinds)
        #expect(prepared.requests.filter { $0.slot == 2 }.map(\.request.continuation) == [" C", " three"])
        #expect(!prepared.contexts[.symbol]!.contains("<|im_start|>"))
    }
}
