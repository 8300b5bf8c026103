import Foundation
import SmolCore
import SmolLedger
import SmolTokenizers

/// A tokenizer is stored as a tree of tokenizer.json and tokenizer_config.json (artifacts written
/// before configs were kept are a lone tokenizer.json, and still load).
extension Tokenizer: StoredArtifact {
    static var artifactKind: ArtifactKind { .tokenizer }

    static func load(from handle: ArtifactHandle, session: Session) throws -> Tokenizer {
        let store = session.workspace.store
        guard store.looksLikeTreeManifest(handle.hash) else { return try Tokenizer.load(path: store.path(of: handle.hash)) }
        let files = try store.treeManifest(handle.hash)
        guard let json = files["tokenizer.json"] else {
            throw SmolKitError.invalid("tokenizer artifact \(handle.hash.prefix(12)) has no tokenizer.json; run `smol ledger verify`")
        }
        return try Tokenizer.load(tokenizerJSON: store.path(of: json), config: files["tokenizer_config.json"].map(store.path(of:)))
    }

    func store(in context: CommandContext, metadata extra: [(String, JSONValue)]) throws -> StoredForm {
        let staging = context.stagingFolder("tokenizer")
        defer { try? FileManager.default.removeItem(atPath: staging) }
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        try save(toFolder: staging)
        let ref = try context.store.putTree(["tokenizer.json": staging + "/tokenizer.json",
                                             "tokenizer_config.json": staging + "/tokenizer_config.json"], kind: .tokenizer,
                                            metadataJSON: JSONValue.object(extra).canonicalText())
        return StoredForm(ref: ref, summary: "tokenizer \(vocabularySize) tokens",
                          properties: [("vocab", .number(Double(vocabularySize)))])
    }
}
