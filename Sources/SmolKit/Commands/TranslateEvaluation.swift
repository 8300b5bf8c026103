import Foundation
import SmolCore
import SmolDatasets
import SmolLedger
import SmolScript
import SmolTokenizers
import SmolTranslation

/// `translate.score`, `translate.pareto`, `translate.heldout`, `translate.account` and `data.gettext`:
/// what judges, selects and feeds the translation runs.
enum TranslateEvaluation {
    static var all: [CommandDefinition] { [score, pareto, heldout, account, gettext] }

    static let score = CommandDefinition(
        CommandSignature("translate.score",
                         summary: "Corpus BLEU (13a tokenisation, exponential smoothing), chrF and chrF++ of translations against references, equal to sacrebleu 2.6 (whose signatures it returns).",
                         parameters: [
                             Parameter("hyps", .oneOf([.handle(.translations), .handle(.dataset), .list(.string)]), positional: true,
                                       doc: "translations (one per document), a dataset (its target, or text), or strings"),
                             Parameter("refs", .optional(.oneOf([.handle(.dataset), .list(.string)])), positional: true,
                                       doc: "references in the same order: a dataset (its target, or text) or strings; default: the references the segmented corpus kept"),
                             Parameter("tags", .record, default: .emptyRecord, doc: "fields report tables can group by, e.g. [candidate: \"copy\"]"),
                         ], returns: .record)
    ) { context in
        let (hyps, kept, indices) = try hypotheses(context)
        var refs: [String]
        if case .null = context["refs"] {
            guard let kept, !kept.contains(nil) else {
                throw SmolKitError.argument("refs", "give the references: these hypotheses carry none (segment a translation set to keep its targets)")
            }
            refs = kept.map { $0! }
        } else {
            refs = try texts(context, "refs")
            // translate.merge's documents name their place in the corpus (deduplication may have left some out).
            if refs.count != hyps.count, let indices, indices.allSatisfy({ $0 != nil && $0! < refs.count }) {
                refs = indices.map { refs[$0!] }
            }
        }
        guard hyps.count == refs.count else {
            throw SmolKitError.argument("refs", "has \(refs.count) references for \(hyps.count) hypotheses; give one per hypothesis, in order")
        }
        let references = refs.map { [$0] }
        let bleu = BLEU().corpusScore(hypotheses: hyps, references: references)
        let chrf = CHRF().corpusScore(hypotheses: hyps, references: references)
        let chrfpp = CHRF.plusPlus.corpusScore(hypotheses: hyps, references: references)
        context.metric("translate.BLEU", bleu.score)
        context.metric("translate.chrF", chrf.score)
        context.metric("translate.chrF++", chrfpp.score)
        context.print(bleu.verbose)
        context.print(String(format: "chrF2 = %.2f  chrF2++ = %.2f  (%d documents)", chrf.score, chrfpp.score, hyps.count))
        return .record(Record([
            ("BLEU", .number(bleu.score)), ("chrF", .number(chrf.score)), ("chrFpp", .number(chrfpp.score)),
            ("documents", .number(Double(hyps.count))), ("brevity_penalty", .number(bleu.brevityPenalty)),
            ("bleu_signature", .string(bleu.signature)), ("chrf_signature", .string(chrf.signature)),
            ("chrfpp_signature", .string(chrfpp.signature)),
        ]))
    }

    /// The hypothesis texts, and the references the hypotheses carry (translations: the corpus's; a
    /// merged dataset: `meta.reference`), nil where there are none.
    /// merged dataset: `meta.reference`), nil where there are none, and a merged dataset's document indices.
    static func hypotheses(_ context: CommandContext) throws -> ([String], [String?]?, [Int?]?) {
        if case .handle(let h) = context["hyps"], let handle = h as? ArtifactHandle, handle.artifactKind == .translations {
            let set = try context.load(handle, as: TranslationSet.self)
            return (set.corpus.documents.indices.map(set.translation(of:)), set.corpus.documents.map(\.reference), nil)
        }
        if case .handle(let h) = context["hyps"], let handle = h as? ArtifactHandle, handle.artifactKind == .dataset {
            let d = try context.load(handle, as: Dataset.self)
            return (try texts(of: d, "hyps"), d.records.map { $0["meta"]?["reference"]?.stringValue },
                    d.records.map { $0["meta"]?["index"]?.intValue })
        }
        return (try texts(context, "hyps"), nil, nil)
    }

    /// A list of strings, or the target (else text) field of each record of a dataset argument.
    static func texts(_ context: CommandContext, _ name: String) throws -> [String] {
        if case .list(let items) = context[name] {
            return try items.map { v in
                guard case .string(let s) = v else { throw SmolKitError.argument(name, "expected strings") }
                return s
            }
        }
        return try texts(of: try context.load(try context.artifact(name, kind: .dataset), as: Dataset.self), name)
    }

    static func texts(of d: Dataset, _ name: String) throws -> [String] {
        let field = d.schema == .translation ? "target" : "text"
        return try d.records.enumerated().map { k, r in
            guard let s = Dataset.field(field, of: r)?.stringValue else {
                throw SmolKitError.argument(name, "record \(k) of \(d.name) has no \(field); give a translation or text dataset")
            }
            return s
        }
    }

    static let pareto = CommandDefinition(
        CommandSignature("translate.pareto",
                         summary: "Marks the candidates on the quality / cost Pareto front (none better in quality at no more cost): the records given, each with pareto: true or false added, in order.",
                         parameters: [
                             Parameter("candidates", .list(.record), positional: true,
                                       doc: "one record per system, e.g. [candidate: \"smollm2-w64\", chrF: 21.3, sec_per_1k_tokens: 40.2]"),
                             Parameter("quality", .string, default: .string("chrF"), doc: "the field to maximise"),
                             Parameter("cost", .string, default: .string("sec_per_1k_tokens"), doc: "the field to minimise"),
                         ], returns: .list(.record))
    ) { context in
        let candidates = try context.list("candidates").map { v -> Record in
            guard case .record(let r) = v else { throw SmolKitError.argument("candidates", "expected records") }
            return r
        }
        func number(_ r: Record, _ field: String, _ k: Int) throws -> Double {
            guard case .number(let x)? = r[field] else {
                throw SmolKitError.argument("candidates", "candidate \(k) has no number '\(field)' (its fields: \(r.fields.map(\.name).joined(separator: ", ")))")
            }
            return x
        }
        let quality = try context.string("quality"), cost = try context.string("cost")
        let q = try candidates.enumerated().map { try number($1, quality, $0) }
        let c = try candidates.enumerated().map { try number($1, cost, $0) }
        let front = ParetoFront.flags(quality: q, cost: c)
        var lines = ["| candidate | \(quality) | \(cost) | Pareto |", "|---|---:|---:|:---:|"]
        for (k, r) in candidates.enumerated() {
            let name = r["candidate"].map(\.displayText) ?? r["name"].map(\.displayText) ?? "#\(k)"
            lines.append("| \(name) | \(String(format: "%.2f", q[k])) | \(String(format: "%.2f", c[k])) | \(front[k] ? "★" : "") |")
        }
        context.print(lines.joined(separator: "\n"))
        return .list(zip(candidates, front).map { r, f in
            var r = r
            r["pareto"] = .bool(f)
            return .record(r)
        })
    }

    static let heldout = CommandDefinition(
        CommandSignature("translate.heldout",
                         summary: "Splits translation pairs into [train, test] so that test shares no sentence and no near-duplicate with train: pairs are deduplicated (exact and MinHash, whole pair and each side), a seeded draw picks the test pairs, and any that shares a sentence with train or is contaminated by it (data.contamination's measure) moves to train.",
                         parameters: [
                             Parameter("pairs", .oneOf([.handle(.dataset), .list(.handle(.dataset))]), positional: true,
                                       doc: "translation datasets, concatenated in order"),
                             Parameter("test", .integer, default: .number(200), doc: "test pairs to draw (the test set can end smaller)"),
                             Parameter("from", .optional(.integer), doc: "draw test pairs only from this dataset of the list (0-based); the others only train"),
                             Parameter("seed", .integer, default: .number(0), doc: "draw seed"),
                             Parameter("n", .integer, default: .number(8), doc: "contamination n-gram length in words"),
                             Parameter("threshold", .number, default: .number(0.5), doc: "contamination threshold (fraction of n-grams)"),
                         ], returns: .list(.handle(.dataset)))
    ) { context in
        var datasets: [Dataset] = []
        switch context["pairs"] {
        case .list(let items):
            for item in items {
                guard case .handle(let h) = item, let handle = h as? ArtifactHandle, handle.artifactKind == .dataset else {
                    throw SmolKitError.argument("pairs", "expected datasets")
                }
                datasets.append(try context.load(handle, as: Dataset.self))
            }
        default: datasets = [try context.load("pairs", as: Dataset.self)]
        }
        for d in datasets where d.schema != .translation {
            throw SmolKitError.argument("pairs", "\(d.name) is a \(d.schema.rawValue) dataset; give translation pairs (source, target)")
        }
        let test = try context.integer("test"), n = try context.integer("n"), threshold = try context.number("threshold")
        guard test >= 0 else { throw SmolKitError.argument("test", "must be ≥ 0") }
        guard n >= 1, threshold > 0 && threshold <= 1 else { throw SmolKitError.argument("threshold", "n must be ≥ 1 and threshold in (0, 1]") }
        let from = try context.optionalInteger("from")
        if let from, !datasets.indices.contains(from) {
            throw SmolKitError.argument("from", "is \(from); give the 0-based index of one of the \(datasets.count) datasets")
        }
        let (trainSet, testSet, report) = HeldOutSplit.split(datasets, testSize: test, seed: UInt64(try context.integer("seed")), n: n,
                                                             threshold: threshold, testFrom: from)
        context.metric("heldout.pairs", Double(report.pairs))
        context.metric("heldout.duplicates", Double(report.duplicates))
        context.metric("heldout.train", Double(report.train))
        context.metric("heldout.test", Double(report.test))
        context.print("held out \(report.test) test pairs, \(report.train) train (of \(report.pairs): \(report.duplicates) duplicates removed; \(report.sharedSentence) drawn test pairs moved to train for a shared sentence, \(report.contaminated) for contamination)")
        return .list([.handle(try context.output(trainSet)), .handle(try context.output(testSet))])
    }

    static let account = CommandDefinition(
        CommandSignature("translate.account",
                         summary: "Token accounting of a parallel corpus: tokens per document and the target/source premium under a target-trained tokenizer and the model's tokenizer, and an extrapolation table (N documents → target tokens, and hours at a measured throughput), FineWeb-Edu-Ar's \"202B tokens\" figure in miniature.",
                         parameters: [
                             Parameter("pairs", .handle(.dataset), positional: true, doc: "translation pairs (source, target), e.g. translate.merge's output"),
                             Parameter("target", .handle(.tokenizer), doc: "a tokenizer trained on the target language (tokenizer.train on data.select(pairs, fields: [\"target\"]))"),
                             Parameter("model", .handle(.tokenizer), doc: "the translation model's tokenizer (throughput is per 1,000 of its source tokens)"),
                             Parameter("sec_per_1k_tokens", .optional(.number), doc: "measured wall-clock seconds per 1,000 source tokens (translate.run's sec_per_1k_tokens)"),
                             Parameter("cpu_sec_per_1k_tokens", .optional(.number), doc: "measured CPU seconds per 1,000 source tokens (translate.run's cpu_sec_per_1k_tokens)"),
                             Parameter("documents", .list(.number), default: .emptyList,
                                       doc: "document counts to extrapolate to (default: 1,000, 1 million, and FineWeb-Edu-Ar's 378,810,914)"),
                         ], returns: .record)
    ) { context in
        let d = try context.load("pairs", as: Dataset.self)
        guard d.schema == .translation else { throw SmolKitError.argument("pairs", "give translation pairs (source, target)") }
        let pairs = d.records.map { (source: $0["source"]?.stringValue ?? "", target: $0["target"]?.stringValue ?? "") }
        let targetAccount = TokenAccount.measure("target-bpe", tokenizer: try context.load("target", as: Tokenizer.self), pairs: pairs, threads: context.threads)
        let modelAccount = TokenAccount.measure("model", tokenizer: try context.load("model", as: Tokenizer.self), pairs: pairs, threads: context.threads)
        var counts = try context.list("documents").compactMap { if case .number(let x) = $0 { x } else { nil } }
        if counts.isEmpty { counts = [1_000, 1_000_000, 378_810_914] }
        let seconds = try context.optionalNumber("sec_per_1k_tokens"), cpu = try context.optionalNumber("cpu_sec_per_1k_tokens")
        let rows = Extrapolation.table(documents: counts, account: targetAccount, model: modelAccount, secondsPer1k: seconds, cpuSecondsPer1k: cpu)
        for a in [targetAccount, modelAccount] {
            context.metric("account.\(a.tokenizer).source_per_document", a.sourcePerDocument)
            context.metric("account.\(a.tokenizer).target_per_document", a.targetPerDocument)
            context.metric("account.\(a.tokenizer).premium", a.premium)
        }
        for r in rows {
            let step = Int(r.documents)
            context.metric("account.target_tokens", r.targetTokens, step: step)
            if let h = r.wallHours { context.metric("account.hours", h, step: step) }
            if let h = r.cpuHours { context.metric("account.cpu_hours", h, step: step) }
        }
        context.print(accountTable(targetAccount, modelAccount, rows, seconds: seconds, cpu: cpu))
        func accountRecord(_ a: TokenAccount) -> Value {
            .record(Record([("documents", .number(Double(a.documents))), ("source_tokens", .number(Double(a.sourceTokens))),
                            ("target_tokens", .number(Double(a.targetTokens))), ("source_per_document", .number(a.sourcePerDocument)),
                            ("target_per_document", .number(a.targetPerDocument)), ("premium", .number(a.premium))]))
        }
        let table = rows.map { r -> Value in
            var fields: [(name: String, value: Value)] = [("documents", .number(r.documents)), ("target_tokens", .number(r.targetTokens)),
                                                          ("model_source_tokens", .number(r.modelSourceTokens))]
            if let w = r.wallHours { fields.append(("hours", .number(w))) }
            if let c = r.cpuHours { fields.append(("cpu_hours", .number(c))) }
            return .record(Record(fields))
        }
        return .record(Record([("target", accountRecord(targetAccount)), ("model", accountRecord(modelAccount)), ("extrapolation", .list(table))]))
    }

    /// The accounting as Markdown: tokens per document under both tokenizers, then the extrapolation.
    static func accountTable(_ target: TokenAccount, _ model: TokenAccount, _ rows: [Extrapolation], seconds: Double?, cpu: Double?) -> String {
        func f(_ x: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", x) }
        func big(_ x: Double) -> String {
            x >= 1e9 ? f(x / 1e9, 2) + "B" : x >= 1e6 ? f(x / 1e6, 2) + "M" : x >= 1e3 ? f(x / 1e3, 2) + "k" : x >= 10 ? f(x, 0) : f(x, 3)
        }
        var lines = ["| tokenizer | documents | source tokens/doc | target tokens/doc | premium |", "|---|---:|---:|---:|---:|"]
        for a in [target, model] {
            lines.append("| \(a.tokenizer) | \(a.documents) | \(f(a.sourcePerDocument)) | \(f(a.targetPerDocument)) | \(f(a.premium, 2)) |")
        }
        lines += ["", "| documents | target tokens (target BPE) | source tokens (model) | hours | CPU-hours |", "|---:|---:|---:|---:|---:|"]
        for r in rows {
            lines.append("| \(big(r.documents)) | \(big(r.targetTokens)) | \(big(r.modelSourceTokens)) | \(r.wallHours.map { big($0) } ?? "–") | \(r.cpuHours.map { big($0) } ?? "–") |")
        }
        if seconds != nil || cpu != nil {
            lines.append("(at \(seconds.map { f($0, 2) } ?? "–") wall-clock and \(cpu.map { f($0, 2) } ?? "–") CPU seconds per 1,000 model source tokens)")
        }
        return lines.joined(separator: "\n")
    }

    static let gettext = CommandDefinition(
        CommandSignature("data.gettext",
                         summary: "Translation pairs from gettext catalogues (.mo, either byte order): a file, or every .mo below a folder such as /usr/share/locale/ar/LC_MESSAGES. Headers, untranslated, plural, letterless, identical and repeated messages are skipped and counted; with require_language, so are translations not in the target language.",
                         parameters: [
                             Parameter("path", .string, positional: true, doc: "a .mo file or a folder holding them"),
                             Parameter("language", .optional(.string), doc: "the target language code (default: each catalogue's Language header)"),
                             Parameter("source", .string, default: .string("en"), doc: "the source language code of the msgids"),
                             Parameter("require_language", .bool, default: .bool(true),
                                       doc: "skip translations LanguageID does not identify as the target language"),
                         ], returns: .handle(.dataset)),
        fileParameters: ["path"]
    ) { context in
        let path = try context.inputPath("path")
        let files: [String]
        do { files = try GettextPairs.catalogues(at: path) } catch { throw SmolKitError.argument("path", String(describing: error)) }
        let options = GettextPairs.Options(sourceLanguage: try context.string("source"), targetLanguage: try context.optionalString("language"),
                                           requireTargetLanguage: try context.bool("require_language"))
        let dataset: Dataset, skipped: [GettextPairs.Skip]
        do {
            let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            (dataset, skipped) = try GettextPairs.dataset(paths: files, name: name.isEmpty ? "gettext" : name, options: options)
        } catch let error as GettextError { throw SmolKitError.invalid(error.description) }
        var counts: [GettextPairs.SkipReason: Int] = [:]
        for s in skipped { counts[s.reason, default: 0] += 1 }
        for reason in GettextPairs.SkipReason.allCases { context.metric("gettext.skipped.\(reason.rawValue)", Double(counts[reason] ?? 0)) }
        context.metric("gettext.pairs", Double(dataset.count))
        let list = GettextPairs.SkipReason.allCases.compactMap { r in counts[r].map { "\(r.rawValue.replacingOccurrences(of: "_", with: " ")) \($0)" } }
        context.print("\(dataset.count) pairs from \(files.count) catalogue\(files.count == 1 ? "" : "s"); skipped \(skipped.count): \(list.joined(separator: ", "))")
        return .handle(try context.output(dataset))
    }
}
