import SmolCore

/// Sequential draws for one generated item: a `CounterRNG` stream read at consecutive counters.
struct Draw {
    let rng: CounterRNG
    var counter: UInt64

    /// Item `index` of task stream `stream` under `seed`: each item owns 2^20 counters.
    init(seed: UInt64, stream: UInt64, index: Int) {
        rng = CounterRNG(seed: seed, stream: stream)
        counter = UInt64(index) << 20
    }

    /// Uniform integer in `lo...hi`.
    mutating func int(_ lo: Int, _ hi: Int) -> Int {
        defer { counter += 1 }
        return lo + rng.integer(below: hi - lo + 1, at: counter)
    }

    /// One element of a non-empty array.
    mutating func pick<T>(_ items: [T]) -> T { items[int(0, items.count - 1)] }

    /// `k` distinct elements, in random order (a partial Fisher–Yates shuffle: k draws, not one per element).
    mutating func distinct<T>(_ items: [T], _ k: Int) -> [T] {
        var out = items
        let k = min(k, out.count)
        for i in 0..<k { out.swapAt(i, int(i, out.count - 1)) }
        return Array(out.prefix(k))
    }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool {
        defer { counter += 1 }
        return rng.uniform(at: counter) < p
    }

    /// A fair coin flip.
    mutating func coin() -> Bool { chance(0.5) }

    /// One option from each slot, joined by single spaces (empty options drop out): seeded paraphrase.
    mutating func compose(_ slots: [[String]]) -> String {
        slots.map { pick($0) }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// A Fisher–Yates shuffle of `items`.
    mutating func shuffled<T>(_ items: [T]) -> [T] {
        var out = items
        if out.count < 2 { return out }
        for i in stride(from: out.count - 1, to: 0, by: -1) { out.swapAt(i, int(0, i)) }
        return out
    }
}

/// The split an item belongs to, from its defining key: 80% train, 10% dev, 10% test.
/// Because the split is a function of the key, no key can appear in two splits.
func splitOf(key: String) -> String {
    switch SHA256.hex(of: Array(key.utf8)).prefix(4).reduce(0, { $0 * 16 + Int(String($1), radix: 16)! }) % 10 {
    case 8: return "dev"
    case 9: return "test"
    default: return "train"
    }
}

/// Draws items until `n` of them fall in `split`, skipping repeated keys; fails when the space is exhausted.
/// The split is decided by the key's part before any `#`, which must be the question's content and
/// its correct answer only (e.g. the fact asked about); whatever else varies between items of one
/// question (distractors, wording) goes after the `#` and only takes part in de-duplication. A
/// distractor in the split part would let one question land in train and test with other distractors.
///
/// With `balanceAnswers` (multiple choice: `choices` + `answer`), the correct choice of the k-th kept
/// item is moved to slot `answerSlot(k)`, so every block of four consecutive items has its answer at
/// A, B, C and D once each (block order seeded): a constant guess scores exactly 25% on whole blocks.
func collect(task: String, n: Int, seed: UInt64, split: String, maxAttemptsPerItem: Int = 200, balanceAnswers: Bool = false,
             _ make: (inout Draw) -> (key: String, record: JSONValue)) throws -> [JSONValue] {
    guard ["train", "dev", "test"].contains(split) else {
        throw DatasetError.invalidArgument("split must be \"train\", \"dev\" or \"test\", not \"\(split)\"")
    }
    guard n >= 0 else { throw DatasetError.invalidArgument("n must be at least 0, not \(n)") }
    var seen = Set<String>()
    var questions = Set<String>()
    var records: [JSONValue] = []
    let stream = stableHash(task)
    var index = 0
    let limit = max(1000, n * maxAttemptsPerItem)
    // First only items whose question is new are kept; once `fresh` draws in a row found none, the
    // split's questions are taken to be exhausted and a question may come back with other distractors
    // or wording (data.generate warns when it does).
    var sinceNewQuestion = 0
    let fresh = 3000
    while records.count < n {
        guard index < limit else {
            throw DatasetError.invalidArgument("task \"\(task)\" has only \(records.count) distinct \(split) items reachable; lower n")
        }
        var draw = Draw(seed: seed, stream: stream, index: index)
        index += 1
        sinceNewQuestion += 1
        let (key, record) = make(&draw)
        let splitKey = key.split(separator: "#", maxSplits: 1).first.map(String.init) ?? key
        guard splitOf(key: splitKey) == split, !seen.contains(key) else { continue }
        let question = questionText(record)
        if questions.contains(question) && sinceNewQuestion < fresh { continue }
        if !questions.contains(question) && sinceNewQuestion < fresh { sinceNewQuestion = 0 }
        seen.insert(key)
        questions.insert(question)
        let placed = balanceAnswers ? placeAnswer(record, at: answerSlot(task: task, seed: seed, index: records.count)) : record
        records.append(RecordID.assign(placed))
    }
    RecordID.makeUnique(&records)
    return records
}

/// The answer slot (0–3) of the `index`-th kept item: blocks of four take each slot once, in an order
/// drawn from the seed.
func answerSlot(task: String, seed: UInt64, index: Int) -> Int {
    CounterRNG(seed: seed, stream: stableHash(task + "#answer-slots") &+ UInt64(index / 4)).permutation(4)[index % 4]
}

/// A multiple-choice record with its correct choice swapped into `slot` (the other choices keep their places).
func placeAnswer(_ record: JSONValue, at slot: Int) -> JSONValue {
    guard case .object(var members) = record, var choices = record["choices"]?.arrayValue, let answer = record["answer"]?.intValue,
          slot < choices.count, answer < choices.count else { return record }
    choices.swapAt(answer, slot)
    for k in members.indices {
        if members[k].key == "choices" { members[k].value = .array(choices) }
        if members[k].key == "answer" { members[k].value = .number(Double(slot)) }
    }
    return .object(members)
}

/// What an item asks, without its choices or answer: the question, the prompt, or the first user turn.
func questionText(_ record: JSONValue) -> String {
    if let q = record["question"]?.stringValue { return q }
    if let p = record["prompt"]?.stringValue { return p }
    if let turns = record["prompt"]?.arrayValue ?? record["messages"]?.arrayValue,
       let user = turns.first(where: { $0["role"]?.stringValue == "user" })?["content"]?.stringValue { return user }
    return RecordText.of(record)
}
