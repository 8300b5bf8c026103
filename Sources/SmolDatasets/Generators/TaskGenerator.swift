import SmolCore

/// The built-in task suites: seeded, deterministic, no downloads, train/dev/test disjoint by construction.
///
/// Invariants:
/// 1. `generate(task, n, seed, split)` is a pure function of its arguments (same bytes every run);
/// 2. an item's split is a function of its split key — the question's content and correct answer, never
///    its distractors or wording (SHA-256 bucket: 80% train, 10% dev, 10% test) — so no question can
///    appear in two splits, whatever the seeds, and mixtures built from the tasks inherit the same split;
/// 3. the MMLU-like fact base and the edu corpus share one fixed world, independent of `seed`; the corpus
///    teaches every entity's facts in several paraphrases, and MMLU-like questions about one entity all
///    fall in its split, so a held-out entity is known from pre-training but never asked in training.
/// 4. wording (names, paraphrases, lead-ins) is drawn from the item's own seeded stream and is not part
///    of its key, so held-out items share few long n-grams with training data (see the contamination test).
public enum TaskGenerator {
    /// The task names, in a stable order.
    public static let names = ["arc-like", "gsm-like", "hellaswag-like", "ifeval-like", "mmlu-like", "sft-mixture", "preference-pairs", "edu-corpus"]

    /// How many different questions (or prompts, or texts) `dataset` holds; fewer than its count means
    /// some question is asked more than once (with other distractors or wording).
    public static func distinctQuestions(_ dataset: Dataset) -> Int { Set(dataset.records.map(questionText)).count }

    /// The mixtures, built from items of the task families (`families:` chooses which).
    public static let mixtureTasks = ["sft-mixture", "preference-pairs"]

    /// The task families a mixture can draw from.
    public static var mixtureFamilies: [String] { Mixtures.families }

    /// The tasks drawn from the fact base, whose world `entities:` sizes.
    public static let factTasks = ["edu-corpus", "mmlu-like", "sft-mixture", "preference-pairs"]

    /// Generates `n` items of `task` for `split` ("train", "dev" or "test") from `seed`, at `level` for the
    /// tasks in `Difficulty.tasks` (nil: `Difficulty.standard`), over the first `entities` entities per
    /// subject of the fact base for the tasks in `factTasks` (nil: all), and for a mixture from `families`
    /// only (nil: all five, equally); any of these given to a task it does not apply to is an error.
    public static func generate(_ task: String, n: Int, seed: UInt64, split: String = "train", level: Difficulty? = nil,
                                entities: Int? = nil, families: [String]? = nil) throws -> Dataset {
        if let level, names.contains(task), !Difficulty.tasks.contains(task) {
            throw DatasetError.invalidArgument("task \"\(task)\" has no difficulty levels (level \"\(level.rawValue)\" applies to \(Difficulty.tasks.joined(separator: ", ")))")
        }
        if let entities, names.contains(task) {
            guard factTasks.contains(task) else {
                throw DatasetError.invalidArgument("task \"\(task)\" does not draw on the fact base (entities applies to \(factTasks.joined(separator: ", ")))")
            }
            guard (FactWorld.minimumEntities...FactBase.entitiesPerSubject).contains(entities) else {
                throw DatasetError.invalidArgument("entities is \(entities); give \(FactWorld.minimumEntities) to \(FactBase.entitiesPerSubject) entities per subject")
            }
        }
        if let families, names.contains(task) {
            guard mixtureTasks.contains(task) else {
                throw DatasetError.invalidArgument("task \"\(task)\" is not a mixture (families applies to \(mixtureTasks.joined(separator: ", ")))")
            }
            let known = Mixtures.families.joined(separator: ", ")
            guard !families.isEmpty else { throw DatasetError.invalidArgument("families is empty; give one or more of \(known)") }
            if let unknown = families.first(where: { !Mixtures.families.contains($0) }) {
                throw DatasetError.invalidArgument("families has \"\(unknown)\"; give one or more of \(known)")
            }
        }
        let level = level ?? .standard
        let world = entities.map { FactWorld(entitiesPerSubject: $0) } ?? .full
        switch task {
        case "arc-like": return try ARCLike.generate(n: n, seed: seed, split: split, level: level)
        case "gsm-like": return try GSMLike.generate(n: n, seed: seed, split: split, level: level)
        case "hellaswag-like": return try HellaSwagLike.generate(n: n, seed: seed, split: split)
        case "ifeval-like": return try IFEvalLike.generate(n: n, seed: seed, split: split)
        case "mmlu-like": return try MMLULike.generate(n: n, seed: seed, split: split, world: world)
        case "sft-mixture": return try Mixtures.sft(n: n, seed: seed, split: split, level: level, world: world, families: families)
        case "preference-pairs": return try Mixtures.preferences(n: n, seed: seed, split: split, level: level, world: world, families: families)
        case "edu-corpus": return try EduCorpus.generate(n: n, seed: seed, split: split, world: world)
        default: throw DatasetError.unknownTask(name: task, known: names)
        }
    }
}
