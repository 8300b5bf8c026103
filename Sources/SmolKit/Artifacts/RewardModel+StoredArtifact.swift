import Foundation
import SmolCore
import SmolLedger
import SmolTraining

/// A reward model is stored as a tree in the Hugging Face layout of a one-label sequence classifier
/// (config.json, model.safetensors with `score.weight`, tokenizer files), reloaded from links to the
/// store's objects.
extension RewardModel: StoredArtifact {
    static var artifactKind: ArtifactKind { .rewardModel }

    static func load(from handle: ArtifactHandle, session: Session) throws -> RewardModel {
        let directory = session.workspace.root + "/cache/reward-models/" + handle.hash
        try session.workspace.store.linkTree(handle.hash, into: directory)
        return try RewardModel.load(path: directory)
    }

    func store(in context: CommandContext, metadata extra: [(String, JSONValue)]) throws -> StoredForm {
        let staging = context.stagingFolder("reward-model")
        defer { try? FileManager.default.removeItem(atPath: staging) }
        try save(to: staging)
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: staging) where !name.hasPrefix(".") {
            files[name] = staging + "/" + name
        }
        let c = base.config, parameters = Double(parameters.reduce(0) { $0 + $1.tensor.count })
        let metadata = JSONValue.object([("format", .string("hf")), ("architecture", .string(architecture)),
                                         ("parameters", .number(parameters))] + extra)
        let ref = try context.store.putTree(files, kind: .rewardModel, metadataJSON: metadata.canonicalText())
        return StoredForm(ref: ref, summary: "reward model \(c.numHiddenLayers)×\(c.hiddenSize) \(String(format: "%.2f", parameters / 1e6))M params",
                          properties: [("parameters", .number(parameters))])
    }
}
