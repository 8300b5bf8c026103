import SmolCore

/// A small English "educational" corpus: passages about the fact base (so MMLU-like knowledge can be
/// learned in pre-training), short explanations of everyday science, how-to procedures, and worked
/// arithmetic examples. Each document is three to eight sentences.
enum EduCorpus {
    static func make(_ d: inout Draw) -> (key: String, text: String) {
        switch d.int(0, 3) {
        case 0:
            let facts = FactBase.facts
            let first = facts[d.int(0, facts.count - 1)]
            let about = facts.filter { $0.entity == first.entity }
            let related = facts.filter { $0.subject == first.subject && $0.entity != first.entity }
            let extra = d.pick(related)
            let more = facts.filter { $0.entity == extra.entity }
            let lead = d.pick(["In \(first.subject), students learn many facts.", "Here is a lesson in \(first.subject).",
                               "This passage is part of a \(first.subject) course."])
            let sentences = [lead] + d.shuffled(about.map(\.sentence)) + [d.pick(["Another example follows.", "Compare this with a second case.", "A related fact is also useful."])]
                + d.shuffled(more.map(\.sentence))
            return ("facts|\(first.entity)|\(extra.entity)", sentences.joined(separator: " "))
        case 1:
            let topic = d.pick(Vocabulary.topics)
            let facts = (Vocabulary.sentencesAbout[topic] ?? []).map { ARCLike.capitalized($0) + "." }
            let intro = d.pick(["Let us learn about \(topic).", "This lesson explains \(topic).", "Many children ask about \(topic)."])
            let close = d.pick(["Now you know the main idea.", "Try to explain it to a friend.", "Scientists still study this today."])
            return ("topic|\(topic)#\(intro)|\(close)", ([intro] + facts + [close]).joined(separator: " "))
        case 2:
            let (activity, steps) = d.pick(HellaSwagLike.activities)
            let who = d.pick(["a person", "a student", "someone"])
            let words = ["First", "Then", "Next", "After that", "Then", "Finally"]
            let body = steps.enumerated().map { "\(words[min($0, words.count - 1)]), \(who) \($1)." }
            return ("howto|\(activity)#\(who)", (["This is how \(who) goes about \(activity)."] + body).joined(separator: " "))
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

    static func generate(n: Int, seed: UInt64, split: String) throws -> Dataset {
        let records = try collect(task: "edu-corpus", n: n, seed: seed, split: split) { d in
            let doc = make(&d)
            return (doc.key, ["text": .string(doc.text)])
        }
        return Dataset(schema: .text, records: records, name: "edu-corpus-\(split)")
    }
}
