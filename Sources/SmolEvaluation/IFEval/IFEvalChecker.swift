import SmolCore

/// IFEval scoring of one response (Google's `evaluation_lib.py`): strict, and loose (an upper bound:
/// an instruction counts as followed when any of eight variants of the response follows it — the
/// response, without its first line, without its last line, without both, and each of those with
/// every `*` removed). An empty (all-whitespace) response follows nothing.
public enum IFEvalChecker {
    /// The verdict of one prompt.
    public struct Verdict: Sendable, Equatable {
        /// Per instruction, in `instruction_id_list` order.
        public var strict: [Bool]
        public var loose: [Bool]
        public var promptStrict: Bool { strict.allSatisfy { $0 } }

        public init(strict: [Bool], loose: [Bool]) {
            self.strict = strict
            self.loose = loose
        }
        public var promptLoose: Bool { loose.allSatisfy { $0 } }
    }

    /// Checks `response` against a record's `instruction_id_list` and `kwargs` (and `prompt`, unused by
    /// the 25 instructions beyond `repeat_prompt`'s own kwarg).
    public static func check(response: String, instructionIDs: [String], kwargs: [JSONValue]) throws -> Verdict {
        let variants = looseVariants(response)
        var strict: [Bool] = [], loose: [Bool] = []
        for (i, id) in instructionIDs.enumerated() {
            let arguments = i < kwargs.count ? kwargs[i] : .object([])
            strict.append(try follows(id, arguments, response))
            var any = false
            for variant in variants where try follows(id, arguments, variant) {
                any = true
                break
            }
            loose.append(any)
        }
        return Verdict(strict: strict, loose: loose)
    }

    static func follows(_ id: String, _ kwargs: JSONValue, _ response: String) throws -> Bool {
        try !IFEvalText.pythonStrip(response).isEmpty && IFEvalInstruction.check(id, kwargs: kwargs, response: response)
    }

    /// The eight responses the loose check tries, in `evaluation_lib.py`'s order.
    public static func looseVariants(_ response: String) -> [String] {
        let lines = response.components(separatedBy: "\n")
        let removeFirst = IFEvalText.pythonStrip(lines.dropFirst().joined(separator: "\n"))
        let removeLast = IFEvalText.pythonStrip(lines.dropLast().joined(separator: "\n"))
        let removeBoth = IFEvalText.pythonStrip(lines.count >= 2 ? lines.dropFirst().dropLast().joined(separator: "\n") : "")
        func noStars(_ s: String) -> String { s.replacingOccurrences(of: "*", with: "") }
        return [response, noStars(response), removeFirst, removeLast, removeBoth, noStars(removeFirst), noStars(removeLast), noStars(removeBoth)]
    }

    /// Prompt-level and instruction-level accuracy, strict and loose (lm-evaluation-harness names:
    /// `prompt_level_strict_acc`, `inst_level_strict_acc`, `prompt_level_loose_acc`, `inst_level_loose_acc`).
    public static func accuracies(_ verdicts: [Verdict]) -> [(name: String, value: Double)] {
        guard !verdicts.isEmpty else { return [] }
        let prompts = Double(verdicts.count)
        let instructions = Double(max(verdicts.reduce(0) { $0 + $1.strict.count }, 1))
        return [
            ("prompt_level_strict_acc", Double(verdicts.filter(\.promptStrict).count) / prompts),
            ("inst_level_strict_acc", Double(verdicts.reduce(0) { $0 + $1.strict.filter { $0 }.count }) / instructions),
            ("prompt_level_loose_acc", Double(verdicts.filter(\.promptLoose).count) / prompts),
            ("inst_level_loose_acc", Double(verdicts.reduce(0) { $0 + $1.loose.filter { $0 }.count }) / instructions),
        ]
    }
}
