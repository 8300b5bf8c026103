import Foundation
import SmolCore
import SmolDatasets

/// Reassembles a translation set into one translation pair per input document.
public enum TranslationMerge {
    public struct Report: Sendable, Equatable {
        public var documents = 0
        /// Documents with at least one flagged segment, and those left out for it (`dropFlagged`).
        public var flaggedDocuments = 0, droppedFlagged = 0
        /// Documents whose translation duplicated an earlier one's, exactly or nearly (MinHash).
        public var exactDuplicates = 0, nearDuplicates = 0
        /// Documents in the result.
        public var kept = 0
    }

    /// A `translation` dataset: `source` is each document byte for byte, `target` its translation (the
    /// segments' outputs with the source's whitespace between them); `meta` holds the document's id,
    /// segment count, flags and reference. With `dedup`, a document whose translation repeats an
    /// earlier one's (after `Dedup.normalise`; with `near`, MinHash similarity ≥ `threshold`) is left
    /// out: machine translation must not introduce duplicates. Empty translations are never deduplicated.
    public static func merge(_ set: TranslationSet, dedup: Bool = true, near: Bool = true, threshold: Double = 0.8,
                             dropFlagged: Bool = false) -> (Dataset, Report) {
        var report = Report()
        let c = set.corpus
        report.documents = c.documents.count
        var records: [JSONValue] = []
        var targets: [JSONValue] = []
        for (d, range) in c.documentRanges.enumerated() {
            let flags = Array(Set(range.flatMap { set.outputs[$0].flags })).sorted()
            if !flags.isEmpty { report.flaggedDocuments += 1 }
            if dropFlagged && !flags.isEmpty { report.droppedFlagged += 1; continue }
            let target = set.translation(of: d)
            var record = RecordID.assign(.object([("source", .string(c.source(of: d))), ("target", .string(target)),
                                                  ("source_lang", .string(c.sourceLanguage)), ("target_lang", .string(c.targetLanguage))]))
            var meta: [(key: String, value: JSONValue)] = [("document", .string(c.documents[d].id)), ("index", .number(Double(d))),
                                                           ("segments", .number(Double(range.count))),
                                                           ("flags", .array(flags.map { .string($0.rawValue) }))]
            if let reference = c.documents[d].reference { meta.append(("reference", .string(reference))) }
            record = record.setting("meta", to: .object(meta))
            records.append(record)
            targets.append(.object([("id", .string(String(records.count - 1))), ("text", .string(target))]))
        }
        if dedup {
            let nonEmpty = targets.filter { !($0["text"]?.stringValue ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
            let (_, dedupReport) = Dedup.run(Dataset(schema: .text, records: nonEmpty, name: "targets"), near: near, threshold: threshold)
            let removed = Set(dedupReport.removed.compactMap { Int($0.id) })
            report.exactDuplicates = dedupReport.exactDuplicates
            report.nearDuplicates = dedupReport.nearDuplicates
            records = records.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
        }
        RecordID.makeUnique(&records)
        report.kept = records.count
        return (Dataset(schema: .translation, records: records, name: c.name + "-translated"), report)
    }
}
