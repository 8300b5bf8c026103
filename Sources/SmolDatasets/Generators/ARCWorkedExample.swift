import SmolCore

extension ARCLike {
    /// A worked comparison for the edu corpus: three facts about four people or things (in chain order or
    /// shuffled, worded either way), then the order they fix and its two ends. Its split key is the one
    /// an arc-like item about the same four in the same order has, so a document of the training corpus
    /// never works out a held-out item's order.
    static func worked(_ d: inout Draw) -> (key: String, text: String) {
        let scale = d.pick(scales)
        let order = d.distinct(scale.pool, 4)  // order[0] has the most of the attribute
        let eitherWay = d.coin()
        var facts: [String] = []
        for i in 0..<3 { facts.append(fact(order[i], order[i + 1], scale, &d, eitherWay: eitherWay)) }
        let shuffled = d.coin()
        if shuffled { facts = d.shuffled(facts) }
        let listed = order.dropLast().joined(separator: ", ") + " and " + order[3]
        let chain = d.pick(["Putting the clues together, from the \(scale.mostQ) to the \(scale.leastQ): \(listed).",
                            "So the order, from the \(scale.mostQ) to the \(scale.leastQ), is \(listed).",
                            "Chaining the facts gives the order \(listed), from the \(scale.mostQ) to the \(scale.leastQ)."])
        let ends = d.pick(["The \(scale.mostQ) is \(order[0]), and the \(scale.leastQ) is \(order[3]).",
                           "\(capitalized(order[0])) is the \(scale.mostQ) and \(order[3]) is the \(scale.leastQ).",
                           "That makes \(order[0]) the \(scale.mostQ) of the four and \(order[3]) the \(scale.leastQ)."])
        return ("\(scale.subject)|\(order.joined(separator: ","))#worked|\(eitherWay)|\(shuffled)", (facts + [chain, ends]).joined(separator: " "))
    }
}
