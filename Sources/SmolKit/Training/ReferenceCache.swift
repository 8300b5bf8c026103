import Foundation
import SmolCore
import SmolLedger
import SmolModels
import SmolTokenizers
import SmolTraining

/// DPO's reference log-probs as artifacts: computed once per (model hash, data hash, loss, max length,
/// template, engine) — `ReferenceLogProbabilities.key` — stored as `reference_logprobs` artifacts, and
/// found again through an index in `<workspace>/cache/reference-logprobs/<key>`, so a second run over
/// the same inputs (another lr, another β) never scores the reference again.
enum ReferenceCache {
    static func logProbabilities(_ context: CommandContext, model: LanguageModel, modelHash: String, dataHash: String,
                                 pairs: PreferencePairs, loss: PreferenceLoss.Kind, maxLength: Int, template: ChatTemplate,
                                 batchSize: Int, padID: Int) throws -> ReferenceLogProbabilities {
        let engine = TrainingArguments.engine(context)
        let engineName = context.session.options.backend == .smol ? engineFingerprint : "\(engineFingerprint)+\(engine.backend.rawValue)"
        let key = ReferenceLogProbabilities.key(modelHash: modelHash, dataHash: dataHash, loss: loss, maxLength: maxLength,
                                                template: template.rawValue, engine: engineName)
        let index = context.session.workspace.root + "/cache/reference-logprobs/" + key
        if let data = FileManager.default.contents(atPath: index), let ref = try? JSONDecoder().decode(ArtifactRef.self, from: data),
           context.store.holds(ref), let cached = try? ReferenceLogProbabilities(bytes: try context.store.read(ref.sha256)),
           cached.chosen.count == pairs.count {
            context.input(ref, role: "reference")
            context.metric("reference.cached", 1)
            context.print("train.dpo: reference log-probs reused (\(ref.sha256.prefix(12)))")
            return cached
        }
        let values: ReferenceLogProbabilities
        do {
            values = try ReferenceLogProbabilities(model: model, pairs: pairs, averaged: loss.usesAveragedLogProbabilities,
                                                   batchSize: batchSize, padID: padID, engine: engine,
                                                   isCancelled: { context.isCancelled })
        } catch let error as TrainingError {
            throw SmolKitError.invalid(error.description)
        }
        let metadata = JSONValue.object([("key", .string(key)), ("model", .string(modelHash)), ("data", .string(dataHash)),
                                         ("loss", .string(loss.rawValue)), ("max_length", .number(Double(maxLength))),
                                         ("pairs", .number(Double(pairs.count)))])
        var ref = try context.store.put(try values.bytes(), kind: .referenceLogProbabilities, metadataJSON: metadata.canonicalText())
        ref.name = nil
        _ = context.output(ref, summary: "reference log-probs \(pairs.count) pairs")
        try AtomicFile.write(try JSONEncoder().encode(ref), to: index)
        context.metric("reference.cached", 0)
        return values
    }
}
