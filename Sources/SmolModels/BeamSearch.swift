import Foundation
import SmolKernels
import SmolTensor
import SmolTokenizers

/// How `beamSearch` searches and when a hypothesis ends (Hugging Face `generate(num_beams:)` with
/// `early_stopping=False`, `do_sample=False`).
///
/// A hypothesis ends at a stop token (or an end-of-sequence id with `stopAtEndOfSequence`; not
/// returned), when the text of its new tokens contains one of `stopStrings` (the tokens are returned),
/// or after `maxNewTokens`. Its score is its summed log-probability divided by
/// `length ^ lengthPenalty` (length = new tokens before the stop token, at least 1), so a penalty
/// above 0 favours longer hypotheses and 0 compares raw sums.
public struct BeamSearchOptions: Sendable, Equatable {
    /// Hypotheses kept per prompt (≥ 1).
    public var beamWidth: Int
    /// Exponent of the length normalisation (HF `length_penalty`, default 1).
    public var lengthPenalty: Double
    /// Most tokens to add to each prompt.
    public var maxNewTokens: Int
    /// Tokens that end a hypothesis.
    public var stopTokens: Set<Int>
    /// Text that ends a hypothesis; checking needs `decode:`.
    public var stopStrings: [String]
    /// Whether the model's end-of-sequence ids (config.json `eos_token_id`) end a hypothesis too.
    public var stopAtEndOfSequence: Bool

    public init(beamWidth: Int = 4, lengthPenalty: Double = 1, maxNewTokens: Int = 64, stopTokens: Set<Int> = [],
                stopStrings: [String] = [], stopAtEndOfSequence: Bool = true) {
        self.beamWidth = beamWidth
        self.lengthPenalty = lengthPenalty
        self.maxNewTokens = maxNewTokens
        self.stopTokens = stopTokens
        self.stopStrings = stopStrings
        self.stopAtEndOfSequence = stopAtEndOfSequence
    }

    /// Checks every option (beam width ≥ 1, finite length penalty, maxNewTokens ≥ 0, no empty stop string).
    public func validate() throws {
        guard beamWidth >= 1 else { throw ModelError.invalidGeneration("beamWidth is \(beamWidth); it must be ≥ 1") }
        guard lengthPenalty.isFinite else { throw ModelError.invalidGeneration("lengthPenalty is \(lengthPenalty); it must be finite") }
        guard maxNewTokens >= 0 else { throw ModelError.invalidGeneration("maxNewTokens is \(maxNewTokens); it must be ≥ 0") }
        if let empty = stopStrings.firstIndex(of: "") {
            throw ModelError.invalidGeneration("stop string \(empty) is empty; it would end every hypothesis at once")
        }
    }
}

/// The best hypothesis of one prompt.
public struct BeamHypothesis: Sendable, Equatable {
    /// The new tokens (never the stop token; up to and including the one completing a stop string).
    public var tokens: [Int]
    /// Summed log-probability of the tokens (and of the stop token that ended it, if any).
    public var logProbability: Double
    /// `logProbability / length ^ lengthPenalty`, what hypotheses were ranked by.
    public var score: Double
    /// Whether a stop token or stop string ended it (false: it ran to `maxNewTokens`).
    public var stopped: Bool
}

extension LanguageModel {
    /// Beam search over each prompt. Prompts are prefilled together; then every live hypothesis of every
    /// prompt is advanced one token per step in one batch, each with its own KV cache (a hypothesis
    /// that several children continue is copied, one that none continues is freed).
    ///
    /// At each step the 2·W best (hypothesis, token) continuations of a prompt by summed
    /// log-probability are taken in order (ties: lower hypothesis, then lower token); a stop among the
    /// first W ends a hypothesis, the others fill the W live slots. A prompt is done once W
    /// hypotheses ended and none of its live ones can still score higher (HF's `early_stopping=False`
    /// rule); at `maxNewTokens` its live hypotheses end as they are. Log-probabilities are computed in
    /// Double from each row of logits; with the smol backend every row is the same whatever the
    /// batch or thread count, so results are too.
    public func beamSearch(_ prompts: [[Int]], options: BeamSearchOptions, engine: EngineOptions = EngineOptions(),
                           decode: (([Int]) -> String)? = nil, isCancelled: () -> Bool = { false }) throws -> [BeamHypothesis] {
        try options.validate()
        try checkPrompts(prompts, maxNewTokens: options.maxNewTokens)
        var stopStrings: StopStrings?
        if !options.stopStrings.isEmpty {
            guard let decode else {
                throw ModelError.invalidGeneration("stop strings need a decoder of token ids to text; pass decode: (e.g. a tokenizer's decode)")
            }
            stopStrings = StopStrings(options.stopStrings, decode: decode)
        }
        let stopTokens = options.stopTokens.union(options.stopAtEndOfSequence ? config.eosTokenIds : [])
        let empty = BeamHypothesis(tokens: [], logProbability: 0, score: 0, stopped: false)
        guard options.maxNewTokens > 0, !prompts.isEmpty else { return prompts.map { _ in empty } }
        let width = options.beamWidth, vocabulary = config.vocabSize
        let tables = RotaryTables(headDim: config.headDim, theta: config.ropeTheta,
                                  positions: prompts.map(\.count).max()! + options.maxNewTokens)

        var searches = prompts.map { _ in PromptSearch(width: width, lengthPenalty: options.lengthPenalty) }
        // Prefill: one live hypothesis per prompt, scored by the logits of its last prompt token.
        var live: [LiveBeam] = prompts.enumerated().map { p, prompt in
            let cache = KVCache(layers: config.numHiddenLayers, width: config.numKeyValueHeads * config.headDim,
                                capacity: prompt.count + min(Self.firstCacheChunk, options.maxNewTokens))
            return LiveBeam(prompt: p, tokens: [], logProbability: 0, cache: cache, pending: prompt)
        }
        for step in 0..<options.maxNewTokens {
            if live.isEmpty || isCancelled() { break }
            for beam in live {
                beam.cache.reserve(beam.cache.length + beam.pending.count, limit: prompts[beam.prompt].count + options.maxNewTokens)
            }
            let logits = forwardCached(live.map(\.pending), caches: live.map(\.cache), tables: tables, engine: engine)  // [B, V]
            var next: [LiveBeam] = []
            let lastStep = step == options.maxNewTokens - 1
            // Live beams are grouped by prompt, in prompt order.
            var start = 0
            while start < live.count {
                let p = live[start].prompt
                var end = start
                while end < live.count && live[end].prompt == p { end += 1 }
                var candidates: [Candidate] = []
                for row in start..<end {
                    let top = Self.topLogProbabilities(logits.data + row * vocabulary, count: vocabulary, k: 2 * width)
                    for (token, lp) in top {
                        candidates.append(Candidate(beam: row - start, token: token, score: live[row].logProbability + lp))
                    }
                }
                candidates.sort { $0.score != $1.score ? $0.score > $1.score : ($0.beam != $1.beam ? $0.beam < $1.beam : $0.token < $1.token) }
                var chosen: [(parent: Int, token: Int, score: Double)] = []
                for (rank, c) in candidates.prefix(2 * width).enumerated() {
                    let parent = live[start + c.beam]
                    if stopTokens.contains(c.token) {
                        if rank < width { searches[p].add(tokens: parent.tokens, logProbability: c.score, length: parent.tokens.count, stopped: true) }
                        continue
                    }
                    let tokens = parent.tokens + [c.token]
                    if stopStrings?.isReached(in: tokens) == true {
                        if rank < width { searches[p].add(tokens: tokens, logProbability: c.score, length: tokens.count, stopped: true) }
                        continue
                    }
                    chosen.append((start + c.beam, c.token, c.score))
                    if chosen.count == width { break }
                }
                let best = chosen.first.map { $0.score } ?? -Double.infinity
                if searches[p].isDone(bestLiveLogProbability: best, length: step + 1) || chosen.isEmpty {
                    start = end
                    continue
                }
                if lastStep {
                    for c in chosen {
                        searches[p].add(tokens: live[c.parent].tokens + [c.token], logProbability: c.score, length: step + 1, stopped: false)
                    }
                    start = end
                    continue
                }
                // The first child of a parent takes its cache; later children get copies.
                var taken = Set<Int>()
                for c in chosen {
                    let parent = live[c.parent]
                    let cache = taken.insert(c.parent).inserted ? parent.cache : parent.cache.copy()
                    next.append(LiveBeam(prompt: p, tokens: parent.tokens + [c.token], logProbability: c.score, cache: cache, pending: [c.token]))
                }
                start = end
            }
            live = next
        }
        // Cancelled or out of steps with live beams left (only when cancelled): they end as they are.
        for beam in live { searches[beam.prompt].add(tokens: beam.tokens, logProbability: beam.logProbability, length: beam.tokens.count, stopped: false) }
        return searches.map { $0.best ?? empty }
    }

    /// The k most likely tokens of one row of logits with their log-probabilities (Double), most likely
    /// first, ties by lower token.   logits: [V] -> k × (token, log p)
    static func topLogProbabilities(_ logits: UnsafePointer<Float>, count: Int, k: Int) -> [(Int, Double)] {
        var maximum = -Float.infinity
        for j in 0..<count where logits[j] > maximum { maximum = logits[j] }
        var sum = 0.0
        for j in 0..<count { sum += exp(Double(logits[j] - maximum)) }
        let logZ = Double(maximum) + log(sum)
        var top: [(Int, Float)] = []   // sorted by logit desc, then token asc
        top.reserveCapacity(k + 1)
        for j in 0..<count {
            let x = logits[j]
            if top.count == k, let last = top.last, !(x > last.1) { continue }
            var i = top.count
            while i > 0 && x > top[i - 1].1 { i -= 1 }
            top.insert((j, x), at: i)
            if top.count > k { top.removeLast() }
        }
        return top.map { ($0.0, Double($0.1) - logZ) }
    }
}

/// A hypothesis still being extended: its tokens so far, score and cache, and the token(s) the next
/// forward pass feeds (the prompt at first, then its last token).
private final class LiveBeam {
    let prompt: Int
    let tokens: [Int]
    let logProbability: Double
    let cache: KVCache
    let pending: [Int]

    init(prompt: Int, tokens: [Int], logProbability: Double, cache: KVCache, pending: [Int]) {
        self.prompt = prompt
        self.tokens = tokens
        self.logProbability = logProbability
        self.cache = cache
        self.pending = pending
    }
}

private struct Candidate {
    var beam: Int
    var token: Int
    var score: Double
}

/// The ended hypotheses of one prompt: the `width` best by length-normalised score (HF `BeamHypotheses`).
private struct PromptSearch {
    let width: Int
    let lengthPenalty: Double
    var ended: [BeamHypothesis] = []

    init(width: Int, lengthPenalty: Double) {
        self.width = width
        self.lengthPenalty = lengthPenalty
    }

    func normalised(_ logProbability: Double, length: Int) -> Double {
        logProbability / pow(Double(max(length, 1)), lengthPenalty)
    }

    /// Keeps the hypothesis when fewer than `width` ended or it beats the worst; the worst then leaves.
    mutating func add(tokens: [Int], logProbability: Double, length: Int, stopped: Bool) {
        let score = normalised(logProbability, length: length)
        guard ended.count < width || score > ended.map(\.score).min()! else { return }
        ended.append(BeamHypothesis(tokens: tokens, logProbability: logProbability, score: score, stopped: stopped))
        if ended.count > width, let worst = ended.indices.min(by: { ended[$0].score < ended[$1].score }) {
            ended.remove(at: worst)
        }
    }

    /// Done when `width` hypotheses ended and the best live one, at its current length, scores no
    /// better than the worst of them.
    func isDone(bestLiveLogProbability: Double, length: Int) -> Bool {
        guard ended.count >= width else { return false }
        return ended.map(\.score).min()! >= normalised(bestLiveLogProbability, length: length)
    }

    /// The highest-scoring ended hypothesis (the first ended on a tie).
    var best: BeamHypothesis? {
        var top: BeamHypothesis?
        for h in ended where top == nil || h.score > top!.score { top = h }
        return top
    }
}

extension KVCache {
    /// A cache holding the same rows, with its own storage (for a beam that two hypotheses continue).
    func copy() -> KVCache {
        let twin = KVCache(layers: keys.count, width: width, capacity: capacity)
        for l in keys.indices {
            twin.keys[l].update(from: keys[l], count: length * width)
            twin.values[l].update(from: values[l], count: length * width)
        }
        twin.length = length
        return twin
    }
}

extension ModelBundle {
    /// Beam search over text prompts (tokenized by `promptTokens`), stopped also by the tokenizer's
    /// EOS; the text of each best hypothesis is decoded and cut before its earliest stop string.
    public func beamContinuations(prompts: [String], options: BeamSearchOptions, engine: EngineOptions = EngineOptions(),
                                  isCancelled: () -> Bool = { false }) throws -> [TextContinuation] {
        let tokenizer = try requireTokenizer()
        var tokenOptions = options
        if options.stopAtEndOfSequence, let eos = tokenizer.eosTokenID { tokenOptions.stopTokens.insert(eos) }
        let decode: ([Int]) -> String = { tokenizer.decode($0) }
        let best = try model.beamSearch(try promptTokens(prompts), options: tokenOptions, engine: engine, decode: decode,
                                        isCancelled: isCancelled)
        let stops = options.stopStrings.isEmpty ? nil : StopStrings(options.stopStrings, decode: decode)
        return best.map { h in
            let text = decode(h.tokens)
            return TextContinuation(text: stops?.cut(text) ?? text, tokens: h.tokens)
        }
    }
}
