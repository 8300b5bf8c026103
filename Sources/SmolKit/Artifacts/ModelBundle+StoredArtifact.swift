import Foundation
import SmolCore
import SmolLedger
import SmolModels

/// A model is stored as a tree in the Hugging Face layout (config.json, model.safetensors and the
/// tokenizer files), its weights in the narrowest exact dtype; it is reloaded from links to the
/// store's objects, never a second copy.
extension ModelBundle: StoredArtifact {
    static var artifactKind: ArtifactKind { .model }

    static func load(from handle: ArtifactHandle, session: Session) throws -> ModelBundle {
        let directory = session.workspace.root + "/cache/models/" + handle.hash
        try session.workspace.store.linkTree(handle.hash, into: directory)
        return try ModelBundle.load(path: directory)
    }

    func store(in context: CommandContext, metadata extra: [(String, JSONValue)]) throws -> StoredForm {
        let staging = context.stagingFolder("model")
        defer { try? FileManager.default.removeItem(atPath: staging) }
        // The narrowest exact dtype: a bf16 checkpoint is stored at bf16 size, and the artifact's bytes
        // (hence its hash) say which dtype it holds.
        try save(to: staging, dtype: model.losslessDType)
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: staging) where !name.hasPrefix(".") {
            files[name] = staging + "/" + name
        }
        let c = model.config, parameters = Double(model.parameterCount)
        let metadata = JSONValue.object([("format", .string("hf")), ("parameters", .number(parameters))] + extra)
        let ref = try context.store.putTree(files, kind: .model, metadataJSON: metadata.canonicalText())
        let size = "\(c.numHiddenLayers)×\(c.hiddenSize) \(String(format: "%.2f", parameters / 1e6))M params"
        return StoredForm(ref: ref, summary: "model \(size)\(tokenizer == nil ? " (no tokenizer)" : " +tokenizer")",
                          properties: [("parameters", .number(parameters)), ("vocab", .number(Double(c.vocabSize)))])
    }
}
