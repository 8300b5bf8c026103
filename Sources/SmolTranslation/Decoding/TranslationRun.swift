import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SmolKernels
import SmolModels
import SmolTokenizers

/// Translates a segmented corpus with a model, resumably: each distinct segment text is decoded once
/// per (model, settings) and stored as soon as its batch finishes (`SegmentStore`), so a run that is
/// killed picks up where it stopped, and one that finds everything stored decodes nothing.
///
/// Batches hold `batchSize` distinct texts in corpus order; greedy batches run through
/// `ModelBundle.continuations`, beams through `beamContinuations`. Outputs do not depend on the batch
/// size, the thread count or where a run was interrupted (the engine's per-row results do not depend
/// on the batch), so a resumed run's `TranslationSet` is byte-identical to an uninterrupted one.
public struct TranslationRun {
    /// Where a run stands, for a progress line.
    public struct Progress: Sendable {
        /// Distinct texts finished (stored before or now) and in all.
        public var finished: Int, total: Int
        /// Found in the store when the run started.
        public var resumed: Int
        /// New tokens per second over this run's batches so far.
        public var tokensPerSecond: Double
    }

    /// What a run did and how fast the model translates.
    public struct Report: Sendable, Equatable {
        public var segments = 0
        /// Distinct non-empty segment texts.
        public var uniqueTexts = 0
        /// Distinct texts found in the store, and decoded by this run.
        public var resumed = 0, decoded = 0
        /// Source tokens (segmenting tokenizer) and new tokens over the distinct texts.
        public var sourceTokens = 0, outputTokens = 0
        /// Decoding seconds over the distinct texts, as stored with each (so resumed texts count too):
        /// wall-clock, and CPU (user + system over all threads).
        public var seconds = 0.0, cpuSeconds = 0.0
        /// Wall seconds this run spent decoding.
        public var wallSeconds = 0.0

        /// Seconds per 1,000 source tokens (nil when nothing was timed).
        public var secondsPer1kSourceTokens: Double? { sourceTokens > 0 && seconds > 0 ? 1000 * seconds / Double(sourceTokens) : nil }
        /// CPU seconds per 1,000 source tokens (nil when nothing was timed).
        public var cpuSecondsPer1kSourceTokens: Double? { sourceTokens > 0 && cpuSeconds > 0 ? 1000 * cpuSeconds / Double(sourceTokens) : nil }
        /// New tokens per second.
        public var tokensPerSecond: Double? { seconds > 0 ? Double(outputTokens) / seconds : nil }
    }

    public let bundle: ModelBundle
    /// The model artifact's hash (part of the store key).
    public let modelHash: String
    public let settings: DecodingSettings
    public let batchSize: Int
    public let engine: EngineOptions
    public let store: SegmentStore

    public init(bundle: ModelBundle, modelHash: String, settings: DecodingSettings, batchSize: Int, engine: EngineOptions,
                storeRoot: String) throws {
        try settings.validate()
        guard batchSize >= 1 else { throw TranslationError.invalidArgument("batch_size is \(batchSize); give at least 1") }
        guard bundle.tokenizer != nil else {
            throw TranslationError.invalidArgument("the model has no tokenizer; load a folder with tokenizer.json or attach one with tokenizer:")
        }
        self.bundle = bundle
        self.modelHash = modelHash
        self.settings = settings
        self.batchSize = batchSize
        self.engine = engine
        store = try SegmentStore(root: storeRoot, key: settings.key(modelHash: modelHash), settings: settings.json)
    }

    /// Translates `corpus`; `progress` is called after each batch.
    public func run(_ corpus: SegmentedCorpus, progress: (Progress) -> Void = { _ in },
                    isCancelled: @escaping () -> Bool = { false }) throws -> (TranslationSet, Report) {
        var report = Report()
        report.segments = corpus.segments.count
        // Distinct non-empty texts in order of first appearance.
        var order: [(hash: String, segment: Int)] = []
        var seen = Set<String>()
        for (k, s) in corpus.segments.enumerated() where !s.text.isEmpty && seen.insert(s.hash).inserted { order.append((s.hash, k)) }
        report.uniqueTexts = order.count
        var results: [String: StoredTranslation] = [:]
        var pending: [(hash: String, segment: Int)] = []
        for item in order {
            if let stored = store.load(item.hash) { results[item.hash] = stored } else { pending.append(item) }
        }
        report.resumed = order.count - pending.count
        var newTokens = 0
        let started = Date()
        var index = 0
        while index < pending.count {
            if isCancelled() { throw TranslationError.cancelled }
            let batch = Array(pending[index..<min(index + batchSize, pending.count)])
            let decoded = try decode(batch.map { corpus.segments[$0.segment].text }, isCancelled: isCancelled)
            if isCancelled() { throw TranslationError.cancelled }   // a batch cut short is not stored
            for (item, translation) in zip(batch, decoded) {
                try store.save(item.hash, translation)
                results[item.hash] = translation
                newTokens += translation.tokens.count
            }
            index += batch.count
            report.decoded += batch.count
            let elapsed = Date().timeIntervalSince(started)
            progress(Progress(finished: report.resumed + index, total: order.count, resumed: report.resumed,
                              tokensPerSecond: elapsed > 0 ? Double(newTokens) / elapsed : 0))
        }
        report.wallSeconds = Date().timeIntervalSince(started)
        for item in order {
            let r = results[item.hash]!
            report.sourceTokens += corpus.segments[item.segment].piece.tokens
            report.outputTokens += r.tokens.count
            report.seconds += r.seconds
            report.cpuSeconds += r.cpuSeconds
        }
        let outputs = corpus.segments.map { s -> SegmentOutput in
            guard !s.text.isEmpty, let raw = results[s.hash] else { return SegmentOutput(text: "", flags: [], outputTokens: 0, finish: "stop") }
            let (text, flags) = OutputHygiene.clean(raw, source: s.text, tokenizer: bundle.tokenizer,
                                                    sourceLanguage: settings.sourceLanguage, targetLanguage: settings.targetLanguage)
            return SegmentOutput(text: text, flags: flags, outputTokens: raw.tokens.count, finish: raw.finish)
        }
        return (TranslationSet(corpus: corpus, outputs: outputs, model: modelHash, settings: settings.json), report)
    }

    /// Decodes one batch of texts; a prompt too long for `maxNewTokens` more positions is decoded alone
    /// with the room it has (or skipped when it has none).
    func decode(_ texts: [String], isCancelled: @escaping () -> Bool) throws -> [StoredTranslation] {
        let tokenizer = bundle.tokenizer!
        let prompts = try texts.map {
            try settings.format.prompt($0, sourceLanguage: settings.sourceLanguage, targetLanguage: settings.targetLanguage, tokenizer: tokenizer)
        }
        let lengths = try bundle.promptTokens(prompts).map(\.count)
        let positions = bundle.model.config.maxPositionEmbeddings
        var results = [StoredTranslation?](repeating: nil, count: texts.count)
        let started = Date(), startedCPU = Self.processCPUSeconds()
        var fits: [Int] = []
        for (i, length) in lengths.enumerated() {
            let room = positions - length
            if room >= settings.maxNewTokens { fits.append(i); continue }
            if room <= 0 {
                results[i] = StoredTranslation(text: "", tokens: [], promptTokens: length, finish: "skipped", seconds: 0)
                continue
            }
            results[i] = try generate([prompts[i]], maxNewTokens: room, isCancelled: isCancelled)[0]
        }
        if !fits.isEmpty {
            for (i, r) in zip(fits, try generate(fits.map { prompts[$0] }, maxNewTokens: settings.maxNewTokens, isCancelled: isCancelled)) {
                results[i] = r
            }
        }
        // The batch's wall time shared out by each sequence's tokens (prompt and new).
        let seconds = Date().timeIntervalSince(started), cpu = Self.processCPUSeconds() - startedCPU
        let work = zip(results, lengths).map { Double($1 + ($0?.tokens.count ?? 0)) }
        let total = max(work.reduce(0, +), 1)
        return results.enumerated().map { i, r in
            var r = r!
            r.promptTokens = lengths[i]
            r.seconds = seconds * work[i] / total
            r.cpuSeconds = cpu * work[i] / total
            return r
        }
    }

    /// User + system CPU seconds of this process so far (every thread).
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Greedy or beam continuations of `prompts` with at most `maxNewTokens` new tokens each.
    func generate(_ prompts: [String], maxNewTokens: Int, isCancelled: @escaping () -> Bool) throws -> [StoredTranslation] {
        let continuations: [TextContinuation]
        if settings.beamWidth == 1 {
            let options = GenerationOptions(maxNewTokens: maxNewTokens, stopStrings: settings.stopStrings, stopAtEndOfSequence: true,
                                            weights: settings.weights)
            continuations = try bundle.continuations(prompts: prompts, options: options, engine: engine, isCancelled: isCancelled)
        } else {
            let options = BeamSearchOptions(beamWidth: settings.beamWidth, lengthPenalty: settings.lengthPenalty, maxNewTokens: maxNewTokens,
                                            stopStrings: settings.stopStrings, stopAtEndOfSequence: true)
            continuations = try bundle.beamContinuations(prompts: prompts, options: options, engine: engine, isCancelled: isCancelled)
        }
        let tokenizer = bundle.tokenizer!
        return continuations.map { c in
            // Ran out of tokens unless a stop string cut the text (an EOS is never among the tokens).
            let cut = c.text != tokenizer.decode(c.tokens)
            let finish = c.tokens.count >= maxNewTokens && !cut ? "length" : "stop"
            return StoredTranslation(text: c.text, tokens: c.tokens, promptTokens: 0, finish: finish, seconds: 0)
        }
    }
}
