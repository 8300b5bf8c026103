import Foundation
import SmolCore
import SmolEvaluation
import SmolLedger
import SmolModels
import SmolScript

/// `eval.export` / `eval.import`: multiple choice run by lm-evaluation-harness (on a cluster, or here)
/// instead of smol's scorer, with the same prompts, and read back into per-item records that
/// `eval.rescore`, `eval.leaderboard` and the report treat like `eval.mcq`'s. The logic is
/// `SmolEvaluation.LMEvalHarness`.
enum EvalHarnessCommands {
    static var all: [CommandDefinition] { [export, importResults] }

    static let export = CommandDefinition(
        CommandSignature(
            "eval.export",
            summary: "Writes an lm-evaluation-harness bundle for multiple choice under perturbations: the model (HF layout), one task YAML + JSONL per condition and request kind carrying smol's prompts, and run.sh.",
            parameters: [
                Parameter("model", .handle(.model), positional: true, doc: "the model lm-eval scores (its tokenizer counts the continuation tokens)"),
            ] + EvalCommands.mcqParameters.filter { $0.name != "tags" } + [
                Parameter("harness", .string, default: .string("lm-eval"), choices: ["lm-eval"], doc: "the external evaluator"),
                Parameter("out", .string, doc: "the bundle folder to write (new, empty, or an earlier bundle)"),
            ],
            returns: .handle(.bundle), cacheable: false)
    ) { context in
        try EvalSupport.translate {
            let model = try EvalSupport.models(context, "model")[0]
            let (_, items, pool, settings) = try EvalCommands.mcqSetup(context)
            let folder = try context.path("out")
            let fm = FileManager.default
            if fm.fileExists(atPath: folder) {
                let present = (try? fm.contentsOfDirectory(atPath: folder)) ?? []
                guard present.isEmpty || present.contains("smol-eval.json") else {
                    throw SmolKitError.argument("out", "\(folder) exists and is not an eval.export bundle; give a new or empty folder")
                }
                try fm.removeItem(atPath: folder)
            }
            let scorer = try EvalSupport.scorer(context, model)
            var (files, tasks) = try LMEvalHarness.export(items: items, pool: pool, settings: settings, encode: scorer.encode, to: folder)
            try model.bundle.save(to: folder + "/model", dtype: .f32)
            for name in try fm.contentsOfDirectory(atPath: folder + "/model") { files["model/" + name] = folder + "/model/" + name }
            let manifest: JSONValue = [
                "harness": "lm-eval", "task": .string(settings.task), "model": .string(model.name), "model_hash": .string(model.handle.hash),
                "conditions": .array(settings.conditions.map { .string($0.name) }), "scorings": .array(settings.scorings.map { .string($0.rawValue) }),
                "format": .string(settings.format.rawValue), "shots": .number(Double(settings.shots)), "seed": .number(Double(settings.seed)),
                "tasks": .array(tasks.map(JSONValue.string)),
            ]
            try AtomicFile.write(manifest.prettyBytes() + [0x0A], to: folder + "/smol-eval.json")
            files["smol-eval.json"] = folder + "/smol-eval.json"
            let script = """
                #!/usr/bin/env bash
                # Scores the exported tasks with lm-evaluation-harness (lm_eval==0.4.13) on the model in model/; then in smol:
                # eval.import("<this folder>/results"). Extra arguments go to lm_eval (e.g. --device cuda:0 --batch_size 16).
                set -euo pipefail
                cd "$(dirname "$0")"
                export HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1
                exec "${PYTHON:-python3}" -m lm_eval --model hf --model_args pretrained=model,dtype=float32 \\
                  --include_path tasks --tasks \(tasks.joined(separator: ",")) --num_fewshot 0 \\
                  --output_path results --log_samples --device cpu --batch_size 1 "$@"

                """
            try AtomicFile.write(Array(script.utf8), to: folder + "/run.sh")
            chmod(folder + "/run.sh", 0o755)
            files["run.sh"] = folder + "/run.sh"
            let metadata = JSONValue.object([("harness", "lm-eval"), ("task", .string(settings.task)), ("path", .string(folder))])
            let ref = try context.store.putTree(files, kind: .bundle, metadataJSON: metadata.canonicalText())
            context.print("eval.export: \(tasks.count) lm-eval tasks in \(folder); run \(folder)/run.sh, then eval.import(\"\(folder)/results\")")
            return .handle(context.output(ref, summary: "bundle lm-eval \(settings.task) \(tasks.count) tasks", properties: [("path", .string(folder))]))
        }
    }

    static let importResults = CommandDefinition(
        CommandSignature(
            "eval.import",
            summary: "Reads lm-evaluation-harness output (results_*.json and samples_*.jsonl with per-choice log-likelihoods) of an eval.export bundle into per-item records, like eval.mcq's.",
            parameters: [
                Parameter("path", .string, positional: true, doc: "lm_eval's --output_path folder (searched recursively)"),
                Parameter("name", .optional(.string), default: .null, doc: "the model's name in records and tables (default: the exported model's)"),
                EvalCommands.tagsParameter,
            ],
            returns: .handle(.evalResult)),
        fileParameters: ["path"]
    ) { context in
        try EvalSupport.translate {
            let folder = try context.inputPath("path")
            // The bundle's manifest, when the results sit in (or below) an eval.export folder.
            var manifest: JSONValue = [:]
            var probe = URL(fileURLWithPath: folder)
            for _ in 0..<4 {
                if let data = FileManager.default.contents(atPath: probe.path + "/smol-eval.json") {
                    manifest = try JSONParser.parse([UInt8](data))
                    break
                }
                probe.deleteLastPathComponent()
            }
            let name = try context.optionalString("name") ?? manifest["model"]?.stringValue ?? "lm-eval"
            let (records, task, conditions) = try LMEvalHarness.records(resultsFolder: folder, model: name)
            let scorings = try ScoringMethod.parse((manifest["scorings"]?.arrayValue ?? []).compactMap(\.stringValue))
            let kinds = records.first?.kinds ?? []
            let usable = scorings.isEmpty ? ScoringMethod.allCases.filter { Set($0.kinds).isSubset(of: kinds) } : scorings
            let settings: JSONValue = ["executor": "lm-eval", "format": manifest["format"] ?? .null, "conditions": .array(conditions.map(JSONValue.string)),
                                       "scorings": .array(usable.map { .string($0.rawValue) }), "shots": manifest["shots"] ?? 0,
                                       "seed": manifest["seed"] ?? 0, "items": .number(Double(Set(records.map(\.index)).count))]
            let result = EvalResult(kind: .mcq, task: task, models: [EvaluatedModel(name: name, hash: manifest["model_hash"]?.stringValue ?? "")],
                                    settings: settings, conditions: conditions, scorings: usable, itemRecords: records)
            return .handle(try EvalSupport.publish(result, context))
        }
    }
}
