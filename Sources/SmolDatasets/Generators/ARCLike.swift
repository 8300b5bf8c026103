import SmolCore

/// Multi-step comparison and ordering questions, 4-way multiple choice (ARC-like reasoning):
/// three shuffled pairwise facts fix a total order over four people or things, and the question asks
/// for an extreme or a middle rank, so the answer needs the facts chained together.
enum ARCLike {
    /// (attribute, more, less, subject, entity pool)
    static let scales: [(more: String, less: String, mostQ: String, leastQ: String, subject: String, pool: [String])] = [
        ("taller", "shorter", "tallest", "shortest", "height", Vocabulary.names),
        ("older", "younger", "oldest", "youngest", "age", Vocabulary.names),
        ("heavier", "lighter", "heaviest", "lightest", "mass", ["a brick", "a melon", "a stone", "a pillow", "a bucket of sand", "a chair", "a book", "a pumpkin"]),
        ("faster", "slower", "fastest", "slowest", "speed", ["the train", "the bus", "the bicycle", "the boat", "the tram", "the scooter", "the truck", "the horse"]),
        ("warmer", "colder", "warmest", "coldest", "temperature", ["the kitchen", "the attic", "the cellar", "the garden", "the garage", "the hall", "the porch", "the studio"]),
    ]
    static let ranks = ["", "second", "third"]

    static func capitalized(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }

    /// One item: (key, question, choices, answer index, subject).
    static func make(_ d: inout Draw) -> (key: String, question: String, choices: [String], answer: Int, subject: String) {
        let scale = d.pick(scales)
        let order = d.distinct(scale.pool, 4)  // order[0] has the most of the attribute
        var facts: [String] = []
        for i in 0..<3 {
            facts.append(d.chance(0.5) ? "\(capitalized(order[i])) is \(scale.more) than \(order[i + 1])."
                                       : "\(capitalized(order[i + 1])) is \(scale.less) than \(order[i]).")
        }
        facts = d.shuffled(facts)
        let kind = d.int(0, 3)
        let target: Int, ask: String
        switch kind {
        case 0: target = 0; ask = "Which one is the \(scale.mostQ)?"
        case 1: target = 3; ask = "Which one is the \(scale.leastQ)?"
        case 2: target = 1; ask = "Which one is the second \(scale.mostQ)?"
        default: target = 2; ask = "Which one is the second \(scale.leastQ)?"
        }
        let who = scale.pool == Vocabulary.names ? "Who" : "Which one"
        let question = facts.joined(separator: " ") + " " + ask.replacingOccurrences(of: "Which one", with: who)
        let choices = d.shuffled(order)
        let answer = choices.firstIndex(of: order[target])!
        return ("\(scale.subject)|\(order.joined(separator: ","))|\(kind)", question, choices, answer, scale.subject)
    }

    static func generate(n: Int, seed: UInt64, split: String) throws -> Dataset {
        let records = try collect(task: "arc-like", n: n, seed: seed, split: split) { d in
            let item = make(&d)
            return (item.key, ["question": .string(item.question), "choices": .array(item.choices.map { .string($0) }),
                               "answer": .number(Double(item.answer)), "subject": .string(item.subject)])
        }
        return Dataset(schema: .multipleChoice, records: records, name: "arc-like-\(split)")
    }
}

import Foundation
