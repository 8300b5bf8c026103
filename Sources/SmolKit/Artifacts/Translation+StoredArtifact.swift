import SmolCore
import SmolLedger
import SmolScript
import SmolTranslation

/// A segmented corpus is stored as its canonical JSON lines (`SegmentedCorpus.canonicalJSONL`).
extension SegmentedCorpus: StoredArtifact {
    static var artifactKind: ArtifactKind { .segments }

    static func load(from handle: ArtifactHandle, session: Session) throws -> SegmentedCorpus {
        try SegmentedCorpus(canonicalJSONL: try session.workspace.store.read(handle.hash))
    }

    func store(in context: CommandContext, metadata extra: [(String, JSONValue)]) throws -> StoredForm {
        let metadata = JSONValue.object([("name", .string(name)), ("unit", .string(unit.rawValue)), ("window", .number(Double(window))),
                                         ("documents", .number(Double(documents.count))), ("segments", .number(Double(segments.count)))] + extra)
        let ref = try context.store.put(canonicalJSONL(), kind: .segments, metadataJSON: metadata.canonicalText())
        let by = unit == .window ? "windows of ≤\(window) tokens" : "\(unit.rawValue)s (≤\(window) tokens)"
        return StoredForm(ref: ref, summary: "segments \(name): \(documents.count) documents, \(segments.count) \(by)",
                          properties: [("documents", .number(Double(documents.count))), ("count", .number(Double(segments.count))),
                                       ("source_tokens", .number(Double(sourceTokens))), ("unit", .string(unit.rawValue)),
                                       ("window", .number(Double(window)))])
    }
}

/// Translations are stored as their canonical JSON lines (`TranslationSet.canonicalJSONL`); how fast
/// they were made travels in the handle's properties, not in the artifact's bytes.
extension TranslationSet: StoredArtifact {
    static var artifactKind: ArtifactKind { .translations }

    static func load(from handle: ArtifactHandle, session: Session) throws -> TranslationSet {
        try TranslationSet(canonicalJSONL: try session.workspace.store.read(handle.hash))
    }

    func store(in context: CommandContext, metadata extra: [(String, JSONValue)]) throws -> StoredForm {
        let flagged = outputs.filter { !$0.flags.isEmpty }.count
        let metadata = JSONValue.object([("model", .string(model)), ("settings", settings),
                                         ("documents", .number(Double(corpus.documents.count))),
                                         ("segments", .number(Double(corpus.segments.count)))] + extra)
        let ref = try context.store.put(canonicalJSONL(), kind: .translations, metadataJSON: metadata.canonicalText())
        return StoredForm(ref: ref, summary: "translations \(corpus.name): \(corpus.documents.count) documents, \(corpus.segments.count) segments, \(flagged) flagged",
                          properties: [("documents", .number(Double(corpus.documents.count))), ("count", .number(Double(corpus.segments.count))),
                                       ("flagged", .number(Double(flagged))), ("output_tokens", .number(Double(outputTokens))),
                                       ("source_tokens", .number(Double(corpus.sourceTokens)))])
    }
}
