import SmolCore

/// Multi-step comparison and ordering questions, 4-way multiple choice (ARC-like reasoning):
/// three pairwise facts fix a total order over four people or things, and the question asks for a
/// rank, so the answer needs the facts chained together. The `Difficulty` sets how much chaining:
/// `easy` states the facts in chain order with one comparative and asks for an extreme (the first or
/// the last one named); `medium` shuffles them and may open with an intro (the extreme is the one never
/// on the other side of a comparison); `hard` also words each fact either way ("taller" or "shorter")
/// and asks second ranks too.
enum ARCLike {
    /// (comparative more, comparative less, superlative most, superlative least, subject, entity pool)
    static let scales: [(more: String, less: String, mostQ: String, leastQ: String, subject: String, pool: [String])] = [
        ("taller", "shorter", "tallest", "shortest", "height", Vocabulary.names),
        ("older", "younger", "oldest", "youngest", "age", Vocabulary.names),
        ("heavier", "lighter", "heaviest", "lightest", "mass", ["a brick", "a melon", "a stone", "a pillow", "a bucket of sand", "a chair", "a book",
            "a pumpkin", "a kettle", "a laptop", "a watering can", "a backpack", "a log", "a cabbage", "a toolbox", "a bag of rice", "a lamp", "a drum"]),
        ("faster", "slower", "fastest", "slowest", "speed", ["the train", "the bus", "the bicycle", "the boat", "the tram", "the scooter", "the truck",
            "the horse", "the ferry", "the van", "the tractor", "the motorbike", "the taxi", "the sailboat", "the skateboard", "the cable car"]),
        ("warmer", "colder", "warmest", "coldest", "temperature", ["the kitchen", "the attic", "the cellar", "the garden", "the garage", "the hall",
            "the porch", "the studio", "the bathroom", "the shed", "the library", "the greenhouse", "the office", "the basement", "the balcony"]),
        ("longer", "shorter", "longest", "shortest", "length", ["the rope", "the hose", "the scarf", "the ribbon", "the cable", "the bench", "the ladder",
            "the fence", "the plank", "the curtain", "the pipe", "the belt", "the leash", "the towel"]),
        ("louder", "quieter", "loudest", "quietest", "loudness", ["the drum", "the whistle", "the bell", "the radio", "the trumpet", "the doorbell",
            "the alarm", "the guitar", "the siren", "the kettle", "the fan", "the parrot", "the vacuum cleaner", "the piano"]),
        ("deeper", "shallower", "deepest", "shallowest", "depth", ["the pond", "the well", "the lake", "the pool", "the river", "the ditch",
            "the canal", "the bath", "the fountain", "the bay", "the puddle", "the reservoir", "the creek", "the lagoon"]),
    ]
    static let ranks = ["", "second", "third"]

    static func capitalized(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }

    /// One fact "x has more of the attribute than y", worded as `X is [modifier] MORE than Y` or (when
    /// `eitherWay`) `Y is [modifier] LESS than X`, with an optional lead-in.
    static func fact(_ x: String, _ y: String, _ scale: (more: String, less: String, mostQ: String, leastQ: String, subject: String, pool: [String]),
                     _ d: inout Draw, eitherWay: Bool = true) -> String {
        let modifier = d.pick(["", "", "", "a bit ", "much ", "slightly ", "far ", "a little ", "clearly ", "a lot ", "somewhat "])
        let (first, word, second) = !eitherWay || d.coin() ? (x, scale.more, y) : (y, scale.less, x)
        let lead = d.pick(["", "", "", "", "Also, ", "We also know that ", "It turns out that ", "Note that ", "Someone noticed that ",
                           "Besides, ", "Moreover, ", "People say that ", "It is true that ", "On top of that, "])
        let subject = lead.isEmpty ? capitalized(first) : lead + first
        return "\(subject) is \(modifier)\(word) than \(second)."
    }

    /// One item at `level`: (key, question, choices, answer index, subject). The `hard` level draws
    /// exactly what the generator drew before it had levels.
    static func make(_ d: inout Draw, level: Difficulty = .standard) -> (key: String, question: String, choices: [String], answer: Int, subject: String) {
        let scale = d.pick(scales)
        let order = d.distinct(scale.pool, 4)  // order[0] has the most of the attribute
        let people = scale.pool == Vocabulary.names
        var facts: [String] = []
        for i in 0..<3 { facts.append(fact(order[i], order[i + 1], scale, &d, eitherWay: level == .hard)) }
        if level != .easy { facts = d.shuffled(facts) }
        let intro = level == .easy ? "" : d.pick(["", "", "", "Read the clues.", "Here are some facts.", "Use the facts below.", "Think step by step.",
                            people ? "Four friends compare themselves." : "Four things are compared.", "Look at these comparisons.",
                            "A puzzle about \(scale.subject).", "Some clues about \(scale.subject).", "Consider the following."])
        let kind = level == .hard ? d.int(0, 3) : d.int(0, 1)
        let target: Int, superlative: String
        switch kind {
        case 0: target = 0; superlative = scale.mostQ
        case 1: target = 3; superlative = scale.leastQ
        case 2: target = 1; superlative = "second " + scale.mostQ
        default: target = 2; superlative = "second " + scale.leastQ
        }
        let ask = people
            ? d.pick(["Who is the \(superlative)?", "Which of them is the \(superlative)?", "Who is the \(superlative) of the four?",
                      "So who is the \(superlative)?", "Of these four people, who is the \(superlative)?", "Which person is the \(superlative)?"])
            : d.pick(["Which one is the \(superlative)?", "Which of them is the \(superlative)?", "Which is the \(superlative) of the four?",
                      "So which one is the \(superlative)?", "Of these four, which is the \(superlative)?", "What is the \(superlative) one?"])
        let question = ([intro] + facts + [ask]).filter { !$0.isEmpty }.joined(separator: " ")
        let choices = d.shuffled(order)
        let answer = choices.firstIndex(of: order[target])!
        // The split key is the set of facts (the order): asking another rank about the same facts stays in
        // the same split, so a training item never shows a held-out item's facts.
        return ("\(scale.subject)|\(order.joined(separator: ","))#\(kind)", question, choices, answer, scale.subject)
    }

    static func generate(n: Int, seed: UInt64, split: String, level: Difficulty = .standard) throws -> Dataset {
        let records = try collect(task: "arc-like", n: n, seed: seed, split: split, balanceAnswers: true) { d in
            let item = make(&d, level: level)
            return (item.key, ["question": .string(item.question), "choices": .array(item.choices.map { .string($0) }),
                               "answer": .number(Double(item.answer)), "subject": .string(item.subject)])
        }
        return Dataset(schema: .multipleChoice, records: records, name: "arc-like-\(split)")
    }
}

import Foundation
