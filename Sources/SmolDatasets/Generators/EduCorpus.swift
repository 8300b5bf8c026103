import SmolCore

/// A small English "educational" corpus: passages about the fact base (so MMLU-like knowledge can be
/// learned in pre-training), short explanations of everyday science, how-to procedures, and worked
/// examples (areas, comparison puzzles, word problems). Each document is three to eight sentences.
///
/// Four in ten documents teach the fact base, every fact in a paraphrase drawn per mention (entity first,
/// in the middle or last), either as a profile of one entity and a neighbour or as a list of facts from
/// one subject; every entity is taught, held-out ones included (they are only never asked in training).
/// A third are worked examples of the reasoning-like suites (an arc-like order put in words, an easy or
/// medium gsm-like problem solved step by step); such a document's split key is its problem's, so the
/// training corpus never works a held-out problem.
enum EduCorpus {
    /// One fact in a paraphrase drawn from `d`, and the paraphrase's index.
    static func state(_ fact: FactBase.Fact, _ d: inout Draw) -> (text: String, index: Int) {
        let k = d.int(0, fact.statements.count - 1)
        return (fact.statements[k], k)
    }

    static func make(_ d: inout Draw, world: FactWorld = .full) -> (key: String, text: String) {
        switch d.int(0, 11) {
        case 0, 1, 2:
            let facts = world.facts
            let first = facts[d.int(0, facts.count - 1)]
            let extra = d.pick((world.entities[first.subject] ?? []).filter { $0 != first.entity })
            let about = d.shuffled(world.byEntity[first.entity] ?? []).map { state($0, &d) }
            let more = d.shuffled(world.byEntity[extra] ?? []).map { state($0, &d) }
            let lead = d.pick(["In \(first.subject), students learn many facts.", "Here is a lesson in \(first.subject).",
                               "This passage is part of a \(first.subject) course.", "", ""])
            let link = d.pick(["Another example follows.", "Compare this with a second case.", "A related fact is also useful.", ""])
            let sentences = [lead] + about.map(\.text) + [link] + more.map(\.text)
            let wording = (about + more).map { String($0.index) }.joined()
            return ("facts|\(first.entity)|\(extra)#\(wording)", sentences.filter { !$0.isEmpty }.joined(separator: " "))
        case 3, 4:
            let subject = d.pick(FactBase.subjects)
            let listed = d.distinct(world.entities[subject] ?? [], d.int(3, 5)).map { entity in
                state(d.pick(world.byEntity[entity] ?? []), &d)
            }
            let lead = d.pick(["Some facts from \(subject):", "A few things to remember in \(subject).", "Notes for a \(subject) test.",
                               "Revision notes, \(subject).", "Did you know these facts of \(subject)?"])
            return ("fact-list|\(subject)|" + listed.map(\.text).joined(), ([lead] + listed.map(\.text)).joined(separator: " "))
        case 6:
            let topic = d.pick(Vocabulary.topics)
            let facts = (Vocabulary.sentencesAbout[topic] ?? []).map { ARCLike.capitalized($0) + "." }
            let intro = d.pick(["Let us learn about \(topic).", "This lesson explains \(topic).", "Many children ask about \(topic)."])
            let close = d.pick(["Now you know the main idea.", "Try to explain it to a friend.", "Scientists still study this today."])
            return ("topic|\(topic)#\(intro)|\(close)", ([intro] + facts + [close]).joined(separator: " "))
        case 5:
            let (activity, steps) = d.pick(HellaSwagLike.activities)
            let who = d.pick(["a person", "a student", "someone"] + Vocabulary.names)
            let words = ["First", "Then", "Next", "After that", "Then", "Finally"]
            let body = steps.enumerated().map { "\(words[min($0, words.count - 1)]), \(who) \($1)." }
            return ("howto|\(activity)#\(who)", (["This is how \(who) goes about \(activity)."] + body).joined(separator: " "))
        case 8, 9:
            return ARCLike.worked(&d)
        case 10, 11:
            let p = GSMLike.make(&d, level: d.coin() ? .easy : .medium)
            let steps = p.steps.map(GSMLike.withoutAnnotations)
            let close = d.pick(["The answer is \(p.final).", "So the answer is \(p.final).", "That makes \(p.final) in the end."])
            return (p.key + "#worked", ([p.question] + steps + [close]).joined(separator: " "))
        default:
            let length = d.int(2, 20), width = d.int(2, 20)
            let shape = d.pick(["rectangle", "garden", "room", "table top"])
            let unit = d.pick(["meters", "centimeters", "feet"])
            let text = "To find the area of a \(shape), multiply its length by its width. For example, a \(shape) that is \(length) \(unit) long "
                + "and \(width) \(unit) wide has an area of \(length * width) square \(unit). The perimeter is the distance around it: "
                + "\(length) + \(width) + \(length) + \(width) = \(2 * (length + width)) \(unit). Area and perimeter are different measures."
            return ("area|\(shape)|\(length)|\(width)|\(unit)", text)
        }
    }

    static func generate(n: Int, seed: UInt64, split: String, world: FactWorld = .full) throws -> Dataset {
        let records = try collect(task: "edu-corpus", n: n, seed: seed, split: split) { d in
            let doc = make(&d, world: world)
            return (doc.key, ["text": .string(doc.text)])
        }
        return Dataset(schema: .text, records: records, name: "edu-corpus-\(split)")
    }
}
