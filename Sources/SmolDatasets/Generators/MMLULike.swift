import SmolCore

/// Knowledge multiple choice over the fact base (MMLU-like), with subjects; distractors are values of
/// the same attribute for other entities. An item's split is its entity's (`FactBase.splitKey`), so the
/// held-out entities are taught by the edu corpus but never asked about in a training set.
enum MMLULike {
    static func make(_ d: inout Draw, world: FactWorld = .full) -> (key: String, question: String, choices: [String], answer: Int, subject: String) {
        let facts = world.facts
        let fact = facts[d.int(0, facts.count - 1)]
        let pool = (world.values["\(fact.subject)|\(fact.attribute)"] ?? []).filter { $0 != fact.value }
        let options = [fact.value] + d.distinct(pool, 3)
        let order = d.shuffled([0, 1, 2, 3])
        return (FactBase.splitKey(subject: fact.subject, entity: fact.entity) + "#\(fact.attribute)|" + options.sorted().joined(separator: ","),
                fact.question, order.map { options[$0] }, order.firstIndex(of: 0)!, fact.subject)
    }

    static func generate(n: Int, seed: UInt64, split: String, world: FactWorld = .full) throws -> Dataset {
        let records = try collect(task: "mmlu-like", n: n, seed: seed, split: split, balanceAnswers: true) { d in
            let item = make(&d, world: world)
            return (item.key, ["question": .string(item.question), "choices": .array(item.choices.map { .string($0) }),
                               "answer": .number(Double(item.answer)), "subject": .string(item.subject)])
        }
        return Dataset(schema: .multipleChoice, records: records, name: "mmlu-like-\(split)")
    }
}
