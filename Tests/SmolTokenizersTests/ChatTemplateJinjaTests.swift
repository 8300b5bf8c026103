// The Jinja text a fine-tuned model saves renders as smol renders (ChatTemplate+Jinja invariants 1, 2).

import Foundation
import SmolTestSupport
import Testing
@testable import SmolTokenizers

@Suite struct ChatTemplateJinjaTests {
    static let conversations: [[ChatMessage]] = [
        [],
        [ChatMessage(role: "user", content: "What is 7*8?")],
        ChatTemplateTests.singleTurn,
        ChatTemplateTests.multiTurn,
        [ChatMessage(role: "user", content: "  padded\n"), ChatMessage(role: "assistant", content: "ok ")],
    ]

    @Test func everyTemplateIsRecognisedFromItsOwnJinja() throws {
        for template in ChatTemplate.allCases { #expect(try ChatTemplate.recognize(template.jinja) == template) }
    }

    /// Invariant 1, against Jinja2 itself (as transformers renders it).
    @Test(.enabled(if: ReferencePython.executable(importing: ["jinja2"]) != nil, "needs a python3 with jinja2 (scripts/python-env.sh)"))
    func jinjaRendersAsSmolRenders() throws {
        let python = try #require(ReferencePython.executable(importing: ["jinja2"]))
        let eos = "<|endoftext|>"
        for template in ChatTemplate.allCases {
            for messages in ChatTemplateJinjaTests.conversations {
                for generation in [false, true] where !(messages.isEmpty && !generation) {
                    let payload = try JSONEncoder().encode(messages)
                    let rendered = try ReferencePython.run(python, [
                        "-c", """
                        import sys, json, jinja2
                        env = jinja2.Environment(trim_blocks=True, lstrip_blocks=True)
                        out = env.from_string(sys.argv[1]).render(messages=json.loads(sys.argv[2]), add_generation_prompt=sys.argv[3] == '1', eos_token=sys.argv[4])
                        sys.stdout.write(json.dumps(out))
                        """,
                        template.jinja, String(decoding: payload, as: UTF8.self), generation ? "1" : "0", eos,
                    ])
                    let expected = template.render(messages, addGenerationPrompt: generation, eosToken: eos)
                    #expect(try JSONDecoder().decode(String.self, from: Data(rendered.utf8)) == expected,
                            "\(template) with \(messages.count) messages, generation prompt \(generation)")
                }
            }
        }
    }
}
