import Foundation
import SmolCore
import SmolDatasets
import SmolKernels
import SmolLedger
import SmolModels
import SmolScript
import SmolTokenizers
import SmolTranslation

/// `translate.*`: cut a corpus into segments, translate them resumably with a model, reassemble, score
/// and account for tokens (FineWeb-Edu-Ar in miniature). The logic lives in SmolTranslation.
enum TranslateCommands {
    static var all: [CommandDefinition] { [segment, run, copy, merge] + TranslateEvaluation.all }

    static let segment = CommandDefinition(
        CommandSignature("translate.segment",
                         summary: "Cuts each document of a corpus into segments of at most `window` tokens of the translation model's tokenizer: by paragraph, sentence, or plain non-overlapping windows; cuts fall on character boundaries, at whitespace when they can, and documents reassemble byte for byte.",
                         parameters: [
                             Parameter("corpus", .handle(.dataset), positional: true,
                                       doc: "documents: a text dataset, or a translation set (its source side; the target becomes the reference)"),
                             Parameter("by", .string, default: .string("window"), choices: SegmentUnit.allCases.map(\.rawValue),
                                       doc: "window: consecutive windows of ≤ window tokens; paragraph or sentence: those units, a long one cut into windows"),
                             Parameter("window", .integer, default: .number(200), doc: "most tokens per segment (FineWeb-Edu-Ar: 200)"),
                             Parameter("tokenizer", .oneOf([.handle(.tokenizer), .handle(.model)]),
                                       doc: "the translation model's tokenizer (or the model, whose tokenizer is used)"),
                             Parameter("field", .optional(.string), doc: "the text field to segment (default: source, or text)"),
                             Parameter("source", .optional(.string), doc: "source language code (default: the records' source_lang, else en)"),
                             Parameter("target", .optional(.string), doc: "target language code (default: the records' target_lang, else ar)"),
                         ], returns: .handle(.segments))
    ) { context in
        let corpus = try context.load("corpus", as: Dataset.self)
        let window = try context.integer("window")
        guard window >= 1 else { throw SmolKitError.argument("window", "is \(window); give at least 1 token") }
        let segmenter = Segmenter(unit: try context.choice("by"), window: window, tokenizer: try tokenizerArgument(context, "tokenizer"))
        let segmented: SegmentedCorpus
        do {
            segmented = try SegmentedCorpus.make(corpus, field: try context.optionalString("field"), segmenter: segmenter,
                                                 sourceLanguage: try context.optionalString("source"),
                                                 targetLanguage: try context.optionalString("target"))
        } catch let error as TranslationError { throw SmolKitError.argument("field", error.description) }
        context.metric("segment.documents", Double(segmented.documents.count))
        context.metric("segment.segments", Double(segmented.segments.count))
        context.metric("segment.source_tokens", Double(segmented.sourceTokens))
        context.metric("segment.per_document", segmented.documents.isEmpty ? 0 : Double(segmented.segments.count) / Double(segmented.documents.count))
        return .handle(try context.output(segmented))
    }

    /// A Tokenizer argument, or the tokenizer of a Model argument.
    static func tokenizerArgument(_ context: CommandContext, _ name: String) throws -> Tokenizer {
        guard case .handle(let h) = context[name], let handle = h as? ArtifactHandle else {
            throw SmolKitError.argument(name, "expected a Tokenizer or a Model")
        }
        if handle.artifactKind == .model {
            guard let tokenizer = try context.load(handle, as: ModelBundle.self).tokenizer else {
                throw SmolKitError.argument(name, "the model has no tokenizer; pass the tokenizer itself")
            }
            return tokenizer
        }
        return try context.load(try context.artifact(name, kind: .tokenizer), as: Tokenizer.self)
    }

    static let run = CommandDefinition(
        CommandSignature("translate.run",
                         summary: "Translates segments with a model (greedy or beam search, batched), resumably: each finished segment is stored in the workspace under (model, decoding settings, segment text), so a killed run resumes without redoing or repeating a segment. Outputs are checked: empty, truncated, oversized, invalid UTF-8 and untranslated segments are flagged and counted.",
                         parameters: [
                             Parameter("model", .handle(.model), positional: true, doc: "the translation model, with its tokenizer"),
                             Parameter("segments", .handle(.segments), positional: true, doc: "from translate.segment"),
                             Parameter("batch_size", .integer, default: .number(8), doc: "segments decoded together (does not change the output)"),
                             Parameter("beam", .integer, default: .number(1), doc: "1: greedy; more: beam search of that width"),
                             Parameter("length_penalty", .number, default: .number(1), doc: "beam search: scores are log p / length^length_penalty"),
                             Parameter("max_tokens", .integer, default: .number(256), doc: "most new tokens per segment"),
                             Parameter("format", .string, default: .string("chat"), choices: ["chat", "tagged", "plain"],
                                       doc: "chat: an instruction in the model's chat template; tagged: \"<en> text <ar>\" for a conditional model; plain: template as the whole prompt"),
                             Parameter("template", .optional(.string),
                                       doc: "the instruction (chat) or prompt (plain) with {source} and {target_language}; chat's default: \"\(PromptFormat.defaultInstruction)\""),
                             Parameter("stop", .list(.string), default: .emptyList, doc: "stop strings (the model's EOS always stops)"),
                             Parameter("weights", .string, default: .string(WeightPrecision.native.rawValue), choices: WeightPrecision.allCases.map(\.rawValue),
                                       doc: "greedy decoding's copy of the linear weights: native (a GGUF's blocks, the f32 path's bits), f32, q8_0, q4_1, or q8_0_q8 (int8 activations too: fastest at batch 8, outputs may differ)"),
                             Parameter("tags", .record, default: .emptyRecord, doc: "fields report tables can group by, e.g. [candidate: \"smollm2-w64\"]"),
                         ], returns: .handle(.translations))
    ) { context in
        let modelHandle = try context.artifact("model", kind: .model)
        let bundle = try context.load("model", as: ModelBundle.self)
        let corpus = try context.load("segments", as: SegmentedCorpus.self)
        let format: PromptFormat
        switch try context.string("format") {
        case "tagged": format = .tagged
        case "plain":
            guard let template = try context.optionalString("template") else {
                throw SmolKitError.argument("template", "format \"plain\" needs a template with {source}, e.g. \"English: {source}\\nArabic:\"")
            }
            format = .plain(template: template)
        default: format = .chat(template: try context.optionalString("template") ?? PromptFormat.defaultInstruction)
        }
        let stop = try context.strings("stop")
        let settings = DecodingSettings(format: format, beamWidth: try context.integer("beam"), lengthPenalty: try context.number("length_penalty"),
                                        maxNewTokens: try context.integer("max_tokens"), stopStrings: stop,
                                        sourceLanguage: corpus.sourceLanguage, targetLanguage: corpus.targetLanguage,
                                        backend: context.session.options.backend, weights: try context.choice("weights"))
        let runner: TranslationRun
        do {
            runner = try TranslationRun(bundle: bundle, modelHash: modelHandle.hash, settings: settings, batchSize: try context.integer("batch_size"),
                                        engine: EngineOptions(threads: context.threads, backend: context.session.options.backend),
                                        storeRoot: context.session.workspace.root + "/translations")
        } catch let error as TranslationError { throw SmolKitError.invalid(error.description) }
        let result: (TranslationSet, TranslationRun.Report)
        let started = Date()
        do {
            result = try runner.run(corpus, progress: { p in
                let elapsed = Date().timeIntervalSince(started), done = max(1, p.finished - p.resumed)
                context.progress(ProgressUpdate(command: "translate.run", unit: "segment", step: p.finished, total: p.total,
                                                tokensPerSecond: p.tokensPerSecond,
                                                secondsLeft: elapsed / Double(done) * Double(p.total - p.finished),
                                                note: "\(p.resumed) resumed"))
            }, isCancelled: { context.isCancelled })
        } catch TranslationError.cancelled {
            throw SmolKitError.cancelled
        } catch let error as TranslationError {
            throw SmolKitError.invalid(error.description)
        }
        let (set, report) = result
        context.print("translated \(report.segments) segments (\(report.uniqueTexts) distinct texts: \(report.resumed) resumed from the store, \(report.decoded) decoded)")
        warnAboutFlags(set, context)
        context.metric("translate.segments", Double(report.segments))
        context.metric("translate.resumed", Double(report.resumed))
        context.metric("translate.decoded", Double(report.decoded))
        context.metric("translate.source_tokens", Double(report.sourceTokens))
        context.metric("translate.output_tokens", Double(report.outputTokens))
        context.metric("translate.seconds", report.seconds)
        var properties: [(String, Value)] = [("decoded", .number(Double(report.decoded))), ("resumed", .number(Double(report.resumed)))]
        if let s = report.secondsPer1kSourceTokens {
            context.metric("translate.sec_per_1k_tokens", s)
            properties.append(("sec_per_1k_tokens", .number(s)))
        }
        if let c = report.cpuSecondsPer1kSourceTokens {
            context.metric("translate.cpu_sec_per_1k_tokens", c)
            properties.append(("cpu_sec_per_1k_tokens", .number(c)))
        }
        if let t = report.tokensPerSecond {
            context.metric("translate.tokens_per_second", t)
            properties.append(("tokens_per_second", .number(t)))
        }
        properties.append(("seconds", .number(report.seconds)))
        properties.append(("cpu_seconds", .number(report.cpuSeconds)))
        return .handle(try outputWithProperties(set, properties, context))
    }

    /// Stores `set` and returns its handle with `extra` properties added.
    static func outputWithProperties(_ set: TranslationSet, _ extra: [(String, Value)], _ context: CommandContext) throws -> ArtifactHandle {
        let form = try set.store(in: context, metadata: [])
        return context.output(form.ref, summary: form.summary, properties: form.properties + extra, payload: Box(set))
    }

    /// A warning line per run with flagged segments, and a metric per flag.
    static func warnAboutFlags(_ set: TranslationSet, _ context: CommandContext) {
        let counts = set.flagCounts
        for flag in OutputFlag.allCases { context.metric("translate.flag.\(flag.rawValue)", Double(counts[flag] ?? 0)) }
        let flagged = set.outputs.filter { !$0.flags.isEmpty }.count
        context.metric("translate.flagged", Double(flagged))
        guard flagged > 0 else { return }
        let list = OutputFlag.allCases.compactMap { f in counts[f].map { "\(f.rawValue) \($0)" } }.joined(separator: ", ")
        context.print("warning: \(flagged) of \(set.outputs.count) segments flagged (\(list)); they are kept and marked, translate.merge(drop_flagged: true) leaves their documents out")
    }

    static let copy = CommandDefinition(
        CommandSignature("translate.copy",
                         summary: "The copy baseline: every segment \"translated\" into itself, at no cost (a floor for quality, the origin of the runtime axis).",
                         parameters: [Parameter("segments", .handle(.segments), positional: true, doc: "from translate.segment"),
                                      Parameter("tags", .record, default: .emptyRecord, doc: "fields report tables can group by")],
                         returns: .handle(.translations))
    ) { context in
        let set = TranslationSet.copy(try context.load("segments", as: SegmentedCorpus.self))
        warnAboutFlags(set, context)
        context.metric("translate.sec_per_1k_tokens", 0)
        return .handle(try outputWithProperties(set, [("sec_per_1k_tokens", .number(0)), ("cpu_sec_per_1k_tokens", .number(0)),
                                                      ("tokens_per_second", .number(0))], context))
    }

    static let merge = CommandDefinition(
        CommandSignature("translate.merge",
                         summary: "Reassembles translations into one translation pair per input document (source byte for byte, target = the segments' translations with the source's whitespace between them), removing documents whose translation duplicates an earlier one's.",
                         parameters: [
                             Parameter("translations", .handle(.translations), positional: true, doc: "from translate.run or translate.copy"),
                             Parameter("dedup", .bool, default: .bool(true), doc: "drop documents whose translation repeats an earlier one's"),
                             Parameter("near", .bool, default: .bool(true), doc: "with dedup: near-duplicates too (MinHash, Jaccard ≥ 0.8)"),
                             Parameter("drop_flagged", .bool, default: .bool(false), doc: "leave out documents with any flagged segment"),
                         ], returns: .handle(.dataset))
    ) { context in
        let set = try context.load("translations", as: TranslationSet.self)
        let (dataset, report) = TranslationMerge.merge(set, dedup: try context.bool("dedup"), near: try context.bool("near"),
                                                       dropFlagged: try context.bool("drop_flagged"))
        context.metric("merge.documents", Double(report.documents))
        context.metric("merge.kept", Double(report.kept))
        context.metric("merge.flagged_documents", Double(report.flaggedDocuments))
        context.metric("merge.dedup.exact_removed", Double(report.exactDuplicates))
        context.metric("merge.dedup.near_removed", Double(report.nearDuplicates))
        var notes: [String] = []
        if report.droppedFlagged > 0 { notes.append("\(report.droppedFlagged) with flagged segments") }
        if report.exactDuplicates + report.nearDuplicates > 0 {
            notes.append("\(report.exactDuplicates) exact and \(report.nearDuplicates) near duplicate translations")
        }
        context.print("merged \(report.documents) documents into \(report.kept)" + (notes.isEmpty ? "" : "; left out " + notes.joined(separator: " and ")))
        return .handle(try context.output(dataset))
    }
}
