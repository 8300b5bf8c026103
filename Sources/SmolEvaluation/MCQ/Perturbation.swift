import SmolCore

/// One change to how an item is presented (arXiv 2402.01781 §3; STUDIES.md §4.3).
///
/// Invariant: the presented text of an item under a perturbation is a pure function of (seed, item id,
/// perturbation name): the random ones draw from `CounterRNG(seed:stream: stableHash(name, item id))`,
/// so adding, removing or reordering other items never changes an item's text.
public enum Perturbation: Sendable, Hashable {
    /// The gold content moved to `slot` by swapping it with what was there (the study's fix_A … fix_D).
    case fix(slot: Int)
    /// The fixed swap A↔C, B↔D (slot i ↔ i + n/2 for n choices, n even; an odd last slot stays).
    case swapHalves
    /// Every choice moved to another slot (a seeded random derangement per item).
    case derange
    /// The choice lines printed in a seeded random order, each keeping its label (the study's code).
    case shuffleLines
    /// Other labels for the slots, in prompt and targets.
    case symbols(SymbolSet)
    /// The "Choices:" line on or off.
    case header(Bool)
    /// An extra space before "Answer:".
    case extraSpace
    /// The subject line on or off.
    case description(Bool)
    /// The test item itself shown as the last shot, with its correct answer or a seeded wrong one.
    case inject(correct: Bool)

    /// Every name `parse` knows (`symbols:x|y|z|w` besides), for messages and docs.
    public static let names = ["original", "fix_A", "fix_B", "fix_C", "fix_D", "swap_AC_BD", "derange", "shuffle_lines",
                               "symbols_numeric", "symbols_lower", "symbols_rare", "header", "no_header", "extra_space",
                               "description", "no_description", "inject_correct", "inject_wrong"]

    /// The perturbation a name stands for; "original" is none.
    public static func parse(_ name: String) throws -> Perturbation? {
        switch name {
        case "original": return nil
        case "swap_AC_BD": return .swapHalves
        case "derange": return .derange
        case "shuffle_lines": return .shuffleLines
        case "symbols_numeric": return .symbols(.numbers)
        case "symbols_lower": return .symbols(.lowercase)
        case "symbols_rare": return .symbols(.rare)
        case "header": return .header(true)
        case "no_header": return .header(false)
        case "extra_space": return .extraSpace
        case "description": return .description(true)
        case "no_description": return .description(false)
        case "inject_correct": return .inject(correct: true)
        case "inject_wrong": return .inject(correct: false)
        default: break
        }
        if name.hasPrefix("fix_"), name.count == 5, let slot = MCQItem.letters.firstIndex(of: String(name.suffix(1))) {
            return .fix(slot: slot)
        }
        if name.hasPrefix("symbols:") {
            let labels = name.dropFirst("symbols:".count).split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard labels.count >= 2, !labels.contains(""), Set(labels).count == labels.count else {
                throw EvaluationError.unsupported("perturbation '\(name)': give two or more distinct labels separated by '|', e.g. symbols:α|β|γ|δ")
            }
            return .symbols(.custom(labels))
        }
        throw EvaluationError.unknownName(kind: "perturbation", name: name, known: names + ["symbols:x|y|z|w", "a+b (both, in order)"])
    }

    /// Whether the perturbation draws random numbers (and so depends on the seed).
    var isRandom: Bool {
        switch self {
        case .derange, .shuffleLines, .inject(correct: false): return true
        default: return false
        }
    }
}

/// A named evaluation condition: perturbations applied in order, e.g. "fix_A+symbols_rare"; "original"
/// is none.
public struct Condition: Sendable, Hashable {
    public var name: String
    public var steps: [(name: String, perturbation: Perturbation)]

    public init(_ name: String) throws {
        self.name = name
        steps = []
        for part in name.split(separator: "+").map(String.init) {
            if let perturbation = try Perturbation.parse(part) { steps.append((part, perturbation)) }
        }
    }

    public static func == (a: Condition, b: Condition) -> Bool { a.name == b.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    /// Whether the test item is shown as a shot (an injection condition).
    var injects: Bool { steps.contains { if case .inject = $0.perturbation { true } else { false } } }
}

/// An item as a prompt shows it: which choice sits in which slot, under which label, in which line
/// order, and in which layout.
public struct PresentedItem: Sendable {
    public var item: MCQItem
    /// `order[slot]` is the index (in `item.choices`) of the choice shown at `slot`.
    public var order: [Int]
    /// The label of each slot.
    public var labels: [String]
    /// The slots in the order their lines are printed (all slots, each once).
    public var lineOrder: [Int]
    public var style: PromptStyle
    /// The slot shown as the answer of the test item injected as a shot, if any.
    public var injectedSlot: Int?

    /// The item in its original order with `style`'s labels.
    public init(_ item: MCQItem, style: PromptStyle) {
        self.item = item
        self.order = Array(item.choices.indices)
        self.labels = Array(style.labels.prefix(item.choices.count))
        self.lineOrder = Array(item.choices.indices)
        self.style = style
    }

    /// The slot holding the correct answer.
    public var gold: Int { order.firstIndex(of: item.answer)! }

    /// The text shown at `slot`.
    public func text(_ slot: Int) -> String { item.choices[order[slot]] }

    /// The item under `condition`, drawn from `seed` (see `Perturbation`'s invariant).
    public func applying(_ condition: Condition, seed: UInt64) throws -> PresentedItem {
        var presented = self
        for (name, perturbation) in condition.steps { try presented.apply(perturbation, name: name, seed: seed) }
        return presented
    }

    /// The random stream of one perturbation of one item.
    static func stream(_ name: String, _ itemID: String, attempt: Int = 0) -> UInt64 {
        stableHash(attempt == 0 ? "\(name)\u{1F}\(itemID)" : "\(name)\u{1F}\(itemID)\u{1F}\(attempt)")
    }

    mutating func apply(_ perturbation: Perturbation, name: String, seed: UInt64) throws {
        let n = order.count
        switch perturbation {
        case .fix(let slot):
            guard slot < n else {
                throw EvaluationError.unsupported("perturbation '\(name)': item \(item.id.prefix(12)) has only \(n) choices")
            }
            order.swapAt(slot, gold)
        case .swapHalves:
            let half = n / 2
            for i in 0..<half { order.swapAt(i, i + half) }
        case .derange:
            guard n >= 2 else { return }
            var attempt = 0
            while true {
                let p = CounterRNG(seed: seed, stream: Self.stream(name, item.id, attempt: attempt)).permutation(n)
                if p.enumerated().allSatisfy({ $0 != $1 }) {
                    order = p.map { order[$0] }
                    break
                }
                attempt += 1
            }
        case .shuffleLines:
            lineOrder = CounterRNG(seed: seed, stream: Self.stream(name, item.id)).permutation(n)
        case .symbols(let set):
            if let capacity = set.capacity, capacity < n {
                throw EvaluationError.unsupported("perturbation '\(name)': \(capacity) labels for an item with \(n) choices")
            }
            labels = set.symbols(n)
            style.labels = labels
        case .header(let on): style.choicesHeader = on
        case .extraSpace: style.extraSpace = true
        case .description(let on): style.description = on
        case .inject(let correct):
            if correct {
                injectedSlot = gold
            } else {
                let wrong = (0..<n).filter { $0 != gold }
                injectedSlot = wrong[CounterRNG(seed: seed, stream: Self.stream(name, item.id)).integer(below: wrong.count, at: 0)]
            }
        }
    }
}
