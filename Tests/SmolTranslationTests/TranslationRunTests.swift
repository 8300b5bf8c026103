import Foundation
import SmolCore
import SmolDatasets
import SmolKernels
import SmolModels
import SmolTestSupport
import SmolTokenizers
import SmolTranslation
import Testing

/// Decoding runs with the tiny fixture model: identical output for any thread count, batch size, or
/// interruption (greedy and beam); the store keyed by model and settings; cancellation and resume.
@Suite struct TranslationRunTests {
    static let bundle = try! ModelBundle.load(path: Repository.fixture("tiny-llama-a"))

    static func corpus(unit: SegmentUnit = .sentence, window: Int = 24) throws -> SegmentedCorpus {
        let texts = SegmenterTests.documents + [
            "Install the package. Then configure it. Then reboot the machine.",
            "Install the package. Nothing else is needed.",   // a repeated sentence: decoded once
        ]
        let records = texts.map { RecordID.assign(.object([("text", .string($0))])) }
        return try SegmentedCorpus.make(Dataset(schema: .text, records: records, name: "docs"),
                                        segmenter: Segmenter(unit: unit, window: window, tokenizer: bundle.tokenizer!))
    }

    static func scratch() -> String {
        let path = NSTemporaryDirectory() + "smol-translate-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func run(_ corpus: SegmentedCorpus, beam: Int = 1, threads: Int = 1, batch: Int = 4, store: String = scratch(),
                    maxTokens: Int = 16, model: String = "tiny", isCancelled: @escaping () -> Bool = { false }) throws
        -> (TranslationSet, TranslationRun.Report) {
        let settings = DecodingSettings(format: .tagged, beamWidth: beam, lengthPenalty: 1, maxNewTokens: maxTokens)
        let runner = try TranslationRun(bundle: bundle, modelHash: model, settings: settings, batchSize: batch,
                                        engine: EngineOptions(threads: threads), storeRoot: store)
        return try runner.run(corpus, isCancelled: isCancelled)
    }

    @Test(arguments: [1, 3])
    func identicalAcrossThreadsBatchesAndRuns(beam: Int) throws {
        let corpus = try Self.corpus()
        let (reference, report) = try Self.run(corpus, beam: beam, threads: 1, batch: 1)
        #expect(report.decoded == report.uniqueTexts && report.resumed == 0)
        #expect(report.uniqueTexts < corpus.segments.filter { !$0.text.isEmpty }.count)   // the repeated sentence
        let bytes = reference.canonicalJSONL()
        #expect(try Self.run(corpus, beam: beam, threads: 2, batch: 5).0.canonicalJSONL() == bytes)
        #expect(try Self.run(corpus, beam: beam, threads: 2, batch: 64).0.canonicalJSONL() == bytes)
        #expect(try Self.run(corpus, beam: beam, threads: 1, batch: 3).0.canonicalJSONL() == bytes)
        #expect(try TranslationSet(canonicalJSONL: bytes) == reference)
    }

    @Test func greedyAndBeamDiffer() throws {
        let corpus = try Self.corpus()
        let greedy = try Self.run(corpus, beam: 1).0, beam = try Self.run(corpus, beam: 3).0
        #expect(greedy.outputs != beam.outputs)
    }

    /// A run stopped after two batches stores what finished; the rerun resumes from there, decodes
    /// only the rest and gives the uninterrupted output.
    @Test func cancelledRunResumesWithoutRedoingASegment() throws {
        let corpus = try Self.corpus()
        let store = Self.scratch()
        // Ctrl-C once two batches are stored (it is polled every decoding step, too).
        #expect(throws: TranslationError.cancelled) {
            try Self.run(corpus, batch: 3, store: store, isCancelled: { Self.storedFiles(store) >= 6 })
        }
        let stored = Self.storedFiles(store)
        #expect(stored > 0)
        let (resumed, report) = try Self.run(corpus, batch: 2, store: store)
        #expect(report.resumed == stored && report.decoded == report.uniqueTexts - stored)
        #expect(Self.storedFiles(store) == report.uniqueTexts)
        #expect(resumed.canonicalJSONL() == (try Self.run(corpus, batch: 4).0.canonicalJSONL()))
        let (again, second) = try Self.run(corpus, batch: 7, store: store)
        #expect(second.decoded == 0 && second.resumed == report.uniqueTexts && again == resumed)
        #expect(second.seconds == report.seconds)   // timings come from the store
    }

    static func storedFiles(_ root: String) -> Int {
        ((FileManager.default.enumerator(atPath: root)?.allObjects as? [String]) ?? [])
            .filter { $0.hasSuffix(".json") && !$0.hasSuffix("settings.json") }.count
    }

    @Test func aChangedModelOrSettingNeverReusesASegment() throws {
        let corpus = try Self.corpus()
        let store = Self.scratch()
        _ = try Self.run(corpus, store: store)
        #expect(try Self.run(corpus, store: store).1.decoded == 0)
        #expect(try Self.run(corpus, store: store, maxTokens: 15).1.resumed == 0)
        #expect(try Self.run(corpus, beam: 2, store: store).1.resumed == 0)
        #expect(try Self.run(corpus, store: store, model: "another-model").1.resumed == 0)
        let a = DecodingSettings(format: .tagged), b = DecodingSettings(format: .chat(template: PromptFormat.defaultInstruction))
        #expect(a.key(modelHash: "m") != b.key(modelHash: "m") && a.key(modelHash: "m") != a.key(modelHash: "n"))
        #expect(DecodingSettings(stopStrings: ["\n"]).key(modelHash: "m") != DecodingSettings().key(modelHash: "m"))
        #expect(DecodingSettings(weights: .q8_0_q8).key(modelHash: "m") != DecodingSettings().key(modelHash: "m"))
        // native decodes the f32 bits: its stores are the ones made before weights was a setting.
        #expect(DecodingSettings(weights: .native).json["weights"] == nil)
    }

    /// Int8 decoding is a setting of greedy runs: deterministic across threads and batches, stored apart
    /// from the native run's segments; beam search refuses it.
    @Test func quantisedGreedyDecodingIsItsOwnDeterministicRun() throws {
        let corpus = try Self.corpus(), store = Self.scratch()
        func run(threads: Int, batch: Int) throws -> (TranslationSet, TranslationRun.Report) {
            let settings = DecodingSettings(format: .tagged, maxNewTokens: 16, weights: .q8_0_q8)
            return try TranslationRun(bundle: Self.bundle, modelHash: "tiny", settings: settings, batchSize: batch,
                                      engine: EngineOptions(threads: threads), storeRoot: store).run(corpus)
        }
        _ = try Self.run(corpus, store: store)
        let (first, report) = try run(threads: 1, batch: 1)
        #expect(report.resumed == 0)
        #expect(try TranslationRun(bundle: Self.bundle, modelHash: "tiny", settings: DecodingSettings(format: .tagged, maxNewTokens: 16, weights: .q8_0_q8),
                                   batchSize: 4, engine: EngineOptions(threads: 2), storeRoot: Self.scratch()).run(corpus).0.canonicalJSONL()
                == first.canonicalJSONL())
        #expect(throws: TranslationError.self) {
            try DecodingSettings(format: .tagged, beamWidth: 2, weights: .q8_0_q8).validate()
        }
    }

    @Test func longPromptsDecodeWithTheRoomTheyHaveOrAreSkipped() throws {
        // tiny-llama-a has 256 positions: a 300-token window leaves no room, a 230-token one some.
        let tokenizer = Self.bundle.tokenizer!
        let long = String(repeating: "x", count: 300), medium = String(repeating: "y", count: 220)
        let records = [long, medium].map { RecordID.assign(.object([("text", .string($0))])) }
        let corpus = try SegmentedCorpus.make(Dataset(schema: .text, records: records, name: "long"),
                                              segmenter: Segmenter(unit: .window, window: 1000, tokenizer: tokenizer))
        let (set, _) = try Self.run(corpus, maxTokens: 64)
        #expect(set.outputs[0].flags.contains(.sourceTooLong) && set.outputs[0].text.isEmpty)
        #expect(!set.outputs[1].flags.contains(.sourceTooLong))
    }

    @Test func hygieneFlagsAndRepairsOutputs() {
        let tokenizer = Self.bundle.tokenizer!
        func clean(_ text: String, tokens: [Int] = [], finish: String = "stop", source: String = "Hello world") -> (String, [OutputFlag]) {
            let (t, f) = OutputHygiene.clean(StoredTranslation(text: text, tokens: tokens, promptTokens: 1, finish: finish, seconds: 0),
                                             source: source, tokenizer: tokenizer, sourceLanguage: "en", targetLanguage: "ar")
            return (t, f)
        }
        #expect(clean("  مرحبا بالعالم \n") == ("مرحبا بالعالم", []))
        #expect(clean(" \n ") == ("", [.empty]))
        #expect(clean("مرحبا", finish: "length") == ("مرحبا", [.truncated]))
        #expect(clean("The quick brown fox is in the garden and it is happy.") .1 == [.untranslated])
        #expect(clean("Hello world").1 == [.untranslated])
        #expect(clean(String(repeating: "ب", count: 200)).1 == [.oversized])
        // "😀" is four byte tokens; three of them are not UTF-8.
        let emoji = tokenizer.encode("😀")
        #expect(emoji.count == 4)
        let broken = Array(emoji.prefix(3))
        let (text, flags) = clean("مرحبا" + tokenizer.decode(broken), tokens: tokenizer.encode("مرحبا") + broken)
        #expect(text == "مرحبا" && flags == [.invalidUTF8])
        #expect(clean("", finish: "skipped").1 == [.sourceTooLong])
    }

    @Test func mergeReassemblesDeduplicatesAndDropsFlagged() throws {
        let tokenizer = Self.bundle.tokenizer!
        let texts = ["First one.  Second one.\n\nThird.", "Other text here.", "First one.  Second one.\n\nThird."]
        let records = texts.enumerated().map { k, t in
            RecordID.assign(.object([("source", .string(t)), ("target", .string("ref \(k)")), ("source_lang", .string("en")), ("target_lang", .string("ar"))]))
        }
        var dataset = Dataset(schema: .translation, records: records, name: "m")
        RecordID.makeUnique(&dataset.records)
        let corpus = try SegmentedCorpus.make(dataset, segmenter: Segmenter(unit: .sentence, window: 50, tokenizer: tokenizer))
        var set = TranslationSet.copy(corpus)
        for k in set.outputs.indices { set.outputs[k] = SegmentOutput(text: "ت\(corpus.segments[k].text.count)", flags: [], outputTokens: 1, finish: "stop") }
        #expect(set.translation(of: 0) == "ت10  ت11\n\nت6")
        let (merged, report) = TranslationMerge.merge(set)
        #expect(report.kept == 2 && report.exactDuplicates == 1)
        #expect(merged.records[0]["source"]?.stringValue == texts[0] && merged.records[0]["meta"]?["reference"]?.stringValue == "ref 0")
        #expect(merged.records.map { $0["meta"]?["index"]?.intValue } == [0, 1])
        set.outputs[corpus.documentRanges[1].lowerBound].flags = [.empty]
        let (kept, dropped) = TranslationMerge.merge(set, dedup: false, dropFlagged: true)
        #expect(kept.count == 2 && dropped.droppedFlagged == 1 && dropped.flaggedDocuments == 1)
        #expect(TranslationSet.copy(corpus).outputs.allSatisfy { $0.flags == [.untranslated] })
    }
}
