import Foundation
import SmolCore
import SmolDatasets
import SmolLedger
import SmolScript
import SmolTokenizers

/// `data.*`: load, generate and inspect datasets; every dataset is a canonical JSONL artifact.
enum DataCommands {
    static var all: [CommandDefinition] {
        [load, generate, split, sample, filter, select, dedup, contamination, languages, show, stats, batches]
    }

    static func datasetParameter(_ name: String, _ doc: String) -> Parameter {
        Parameter(name, .handle(.dataset), positional: true, doc: doc)
    }

    static let load = CommandDefinition(
        CommandSignature("data.load", summary: "Reads a JSONL, JSON-array or CSV file into a validated dataset.",
                         parameters: [
                             Parameter("path", .string, positional: true, doc: "file to read (.jsonl, .json, .csv)"),
                             Parameter("schema", .optional(.string), choices: Schema.allCases.map(\.rawValue),
                                       doc: "the records' shape (detected when nil)"),
                             Parameter("mapping", .record, default: .emptyRecord,
                                       doc: "renames the file's fields to the schema's: [query: \"question\"] reads the file's query as question; \"-\" ignores a field; quote names that are not identifiers: [\"Unnamed: 0\": \"-\"]"),
                             Parameter("skip_invalid", .bool, default: .bool(false),
                                       doc: "skip malformed lines (each is recorded) instead of stopping at the first"),
                             Parameter("extra", .string, default: .string("error"), choices: DatasetReader.ExtraFields.allCases.map(\.rawValue),
                                       doc: "fields the schema does not know: error (report them) or keep (keep them under each record's meta)"),
                             Parameter("max_line_bytes", .integer, default: .number(Double(16 << 20)),
                                       doc: "longest JSONL line accepted, in bytes (a longer one is reported)"),
                         ], returns: .handle(.dataset)),
        fileParameters: ["path"]
    ) { context in
        let path = try context.path("path")
        try context.input(fileAt: path, kind: .file, role: "path")
        let schema = try context.optionalChoice("schema", as: Schema.self)
        var mapping: [String: String] = [:]
        for field in try context.record("mapping").fields {
            guard case .string(let source) = field.value else {
                throw SmolKitError.argument("mapping", "values must be strings: the schema field each file field becomes, or \"-\" to ignore it (e.g. [query: \"question\"])")
            }
            mapping[field.name] = source
        }
        let extra = try context.choice("extra", as: DatasetReader.ExtraFields.self)
        let maxLineBytes = try context.integer("max_line_bytes")
        guard maxLineBytes >= 1 else { throw SmolKitError.argument("max_line_bytes", "must be ≥ 1") }
        let (dataset, skipped) = try DatasetReader.load(path: path, schema: schema, mapping: mapping,
                                                        skipInvalid: try context.bool("skip_invalid"), maxLineBytes: maxLineBytes, extra: extra)
        for line in skipped {
            context.print("\(path):\(line.line):\(line.column): warning: skipped: \(line.reason)")
        }
        let same = dataset.identicalPreferencePairs()
        if !same.isEmpty {
            context.print("\(path): warning: \(same.count) preference pair(s) have chosen identical to rejected (ids \(same.prefix(5).joined(separator: ", "))\(same.count > 5 ? ", …" : "")); they teach nothing")
        }
        context.metric("data.skipped_lines", Double(skipped.count))
        let skippedJSON = JSONValue.array(skipped.map {
            .object([("line", .number(Double($0.line))), ("column", .number(Double($0.column))), ("reason", .string($0.reason))])
        })
        return .handle(try context.output(dataset, metadata: [("skipped", skippedJSON)]))
    }

    static let generate = CommandDefinition(
        CommandSignature("data.generate", summary: "Generates a built-in task suite (seeded, deterministic, no downloads).",
                         parameters: [
                             Parameter("task", .string, positional: true,
                                       doc: "arc-like, gsm-like, hellaswag-like, ifeval-like, mmlu-like, sft-mixture, preference-pairs, edu-corpus"),
                             Parameter("n", .integer, doc: "number of records"),
                             Parameter("seed", .integer, default: .number(0), doc: "generator seed"),
                             Parameter("split", .string, default: .string("train"),
                                       doc: "train | dev | test (disjoint by construction)"),
                             Parameter("level", .optional(.string), choices: Difficulty.allCases.map(\.rawValue),
                                       doc: "difficulty of \(Difficulty.tasks.joined(separator: ", ")): steps chained and size of numbers (default \(Difficulty.standard.rawValue))"),
                             Parameter("entities", .optional(.integer),
                                       doc: "the fact base's first N entities per subject for \(TaskGenerator.factTasks.joined(separator: ", ")) (default all 300): a smaller world is stated more often by the same corpus; give the corpus, the mixture and the questions the same N"),
                             Parameter("families", .optional(.list(.string)), choices: TaskGenerator.mixtureFamilies,
                                       doc: "the task families \(TaskGenerator.mixtureTasks.joined(separator: " and ")) draw their items from, equally often (default all five)"),
                         ], returns: .handle(.dataset))
    ) { context in
        let n = try context.integer("n")
        guard n >= 0 else { throw SmolKitError.argument("n", "must be ≥ 0") }
        let dataset = try TaskGenerator.generate(try context.string("task"), n: n,
                                                 seed: UInt64(try context.integer("seed")), split: try context.string("split"),
                                                 level: try context.optionalChoice("level", as: Difficulty.self),
                                                 entities: try context.optionalInteger("entities"),
                                                 families: try context.optionalStrings("families"))
        let distinct = TaskGenerator.distinctQuestions(dataset)
        if distinct < dataset.count {
            context.print("warning: \(dataset.name) has only \(distinct) distinct questions for n: \(n); \(dataset.count - distinct) items repeat a question with other choices or wording (lower n to avoid repeats)")
        }
        return .handle(try context.output(dataset))
    }

    static let split = CommandDefinition(
        CommandSignature("data.split", summary: "Splits a dataset into disjoint parts by fractions (seeded shuffle).",
                         parameters: [
                             datasetParameter("dataset", "dataset to split"),
                             Parameter("fractions", .list(.number), doc: "e.g. [0.9, 0.1]; they must sum to 1"),
                             Parameter("seed", .integer, default: .number(0), doc: "shuffle seed"),
                         ], returns: .list(.handle(.dataset)))
    ) { context in
        let source = try context.load("dataset", as: Dataset.self)
        let fractions = try context.list("fractions").map { value -> Double in
            guard case .number(let x) = value, x >= 0 else { throw SmolKitError.argument("fractions", "expected non-negative numbers") }
            return x
        }
        guard abs(fractions.reduce(0, +) - 1) < 1e-9 else {
            throw SmolKitError.argument("fractions", "must sum to 1, they sum to \(fractions.reduce(0, +))")
        }
        let parts = source.split(fractions: fractions, seed: UInt64(try context.integer("seed")))
        return .list(try parts.map { .handle(try context.output($0)) })
    }

    static let sample = CommandDefinition(
        CommandSignature("data.sample", summary: "A seeded random sample of n records.",
                         parameters: [
                             datasetParameter("dataset", "dataset to sample"),
                             Parameter("n", .integer, doc: "sample size (at most the dataset's size)"),
                             Parameter("seed", .integer, default: .number(0), doc: "sampling seed"),
                         ], returns: .handle(.dataset))
    ) { context in
        let source = try context.load("dataset", as: Dataset.self)
        let n = try context.integer("n")
        guard n >= 0 else { throw SmolKitError.argument("n", "must be ≥ 0") }
        if n > source.count {
            context.print("warning: n: \(n) is more than the \(source.count) records of \(source.name); the sample holds all \(source.count)")
        }
        return .handle(try context.output(source.sample(n, seed: UInt64(try context.integer("seed")))))
    }

    static let filter = CommandDefinition(
        CommandSignature("data.filter", summary: "The records whose fields equal the given values, in their order (a field kept under meta counts too).",
                         parameters: [
                             datasetParameter("dataset", "dataset to filter"),
                             Parameter("where", .record, doc: "field: value pairs every kept record matches, e.g. [subject: \"nutrition\"]"),
                         ], returns: .handle(.dataset))
    ) { context in
        let source = try context.load("dataset", as: Dataset.self)
        let conditions = try context.record("where").fields.map { (field: $0.name, value: try ValueJSON.parameter($0.value)) }
        guard !conditions.isEmpty else { throw SmolKitError.argument("where", "give at least one field, e.g. [subject: \"nutrition\"]") }
        let kept = try source.filter(where: conditions)
        if kept.count == 0 { context.print("warning: no record of \(source.name) matches \(try context.record("where"))") }
        return .handle(try context.output(kept))
    }

    static let select = CommandDefinition(
        CommandSignature("data.select", summary: "A text dataset of the chosen fields' text (joined by a newline; the source id kept as meta.source_id): one side of a translation set, say, to train a tokenizer on.",
                         parameters: [
                             datasetParameter("dataset", "dataset to take fields from"),
                             Parameter("fields", .list(.string), doc: "fields in the order their texts are joined, e.g. [\"target\"]"),
                         ], returns: .handle(.dataset))
    ) { context in
        let fields = try context.list("fields").compactMap { value -> String? in if case .string(let s) = value { s } else { nil } }
        return .handle(try context.output(try context.load("dataset", as: Dataset.self).select(fields: fields)))
    }

    static let dedup = CommandDefinition(
        CommandSignature("data.dedup", summary: "Removes exact duplicates, and near-duplicates with MinHash + LSH.",
                         parameters: [
                             datasetParameter("dataset", "dataset to deduplicate"),
                             Parameter("near", .bool, default: .bool(true), doc: "also remove near-duplicates"),
                             Parameter("threshold", .number, default: .number(0.8), doc: "Jaccard similarity that counts as a near-duplicate"),
                             Parameter("permutations", .integer, default: .number(128), doc: "MinHash permutations"),
                             Parameter("bands", .integer, default: .number(16), doc: "LSH bands (permutations must divide evenly)"),
                             Parameter("seed", .integer, default: .number(0), doc: "MinHash seed"),
                         ], returns: .handle(.dataset))
    ) { context in
        let source = try context.load("dataset", as: Dataset.self)
        let (kept, report) = Dedup.run(source, near: try context.bool("near"), threshold: try context.number("threshold"),
                                       numPermutations: try context.integer("permutations"),
                                       bands: try context.integer("bands"), seed: UInt64(try context.integer("seed")))
        context.metric("dedup.exact_removed", Double(report.exactDuplicates))
        context.metric("dedup.near_removed", Double(report.nearDuplicates))
        context.print(report.description)
        return .handle(try context.output(kept))
    }

    static let contamination = CommandDefinition(
        CommandSignature("data.contamination",
                         summary: "Percentage of evaluation items contaminated by a training set: an item is contaminated when the fraction of its word n-grams (normalised words) found in the training text is at least threshold; an item shorter than n words, when its whole word sequence occurs in one training record. Returns percent, contaminated, items, n, threshold and contaminated_ids (the eval ids).",
                         parameters: [
                             datasetParameter("eval", "evaluation set"),
                             datasetParameter("train", "training set"),
                             Parameter("n", .integer, default: .number(8), doc: "n-gram length in words"),
                             Parameter("threshold", .number, default: .number(0.5),
                                       doc: "fraction (0–1] of an item's n-grams that must occur in train for it to count as contaminated"),
                         ], returns: .record)
    ) { context in
        let n = try context.integer("n"), threshold = try context.number("threshold")
        guard n >= 1 else { throw SmolKitError.argument("n", "must be ≥ 1") }
        guard threshold > 0 && threshold <= 1 else { throw SmolKitError.argument("threshold", "must be in (0, 1], e.g. 0.5") }
        let report = Contamination.measure(eval: try context.load("eval", as: Dataset.self), train: try context.load("train", as: Dataset.self),
                                           n: n, threshold: threshold)
        context.metric("contamination.percent", report.percent)
        context.print(report.description)
        let ids = report.hits.filter { $0.overlap >= threshold }.map { Value.string($0.id) }
        return .record(Record([("percent", .number(report.percent)), ("contaminated", .number(Double(report.contaminated))),
                               ("items", .number(Double(report.items))), ("n", .number(Double(report.n))),
                               ("threshold", .number(threshold)), ("contaminated_ids", .list(ids))]))
    }

    static let languages = CommandDefinition(
        CommandSignature("data.languages", summary: "Share of records per language (en, ar, zh, hi, fr, es, de, ru, …); translation pairs are counted per side, as source.<code> and target.<code>.",
                         parameters: [datasetParameter("dataset", "dataset to inspect")], returns: .record)
    ) { context in
        let shares = LanguageID.shares(try context.load("dataset", as: Dataset.self))
        for share in shares { context.metric("language.\(share.language)", share.share) }
        return .record(Record(shares.map { ($0.language, .number($0.share)) }))
    }

    static let show = CommandDefinition(
        CommandSignature("data.show", summary: "Prints the first records as a readable table.",
                         parameters: [datasetParameter("dataset", "dataset to show"),
                                      Parameter("limit", .integer, default: .number(5), doc: "rows to show")],
                         cacheable: false)
    ) { context in
        context.print(try context.load("dataset", as: Dataset.self).show(limit: try context.integer("limit")))
        return .null
    }

    static let stats = CommandDefinition(
        CommandSignature("data.stats", summary: "Counts and length statistics of a dataset.",
                         parameters: [datasetParameter("dataset", "dataset to describe")], returns: .record)
    ) { context in
        let stats = try context.load("dataset", as: Dataset.self).stats()
        context.print(stats.description)
        var record = Record([("count", .number(Double(stats.count))), ("schema", .string(stats.schema.rawValue)),
                             ("mean_chars", .number(stats.meanChars)), ("min_chars", .number(Double(stats.minChars))),
                             ("max_chars", .number(Double(stats.maxChars)))])
        if !stats.categories.isEmpty {
            record["categories"] = .record(Record(stats.categories.map { ($0.name, .number(Double($0.count))) }))
        }
        if !stats.answerCounts.isEmpty { record["answer_counts"] = .list(stats.answerCounts.map { .number(Double($0)) }) }
        if stats.meanMessages > 0 { record["mean_messages"] = .number(stats.meanMessages) }
        return .record(record)
    }

    static let batches = CommandDefinition(
        CommandSignature("data.batches",
                         summary: "Seeded batches of a dataset's records tokenized by a tokenizer: the epoch's order is a pure function of (seed, epoch); with by_length, records of similar length share batches. Returns batches, sequences, real_tokens, padded_tokens, pad_fraction and max_length.",
                         parameters: [
                             datasetParameter("dataset", "dataset to batch (each record's text is one sequence)"),
                             Parameter("tokenizer", .handle(.tokenizer), positional: true, doc: "tokenizer that measures each record in tokens"),
                             Parameter("batch_size", .integer, default: .number(8), doc: "sequences per batch"),
                             Parameter("seed", .integer, default: .number(0), doc: "shuffle seed"),
                             Parameter("epoch", .integer, default: .number(0), doc: "0-based epoch (each has its own order)"),
                             Parameter("by_length", .bool, default: .bool(false), doc: "group records of similar length to cut padding"),
                             Parameter("drop_last", .bool, default: .bool(false), doc: "drop a final short batch"),
                         ], returns: .record)
    ) { context in
        let source = try context.load("dataset", as: Dataset.self)
        let tokenizer = try context.load("tokenizer", as: Tokenizer.self)
        let batchSize = try context.integer("batch_size"), epoch = try context.integer("epoch")
        guard batchSize >= 1 else { throw SmolKitError.argument("batch_size", "must be ≥ 1") }
        guard epoch >= 0 else { throw SmolKitError.argument("epoch", "must be ≥ 0") }
        let lengths = tokenizer.countTokens(source.records.map(RecordText.of), threads: context.threads)
        let plan = BatchPlan(lengths: lengths, batchSize: batchSize, seed: UInt64(try context.integer("seed")),
                             groupByLength: try context.bool("by_length"), dropLast: try context.bool("drop_last"))
        let stats = plan.paddingStats(epoch: epoch)
        context.metric("batches.pad_fraction", stats.padFraction)
        context.print("\(plan.batchesPerEpoch) batches of \(batchSize) over \(lengths.count) records, epoch \(epoch): \(stats)")
        return .record(Record([("batches", .number(Double(plan.batchesPerEpoch))), ("sequences", .number(Double(lengths.count))),
                               ("real_tokens", .number(Double(stats.realTokens))), ("padded_tokens", .number(Double(stats.paddedTokens))),
                               ("pad_fraction", .number(stats.padFraction)), ("max_length", .number(Double(lengths.max() ?? 0)))]))
    }
}
