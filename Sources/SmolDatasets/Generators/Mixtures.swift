import SmolCore

/// SFT conversations and preference pairs built from every task family, with answers that are
/// correct and well formatted (chosen) or plausible but wrong or badly formatted (rejected).
///
/// Multiple-choice items come in two forms, half each: the question with lettered choices answered
/// "B. text" (what symbol scoring reads), and the question alone answered with the choice's text (what
/// cloze scoring reads), so training on letters does not teach the model to answer everything with one.
/// The MMLU-like items of the training split are questions about training-split entities only: with the
/// edu corpus stating every fact in several paraphrases, they teach how a question retrieves a fact,
/// which held-out entities then answer (knowledge augmentation). Arc-like and gsm-like items follow
/// the mixture's `Difficulty`.
enum Mixtures {
    static let letters = ["A", "B", "C", "D"]

    /// One task item as a prompt with a good and a bad answer, and its split key.
    struct Item { var key: String; var prompt: String; var good: String; var bad: String }

    static func multipleChoicePrompt(_ question: String, _ choices: [String]) -> String {
        question + "\n" + choices.enumerated().map { "\(letters[$0]). \($1)" }.joined(separator: "\n") + "\nAnswer:"
    }

    /// The task families a mixture draws from, equally often.
    static let families = ["arc-like", "hellaswag-like", "mmlu-like", "gsm-like", "ifeval-like"]

    /// The family of the next item: one of `chosen`, or of every family (three multiple-choice ones
    /// drawn as one fifth each, the draws the mixture has always made).
    static func family(_ d: inout Draw, from chosen: [String]?) -> String {
        if let chosen { return d.pick(chosen) }
        let k = d.int(0, 4)
        return k < 3 ? families[d.int(0, 2)] : families[k]
    }

    static func item(_ d: inout Draw, level: Difficulty, world: FactWorld = .full, families chosen: [String]? = nil) -> Item {
        let family = family(&d, from: chosen)
        switch family {
        case "arc-like", "hellaswag-like", "mmlu-like":
            let mc: (key: String, question: String, choices: [String], answer: Int, subject: String)
            switch family {
            case "arc-like": mc = ARCLike.make(&d, level: level)
            case "hellaswag-like": mc = HellaSwagLike.make(&d)
            default: mc = MMLULike.make(&d, world: world)
            }
            let wrong = d.pick((0..<mc.choices.count).filter { $0 != mc.answer })
            if d.coin() {
                return Item(key: mc.key, prompt: mc.question, good: mc.choices[mc.answer], bad: mc.choices[wrong])
            }
            return Item(key: mc.key, prompt: multipleChoicePrompt(mc.question, mc.choices),
                        good: "\(letters[mc.answer]). \(mc.choices[mc.answer])", bad: "\(letters[wrong]). \(mc.choices[wrong])")
        case "gsm-like":
            let p = GSMLike.make(&d, level: level)
            var wrong = p
            if d.chance(0.5) {
                let delta = d.pick([-2, -1, 1, 2, 10])
                wrong.final = p.final + delta
                wrong.steps[wrong.steps.count - 1] = wrong.steps.last!.replacingOccurrences(of: "\(p.final)", with: "\(p.final + delta)")
                return Item(key: p.key, prompt: p.question, good: GSMLike.answer(p), bad: GSMLike.answer(wrong))
            }
            // Badly formatted: the right number, but no worked steps and no "#### N" line.
            return Item(key: p.key, prompt: p.question, good: GSMLike.answer(p), bad: "The answer is probably \(p.final)")
        default:
            let (key, record) = IFEvalLike.make(&d)
            return Item(key: key, prompt: record["prompt"]!.stringValue!, good: IFEvalLike.respond(to: record), bad: IFEvalLike.violate(record))
        }
    }

    static func sft(n: Int, seed: UInt64, split: String, level: Difficulty = .standard, world: FactWorld = .full,
                    families: [String]? = nil) throws -> Dataset {
        let records = try collect(task: "sft-mixture", n: n, seed: seed, split: split) { d in
            let it = item(&d, level: level, world: world, families: families)
            return (it.key, ["messages": [Messages.make("user", it.prompt), Messages.make("assistant", it.good)]])
        }
        return Dataset(schema: .sft, records: records, name: "sft-mixture-\(split)")
    }

    static func preferences(n: Int, seed: UInt64, split: String, level: Difficulty = .standard, world: FactWorld = .full,
                    families: [String]? = nil) throws -> Dataset {
        let records = try collect(task: "preference-pairs", n: n, seed: seed, split: split) { d in
            let it = item(&d, level: level, world: world, families: families)
            return (it.key, ["prompt": [Messages.make("user", it.prompt)], "chosen": [Messages.make("assistant", it.good)],
                             "rejected": [Messages.make("assistant", it.bad)]])
        }
        return Dataset(schema: .preference, records: records, name: "preference-pairs-\(split)")
    }
}

import Foundation
