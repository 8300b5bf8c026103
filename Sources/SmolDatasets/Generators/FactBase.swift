import SmolCore

/// A fixed, generated world of facts (countries, planets, animals, elements, rulers) that the MMLU-like
/// questions test and the edu corpus teaches. It is built once from a constant seed, so every split and
/// every run share it; all questions about one entity fall in one split.
///
/// Each fact can be stated in several paraphrases with the entity at the start, in the middle or at the
/// end of the sentence (knowledge augmentation): a fact stated in one phrasing only is memorised as a
/// string and cannot be retrieved by a question worded otherwise (Allen-Zhu & Li, "Physics of Language
/// Models 3.1", 2023).
enum FactBase {
    struct Fact: Sendable {
        var subject: String      // e.g. "geography"
        var entity: String       // e.g. "Varonia"
        var attribute: String    // e.g. "capital"
        var value: String        // e.g. "Telmor"
        var question: String     // "What is the capital of Varonia?"
        var statements: [String] // "The capital of Varonia is Telmor.", "Telmor is the capital of Varonia.", …
    }

    static let worldSeed: UInt64 = 0x5EED_FAC7
    static let syllables = ["ka", "lo", "mi", "ra", "ten", "vor", "sa", "bel", "dun", "ri", "mo", "zan", "to", "phe", "lu", "gar",
                            "nis", "ul", "qua", "der", "os", "pel", "tir", "ba", "cor", "en", "fi", "hal", "jo", "ves"]
    static let entitiesPerSubject = 300

    /// Every fact, grouped by subject then entity (stable order).
    static let facts: [Fact] = build()

    /// The entities of each subject, in the order of `facts`.
    static let entities: [String: [String]] = {
        var out: [String: [String]] = [:]
        for fact in facts where out[fact.subject]?.last != fact.entity { out[fact.subject, default: []].append(fact.entity) }
        return out
    }()

    /// The split key of every question about `entity`: the entity alone, so one entity's facts are all
    /// asked in one split, and a held-out entity is never asked about in a training set.
    static func splitKey(subject: String, entity: String) -> String { "fact|\(subject)|\(entity)" }

    /// "1 moon", "3 moons".
    static func count(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }

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
                            question: "What is the capital of \(country)?",
                            statements: ["The capital of \(country) is \(capital).", "\(capital) is the capital of \(country).",
                                         "\(country) is governed from its capital, \(capital).", "The capital city of \(country) is called \(capital).",
                                         "Travellers to \(country) often visit \(capital), the capital."]))
            out.append(Fact(subject: "geography", entity: country, attribute: "river", value: "the " + river,
                            question: "Which river flows through \(country)?",
                            statements: ["The river \(river) flows through \(country).", "\(country) is crossed by the river \(river).",
                                         "Through \(country) flows the river \(river).", "The main river of \(country) is the \(river).",
                                         "Boats on the \(river) sail right across \(country)."]))
        }
        for _ in 0..<entitiesPerSubject {
            let planet = name(), moons = d.int(0, 40), colour = d.pick(["red", "blue", "green", "yellow", "grey", "violet", "orange", "white"])
            out.append(Fact(subject: "astronomy", entity: planet, attribute: "moons", value: "\(moons)",
                            question: "How many moons does the planet \(planet) have?",
                            statements: ["The planet \(planet) has \(count(moons, "moon")).", "\(planet) is a planet with \(count(moons, "moon")).",
                                         "Astronomers count \(count(moons, "moon")) around the planet \(planet).",
                                         "The number of moons of \(planet) is \(moons).", "Around \(planet) there are \(count(moons, "moon"))."]))
            out.append(Fact(subject: "astronomy", entity: planet, attribute: "colour", value: colour,
                            question: "What colour is the planet \(planet) seen from afar?",
                            statements: ["Seen from afar, the planet \(planet) looks \(colour).", "The planet \(planet) looks \(colour) from far away.",
                                         "From a distance, \(planet) appears \(colour).", "\(planet) is a \(colour) planet when seen from afar.",
                                         "\(ARCLike.capitalized(colour)) is the colour of \(planet) seen from afar."]))
        }
        for _ in 0..<entitiesPerSubject {
            let animal = name().lowercased(), diet = d.pick(["plants", "fish", "insects", "seeds", "fruit", "small mammals"])
            let habitat = d.pick(["forests", "deserts", "the ocean", "the tundra", "grasslands", "swamps", "mountains", "caves"])
            out.append(Fact(subject: "biology", entity: animal, attribute: "diet", value: diet,
                            question: "What does the \(animal) mainly eat?",
                            statements: ["The \(animal) mainly eats \(diet).", "The main food of the \(animal) is \(diet).",
                                         "Most of what the \(animal) eats is \(diet).", "The \(animal) feeds mostly on \(diet).",
                                         "A diet of \(diet) keeps the \(animal) going."]))
            out.append(Fact(subject: "biology", entity: animal, attribute: "habitat", value: habitat,
                            question: "Where does the \(animal) live?",
                            statements: ["The \(animal) lives in \(habitat).", "In \(habitat) you can find the \(animal).",
                                         "The home of the \(animal) is \(habitat).", "The \(animal) makes its home in \(habitat).",
                                         "Explorers of \(habitat) often meet the \(animal)."]))
        }
        for _ in 0..<entitiesPerSubject {
            let element = name() + "ium", number = d.int(120, 400)
            let flame = d.pick(["green", "crimson", "blue", "golden", "silver", "purple", "pink", "white"])
            out.append(Fact(subject: "chemistry", entity: element, attribute: "number", value: "\(number)",
                            question: "What is the atomic number of \(element)?",
                            statements: ["The atomic number of \(element) is \(number).", "\(element) has the atomic number \(number).",
                                         "Element number \(number) is \(element).", "Chemists list \(element) under atomic number \(number).",
                                         "With atomic number \(number), \(element) is a heavy element."]))
            out.append(Fact(subject: "chemistry", entity: element, attribute: "flame", value: flame,
                            question: "What colour flame does \(element) give?",
                            statements: ["\(element) burns with a \(flame) flame.", "A \(flame) flame shows that \(element) is burning.",
                                         "When \(element) is heated, its flame turns \(flame).", "The flame of \(element) is \(flame).",
                                         "Put \(element) in a fire and the flame becomes \(flame)."]))
        }
        for _ in 0..<entitiesPerSubject {
            let ruler = "Queen " + name(), year = d.int(900, 1700), city = name()
            out.append(Fact(subject: "history", entity: ruler, attribute: "year", value: "\(year)",
                            question: "In which year was \(ruler) crowned?",
                            statements: ["\(ruler) was crowned in the year \(year).", "In the year \(year), \(ruler) was crowned.",
                                         "The crowning of \(ruler) took place in \(year).", "\(ruler) became queen in \(year).",
                                         "\(year) is the year \(ruler) was crowned."]))
            out.append(Fact(subject: "history", entity: ruler, attribute: "city", value: city,
                            question: "In which city was \(ruler) born?",
                            statements: ["\(ruler) was born in the city of \(city).", "The city of \(city) is where \(ruler) was born.",
                                         "The birthplace of \(ruler) is the city of \(city).", "\(ruler) came into the world in \(city).",
                                         "Born in \(city), \(ruler) later ruled the land."]))
        }
        return out
    }

    /// Subjects, in a stable order.
    static let subjects = ["geography", "astronomy", "biology", "chemistry", "history"]
}

/// The part of the fact base a generator draws from: the first `entitiesPerSubject` entities of every
/// subject, all of them by default. A corpus of the same size states each fact of a smaller world more
/// often, so a small model can memorise it within a small budget (`data.generate(…, entities:)`); the
/// edu corpus, the MMLU-like questions and the mixtures built from them must share one world.
struct FactWorld: Sendable {
    let facts: [FactBase.Fact]
    let byEntity: [String: [FactBase.Fact]]
    let entities: [String: [String]]
    /// The distinct values of each "subject|attribute", sorted: the MMLU-like distractor pools.
    let values: [String: [String]]

    /// The smallest world: enough entities that every attribute has three other values to offer as distractors.
    static let minimumEntities = 10

    init(entitiesPerSubject k: Int) {
        entities = FactBase.entities.mapValues { Array($0.prefix(k)) }
        let kept = Set(entities.values.joined())
        facts = FactBase.facts.filter { kept.contains($0.entity) }
        byEntity = Dictionary(grouping: facts, by: \.entity)
        values = Dictionary(grouping: facts, by: { "\($0.subject)|\($0.attribute)" }).mapValues { Array(Set($0.map(\.value))).sorted() }
    }

    /// Every entity of the fact base.
    static let full = FactWorld(entitiesPerSubject: FactBase.entitiesPerSubject)
}

