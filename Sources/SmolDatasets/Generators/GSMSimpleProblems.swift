import SmolCore

extension GSMLike {
    /// An `easy` (one step: add, take away, or multiply up to 5 × 5) or `medium` (two of those steps,
    /// numbers up to 25) word problem; every count it names is at least 2 (plural nouns read right) with a GSM8K-style worked answer. The key holds the level, the
    /// template, the item counted and the numbers; names, pronouns and wording are not part of it.
    static func makeSimple(_ d: inout Draw, level: Difficulty) -> Problem {
        let name = d.pick(Vocabulary.names)
        let he = Vocabulary.pronoun[name] ?? "They"
        let friend = d.pick(Vocabulary.names.filter { $0 != name })
        let item = d.pick(Vocabulary.items), items = item + "s"
        func has(_ a: Int, _ d: inout Draw) -> String {
            d.pick(["\(name) has \(a) \(items).", "There are \(a) \(items) in \(name)'s bag.", "\(name) starts the day with \(a) \(items).",
                    "\(name) keeps \(a) \(items) in a box.", "On Monday \(name) owns \(a) \(items).", "\(name)'s shelf holds \(a) \(items)."])
        }
        func gets(_ b: Int, _ d: inout Draw) -> String {
            d.pick(["\(he) gets \(b) more.", "Then \(he.lowercased()) finds \(b) more \(items).", "A friend gives \(name) \(b) more.",
                    "\(name) picks up \(b) more \(items).", "Later \(b) more \(items) arrive for \(name).", "\(he) buys \(b) more at the shop."])
        }
        func loses(_ c: Int, _ d: inout Draw) -> String {
            d.pick(["\(he) gives \(c) to \(friend).", "Then \(he.lowercased()) hands \(c) of them to \(friend).", "\(name) gives \(friend) \(c) of them.",
                    "\(friend) borrows \(c) and keeps them.", "\(he) loses \(c) on the way home.", "\(c) of them get lost."])
        }
        func packs(_ b: Int, _ c: Int, _ d: inout Draw) -> String {
            d.pick(["\(name) buys \(b) packs of \(c) \(items) each.", "\(name) gets \(b) boxes with \(c) \(items) in every box.",
                    "At the shop \(name) picks up \(b) bags holding \(c) \(items) apiece.", "\(b) parcels arrive for \(name), each with \(c) \(items).",
                    "A neighbour brings \(name) \(b) tins containing \(c) \(items) each.", "\(name) fills \(b) jars with \(c) \(items) in each."])
        }
        func howManyNow(_ d: inout Draw) -> String {
            d.pick(["How many \(items) does \(name) have now?", "How many \(items) are left with \(name)?", "What number of \(items) does \(name) end up with?",
                    "Count \(name)'s \(items) at the end.", "How many \(items) does \(name) have in the end?", "What is \(name)'s total now?"])
        }
        func step(_ a: Int, _ op: String, _ b: Int) -> (text: String, value: Int) {
            let value = op == "+" ? a + b : op == "-" ? a - b : a * b
            return ("\(a)\(op)\(b) = <<\(a)\(op)\(b)=\(value)>>\(value)", value)
        }
        let prefix = level.rawValue
        if level == .easy {
            switch d.int(0, 2) {
            case 0:
                let a = d.int(2, 10), b = d.int(2, 9), s = step(a, "+", b)
                return Problem(key: "\(prefix)-add|\(item)|\(a)|\(b)", question: [has(a, &d), gets(b, &d), howManyNow(&d)].joined(separator: " "),
                               steps: ["\(name) has \(s.text) \(items) now."], final: s.value)
            case 1:
                let a = d.int(3, 12), c = d.int(1, a - 2), s = step(a, "-", c)
                return Problem(key: "\(prefix)-sub|\(item)|\(a)|\(c)", question: [has(a, &d), loses(c, &d), howManyNow(&d)].joined(separator: " "),
                               steps: ["\(name) has \(s.text) \(items) left."], final: s.value)
            default:
                let b = d.int(2, 5), c = d.int(2, 5), s = step(b, "*", c)
                let ask = d.pick(["How many \(items) is that in all?", "How many \(items) does \(name) get?", "What is the total number of \(items)?",
                                  "How many \(items) are there altogether?", "Count all the \(items).", "How many \(items) does that make?"])
                return Problem(key: "\(prefix)-mul|\(item)|\(b)|\(c)", question: packs(b, c, &d) + " " + ask,
                               steps: ["That is \(s.text) \(items)."], final: s.value)
            }
        }
        switch d.int(0, 2) {
        case 0:
            let a = d.int(2, 10), b = d.int(2, 10), s1 = step(a, "+", b), c = d.int(1, s1.value - 2), s2 = step(s1.value, "-", c)
            return Problem(key: "\(prefix)-add-sub|\(item)|\(a)|\(b)|\(c)",
                           question: [has(a, &d), gets(b, &d), loses(c, &d), howManyNow(&d)].joined(separator: " "),
                           steps: ["After getting \(b) more, \(name) has \(s1.text) \(items).", "After \(c) go, \(he.lowercased()) has \(s2.text) \(items) left."],
                           final: s2.value)
        case 1:
            let a = d.int(2, 10), b = d.int(2, 5), c = d.int(2, 5), s1 = step(b, "*", c), s2 = step(a, "+", s1.value)
            return Problem(key: "\(prefix)-buy|\(item)|\(a)|\(b)|\(c)",
                           question: [has(a, &d), packs(b, c, &d), howManyNow(&d)].joined(separator: " "),
                           steps: ["The new ones are \(s1.text) \(items).", "So \(name) has \(s2.text) \(items) now."], final: s2.value)
        default:
            let b = d.int(2, 5), c = d.int(2, 5), s1 = step(b, "*", c), e = d.int(1, s1.value - 2), s2 = step(s1.value, "-", e)
            return Problem(key: "\(prefix)-buy-sub|\(item)|\(b)|\(c)|\(e)",
                           question: [packs(b, c, &d), loses(e, &d), howManyNow(&d)].joined(separator: " "),
                           steps: ["\(name) gets \(s1.text) \(items).", "After \(e) go, \(he.lowercased()) has \(s2.text) \(items) left."], final: s2.value)
        }
    }
}
