import SmolCore

/// A fixed, generated world of facts (countries, planets, animals, elements, rulers, languages) that
/// the MMLU-like questions test and the edu corpus teaches. It is built once from a constant seed, so
/// every split and every run share it; questions about one fact fall in one split only.
enum FactBase {
    struct Fact: Sendable {
        var subject: String      // e.g. "geography"
        var entity: String       // e.g. "Varonia"
        var attribute: String    // e.g. "capital"
        var value: String        // e.g. "Telmor"
        var question: String     // "What is the capital of Varonia?"
        var sentence: String     // "The capital of Varonia is Telmor."
    }

    static let worldSeed: UInt64 = 0x5EED_FAC7
    static let syllables = ["ka", "lo", "mi", "ra", "ten", "vor", "sa", "bel", "dun", "ri", "mo", "zan", "to", "phe", "lu", "gar",
                            "nis", "ul", "qua", "der", "os", "pel", "tir", "ba", "cor", "en", "fi", "hal", "jo", "ves"]
    static let entitiesPerSubject = 300

    /// Every fact, grouped by subject then entity (stable order).
    static let facts: [Fact] = build()

    static func build() -> [Fact] {
        var d = Draw(seed: worldSeed, stream: stableHash("fact-base"), index: 0)
        var used = Set<String>()
        func name() -> String {
            while true {
                let parts = (0..<d.int(2, 3)).map { _ in d.pick(syllables) }
                let word = ARCLike.capitalized(parts.joined())
                if word.count >= 4 && used.insert(word).inserted { return word }
            }
        }
        var out: [Fact] = []
        for _ in 0..<entitiesPerSubject {
            let country = name() + "ia", capital = name(), river = name()
            out.append(Fact(subject: "geography", entity: country, attribute: "capital", value: capital,
                            question: "What is the capital of \(country)?", sentence: "The capital of \(country) is \(capital)."))
            out.append(Fact(subject: "geography", entity: country, attribute: "river", value: "the " + river,
                            question: "Which river flows through \(country)?", sentence: "The river \(river) flows through \(country)."))
        }
        for _ in 0..<entitiesPerSubject {
            let planet = name(), moons = d.int(0, 40), colour = d.pick(["red", "blue", "green", "yellow", "grey", "violet", "orange", "white"])
            out.append(Fact(subject: "astronomy", entity: planet, attribute: "moons", value: "\(moons)",
                            question: "How many moons does the planet \(planet) have?", sentence: "The planet \(planet) has \(moons) moons."))
            out.append(Fact(subject: "astronomy", entity: planet, attribute: "colour", value: colour,
                            question: "What colour is the planet \(planet) seen from afar?", sentence: "Seen from afar, the planet \(planet) looks \(colour)."))
        }
        for _ in 0..<entitiesPerSubject {
            let animal = name().lowercased(), diet = d.pick(["plants", "fish", "insects", "seeds", "fruit", "small mammals"])
            let habitat = d.pick(["forests", "deserts", "the ocean", "the tundra", "grasslands", "swamps", "mountains", "caves"])
            out.append(Fact(subject: "biology", entity: animal, attribute: "diet", value: diet,
                            question: "What does the \(animal) mainly eat?", sentence: "The \(animal) mainly eats \(diet)."))
            out.append(Fact(subject: "biology", entity: animal, attribute: "habitat", value: habitat,
                            question: "Where does the \(animal) live?", sentence: "The \(animal) lives in \(habitat)."))
        }
        for _ in 0..<entitiesPerSubject {
            let element = name() + "ium", number = d.int(120, 400)
            let flame = d.pick(["green", "crimson", "blue", "golden", "silver", "purple", "pink", "white"])
            out.append(Fact(subject: "chemistry", entity: element, attribute: "number", value: "\(number)",
                            question: "What is the atomic number of \(element)?", sentence: "The atomic number of \(element) is \(number)."))
            out.append(Fact(subject: "chemistry", entity: element, attribute: "flame", value: flame,
                            question: "What colour flame does \(element) give?", sentence: "\(element) burns with a \(flame) flame."))
        }
        for _ in 0..<entitiesPerSubject {
            let ruler = "Queen " + name(), year = d.int(900, 1700), city = name()
            out.append(Fact(subject: "history", entity: ruler, attribute: "year", value: "\(year)",
                            question: "In which year was \(ruler) crowned?", sentence: "\(ruler) was crowned in the year \(year)."))
            out.append(Fact(subject: "history", entity: ruler, attribute: "city", value: city,
                            question: "In which city was \(ruler) born?", sentence: "\(ruler) was born in the city of \(city)."))
        }
        return out
    }

    /// Subjects, in a stable order.
    static let subjects = ["geography", "astronomy", "biology", "chemistry", "history"]
}

/// Knowledge multiple choice over the fact base (MMLU-like), with subjects; distractors are values of
/// the same attribute for other entities.
enum MMLULike {
    /// The distinct values of each "subject|attribute", sorted: the distractor pools.
    static let values: [String: [String]] = Dictionary(grouping: FactBase.facts, by: { "\($0.subject)|\($0.attribute)" })
        .mapValues { Array(Set($0.map(\.value))).sorted() }

    static func make(_ d: inout Draw) -> (key: String, question: String, choices: [String], answer: Int, subject: String) {
        let facts = FactBase.facts
        let fact = facts[d.int(0, facts.count - 1)]
        let pool = (values["\(fact.subject)|\(fact.attribute)"] ?? []).filter { $0 != fact.value }
        let options = [fact.value] + d.distinct(pool, 3)
        let order = d.shuffled([0, 1, 2, 3])
        return ("fact|\(fact.subject)|\(fact.entity)|\(fact.attribute)#" + options.sorted().joined(separator: ","), fact.question, order.map { options[$0] }, order.firstIndex(of: 0)!, fact.subject)
    }

    static func generate(n: Int, seed: UInt64, split: String) throws -> Dataset {
        let records = try collect(task: "mmlu-like", n: n, seed: seed, split: split, balanceAnswers: true) { d in
            let item = make(&d)
            return (item.key, ["question": .string(item.question), "choices": .array(item.choices.map { .string($0) }),
                               "answer": .number(Double(item.answer)), "subject": .string(item.subject)])
        }
        return Dataset(schema: .multipleChoice, records: records, name: "mmlu-like-\(split)")
    }
}
