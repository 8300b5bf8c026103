import Foundation
import SmolCore
import SmolFormats
import SmolModels

/// A self-contained folder that trains a `TrainingRecipe` with Hugging Face TRL, on this machine or a
/// cluster:
///
///     model/                      the starting model, Hugging Face layout (f32), tokenizer + chat template
///     data/train.jsonl            the data as given (open-instruct's `messages`, or prompt/chosen/rejected)
///     data/train.tokenized.jsonl  smol's token ids and masks, in smol's example order
///     order.json                  smol's data order: the micro-batches (example indices) of every step
///     recipe.json                 the recipe, its TRL arguments and how each setting was mapped
///     train.py                    the launch script (SFTTrainer / DPOTrainer)
///     requirements.txt            pinned packages
///     accelerate.yaml, ds_zero2.json, ds_zero3.json, launch.sh, README.md
///
/// Invariants:
/// 1. Every file is a pure function of the recipe, the model, the data and the order, so the same
///    command writes the same bytes (the bundle's hash in the ledger identifies the job).
/// 2. A folder is only written when it is new, empty, or an earlier bundle (it holds recipe.json);
///    anything else is refused, never overwritten.
public enum TRLBundle {
    /// The tokenized data of the recipe.
    public enum Examples {
        case sft(SupervisedExamples)
        case dpo(PreferencePairs)
    }

    /// Writes the bundle into `folder`; returns its files, by path relative to `folder`.
    @discardableResult
    public static func write(recipe: TrainingRecipe, model: ModelBundle, records: [JSONValue], examples: Examples,
                             steps: [[[Int]]], to folder: String) throws -> [String: String] {
        let fm = FileManager.default
        if fm.fileExists(atPath: folder) {
            let present = (try? fm.contentsOfDirectory(atPath: folder)) ?? []
            guard present.isEmpty || present.contains("recipe.json") else {
                throw TrainingError.invalid("\(folder) exists and is not a smol bundle (no recipe.json); give a new or empty folder")
            }
            try fm.removeItem(atPath: folder)
        }
        try fm.createDirectory(atPath: folder + "/data", withIntermediateDirectories: true)
        var files: [String: String] = [:]
        func put(_ name: String, _ bytes: [UInt8]) throws {
            try AtomicFile.write(bytes, to: folder + "/" + name)
            files[name] = folder + "/" + name
        }
        func put(_ name: String, _ text: String) throws { try put(name, Array(text.utf8)) }

        try model.save(to: folder + "/model", dtype: .f32)
        for name in try fm.contentsOfDirectory(atPath: folder + "/model") where !name.hasPrefix(".") {
            files["model/" + name] = folder + "/model/" + name
        }
        try put("data/train.jsonl", jsonLines(records))
        try put("data/train.tokenized.jsonl", jsonLines(try tokenizedRows(examples)))
        try put("order.json", JSONValue.object([
            ("about", "smol's data order: steps[i] lists the micro-batches (indices into data/train.tokenized.jsonl) of optimiser step i+1"),
            ("steps", .array(steps.map { .array($0.map { .array($0.map { .number(Double($0)) }) }) })),
        ]).canonicalBytes() + [0x0A])
        var recipeJSON = recipe.json
        recipeJSON = recipeJSON.setting("trl", to: [
            "version": .string(TRLBundleFiles.trlVersion), "args": try recipe.trlArguments(),
            "mapping": .array(recipe.trlNotes.map(JSONValue.string)),
        ])
        try put("recipe.json", recipeJSON.prettyBytes() + [0x0A])
        try put("train.py", TRLBundleFiles.trainScript)
        try put("requirements.txt", TRLBundleFiles.requirements)
        try put("accelerate.yaml", TRLBundleFiles.accelerateConfig)
        try put("ds_zero2.json", TRLBundleFiles.deepSpeed(stage: 2))
        try put("ds_zero3.json", TRLBundleFiles.deepSpeed(stage: 3))
        try put("launch.sh", TRLBundleFiles.launchScript)
        try put("README.md", TRLBundleFiles.readme(recipe))
        chmod(folder + "/train.py", 0o755)
        chmod(folder + "/launch.sh", 0o755)
        return files
    }

    /// One canonical JSON object per line.
    static func jsonLines(_ values: [JSONValue]) -> [UInt8] {
        values.flatMap { $0.canonicalBytes() + [0x0A] }
    }

    /// SFT: input_ids and labels (-100 off the assistant tokens), as TRL's collator reads them. DPO:
    /// prompt_ids, chosen_ids and rejected_ids, the prompt being the tokens before the first scored one.
    static func tokenizedRows(_ examples: Examples) throws -> [JSONValue] {
        func ints(_ values: [Int]) -> JSONValue { .array(values.map { .number(Double($0)) }) }
        switch examples {
        case .sft(let e):
            return zip(e.ids, e.labels).map { ["input_ids": ints($0), "labels": ints($1)] }
        case .dpo(let pairs):
            return try (0..<pairs.count).map { i in
                let (prompt, chosen) = try split(pairs.chosen, i, side: "chosen")
                let (other, rejected) = try split(pairs.rejected, i, side: "rejected")
                guard prompt == other else {
                    throw TrainingError.invalid("pair \(i): the chosen and rejected sequences start with different prompt tokens; TRL needs one shared prompt")
                }
                return ["prompt_ids": ints(prompt), "chosen_ids": ints(chosen), "rejected_ids": ints(rejected)]
            }
        }
    }

    /// A sequence cut before its first scored token; every later token must be scored (TRL's completion mask).
    static func split(_ e: SupervisedExamples, _ i: Int, side: String) throws -> (prompt: [Int], completion: [Int]) {
        let labels = e.labels[i]
        guard let first = labels.indices.dropFirst().first(where: { labels[$0] != SupervisedExamples.ignoreLabel }) else {
            throw TrainingError.invalid("pair \(i): the \(side) response has no scored token")
        }
        guard labels[first...].allSatisfy({ $0 != SupervisedExamples.ignoreLabel }) else {
            throw TrainingError.invalid("pair \(i): the \(side) sequence has unscored tokens after its response starts; TRL's completion mask cannot express it (use another chat template)")
        }
        return (Array(e.ids[i][..<first]), Array(e.ids[i][first...]))
    }
}
