import Foundation
import SmolCore
import SmolEvaluation
import SmolLedger

/// An evaluation result is stored as a tree: `eval.json` (what ran), `samples.jsonl` (per-item records)
/// and `results-<i>.json` per model in lm-evaluation-harness's shape (see `EvalResult`).
extension EvalResult: StoredArtifact {
    static var artifactKind: ArtifactKind { .evalResult }

    static func load(from handle: ArtifactHandle, session: Session) throws -> EvalResult {
        let store = session.workspace.store
        let files = try store.treeManifest(handle.hash)
        guard let manifest = files["eval.json"], let samples = files["samples.jsonl"] else {
            throw SmolKitError.invalid("eval artifact \(handle.hash.prefix(12)) lacks eval.json or samples.jsonl; run `smol ledger verify`")
        }
        return try EvalResult(manifest: try JSONParser.parse(try store.read(manifest)), samples: try store.read(samples))
    }

    func store(in context: CommandContext, metadata extra: [(String, JSONValue)]) throws -> StoredForm {
        let staging = context.stagingFolder("eval")
        defer { try? FileManager.default.removeItem(atPath: staging) }
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        var files: [String: String] = [:]
        func write(_ name: String, _ bytes: [UInt8]) throws {
            let path = staging + "/" + name
            try AtomicFile.write(bytes, to: path)
            files[name] = path
        }
        try write("eval.json", manifest.prettyBytes() + [0x0A])
        try write("samples.jsonl", samplesJSONL())
        for (i, model) in models.enumerated() { try write("results-\(i).json", try resultsJSON(model: model).prettyBytes() + [0x0A]) }
        let records = kind == .mcq ? itemRecords.count : generationRecords.count
        let metadata = JSONValue.object([("kind", .string(kind.rawValue)), ("task", .string(task)),
                                         ("models", .array(models.map { .string($0.name) })), ("records", .number(Double(records)))] + extra)
        let ref = try context.store.putTree(files, kind: .evalResult, metadataJSON: metadata.canonicalText())
        let what = kind == .mcq ? "\(conditions.count) condition\(conditions.count == 1 ? "" : "s")" : (generationTask?.rawValue ?? "generation")
        return StoredForm(ref: ref, summary: "eval \(task) \(models.count) model\(models.count == 1 ? "" : "s") × \(what), \(records) records",
                          properties: [("task", .string(task)), ("records", .number(Double(records))),
                                       ("models", .list(models.map { .string($0.name) })),
                                       ("conditions", .list(conditions.map { .string($0) })),
                                       ("table", .string((try? EvalTables.markdown(self)) ?? ""))])
    }
}
