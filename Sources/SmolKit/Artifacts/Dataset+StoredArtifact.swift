import SmolCore
import SmolDatasets
import SmolLedger

/// A dataset is stored as canonical JSONL; its name and schema travel in the artifact's metadata and
/// the handle's properties, so a handle answered from the cache reloads under the same name and schema.
extension Dataset: StoredArtifact {
    static var artifactKind: ArtifactKind { .dataset }

    static func load(from handle: ArtifactHandle, session: Session) throws -> Dataset {
        var displayName = handle.hash
        if case .string(let recorded)? = handle.property("name") { displayName = recorded }
        var schema: Schema?
        if case .string(let recorded)? = handle.property("schema") { schema = Schema(rawValue: recorded) }
        return try Dataset(canonicalJSONL: try session.workspace.store.read(handle.hash), name: displayName, schema: schema)
    }

    func store(in context: CommandContext, metadata extra: [(String, JSONValue)]) throws -> StoredForm {
        let metadata = JSONValue.object([("name", .string(name)), ("schema", .string(schema.rawValue)),
                                         ("records", .number(Double(count)))] + extra)
        let ref = try context.store.put(canonicalJSONL(), kind: .dataset, metadataJSON: metadata.canonicalText())
        return StoredForm(ref: ref, summary: "dataset \(name) \(count) records (\(schema.rawValue))",
                          properties: [("count", .number(Double(count))), ("schema", .string(schema.rawValue)),
                                       ("name", .string(name))])
    }
}
