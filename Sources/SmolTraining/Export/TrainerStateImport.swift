import Foundation
import SmolCore

/// A finished TRL / open-instruct (Hugging Face Trainer) output folder, read for `train.import`: the
/// files that make up the model, and `trainer_state.json`'s per-step log under smol's metric names.
///
/// Invariants:
/// 1. Nothing is accepted silently: a missing or malformed file is an error naming the file (with the
///    line and column of a JSON syntax error), and a run that stopped before `max_steps` is refused.
/// 2. Steps come out in increasing order, one `LoggedStep` per step; metrics keep smol's names
///    (`loss`, `lr`, `grad_norm`, `tokens`, `real_tokens`, `rewards/…`), and HF names smol also logs
///    are renamed to them (`learning_rate` → `lr` when the step has no `lr`, `rewards/accuracies` →
///    `rewards/accuracy`, `rewards/margins` → `rewards/margin`).
public struct TrainerOutput: Sendable {
    /// The folder, and the trainer_state.json that was read (the top-level one, else the last checkpoint's).
    public var folder: String
    public var statePath: String
    /// Every file of the folder that holds the model (config, weights, index, tokenizer files), by name.
    public var modelFiles: [String]
    /// Per-step metrics.
    public var steps: [LoggedStep]
    /// The run's summary (train_runtime, train_loss, …), from the entry without a per-step loss.
    public var summary: [(name: String, value: Double)]
    public var globalStep: Int
    public var maxSteps: Int

    /// Renamed HF / TRL metric names.
    static let renamed = ["learning_rate": "lr", "rewards/accuracies": "rewards/accuracy", "rewards/margins": "rewards/margin"]
    /// Bookkeeping fields of a log_history entry that are not metrics.
    static let bookkeeping: Set<String> = ["step", "epoch"]

    /// Reads `folder`; throws `TrainingError.invalid` naming the file at fault.
    public init(folder: String) throws {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        guard fm.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw TrainingError.invalid("\(folder): no such folder; give the output folder of a TRL or open-instruct run")
        }
        self.folder = folder
        let names = try fm.contentsOfDirectory(atPath: folder).sorted()
        guard names.contains("config.json") else {
            throw TrainingError.invalid("\(folder)/config.json: missing; the folder holds no saved model (did the run call save_model?)")
        }
        let weights: [String]
        if names.contains("model.safetensors") {
            weights = ["model.safetensors"]
        } else if names.contains("model.safetensors.index.json") {
            let index = try Self.json(folder + "/model.safetensors.index.json")
            guard let map = index["weight_map"]?.objectValue, !map.isEmpty else {
                throw TrainingError.invalid("\(folder)/model.safetensors.index.json: no weight_map; the sharded checkpoint is incomplete")
            }
            let shards = Set(map.compactMap(\.value.stringValue)).sorted()
            for shard in shards where !names.contains(shard) || shard.contains("/") {
                throw TrainingError.invalid("\(folder)/\(shard): missing, but model.safetensors.index.json maps tensors to it; the copy is partial")
            }
            weights = ["model.safetensors.index.json"] + shards
        } else {
            throw TrainingError.invalid("\(folder)/model.safetensors: missing (nor a model.safetensors.index.json); the folder holds no weights")
        }
        let tokenizerFiles = names.filter { ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "chat_template.jinja"].contains($0) }
        modelFiles = ["config.json"] + weights + tokenizerFiles

        // trainer_state.json: the top-level one (trainer.save_state), else the newest checkpoint's.
        var state = folder + "/trainer_state.json"
        if !fm.fileExists(atPath: state) {
            let checkpoints = names.compactMap { name -> (Int, String)? in
                guard name.hasPrefix("checkpoint-"), let n = Int(name.dropFirst("checkpoint-".count)),
                      fm.fileExists(atPath: "\(folder)/\(name)/trainer_state.json") else { return nil }
                return (n, "\(folder)/\(name)/trainer_state.json")
            }
            guard let newest = checkpoints.max(by: { $0.0 < $1.0 }) else {
                throw TrainingError.invalid("\(folder)/trainer_state.json: missing (nor in a checkpoint-N folder); the per-step metrics are there (trainer.save_state())")
            }
            state = newest.1
        }
        statePath = state
        let root = try Self.json(state)
        guard let history = root["log_history"]?.arrayValue else {
            throw TrainingError.invalid("\(state): no log_history array; is this a Hugging Face trainer_state.json?")
        }
        globalStep = root["global_step"]?.intValue ?? 0
        maxSteps = root["max_steps"]?.intValue ?? globalStep
        guard globalStep > 0, globalStep >= maxSteps else {
            throw TrainingError.invalid("\(state): global_step \(globalStep) of max_steps \(maxSteps); the run did not finish (import a finished run)")
        }
        var steps: [LoggedStep] = [], summary: [(name: String, value: Double)] = []
        for (i, entry) in history.enumerated() {
            guard let members = entry.objectValue else {
                throw TrainingError.invalid("\(state): log_history[\(i)] is not an object")
            }
            let numbers = members.compactMap { m in m.value.doubleValue.map { (m.key, $0) } }
            guard entry["loss"] != nil else {
                summary += numbers.filter { !Self.bookkeeping.contains($0.0) }.map { (name: $0.0, value: $0.1) }
                continue
            }
            guard let step = entry["step"]?.intValue, step > 0 else {
                throw TrainingError.invalid("\(state): log_history[\(i)] has a loss but no positive integer step")
            }
            if let last = steps.last, step <= last.step {
                throw TrainingError.invalid("\(state): log_history[\(i)] is step \(step) after step \(last.step); steps must increase")
            }
            let hasLR = numbers.contains { $0.0 == "lr" }
            var metrics: [(String, Double)] = []
            for (name, value) in numbers where !Self.bookkeeping.contains(name) {
                if name == "learning_rate" && hasLR { continue }
                metrics.append((Self.renamed[name] ?? name, value))
            }
            steps.append(LoggedStep(step: step, metrics: metrics))
        }
        guard !steps.isEmpty else {
            throw TrainingError.invalid("\(state): log_history has no entry with a loss; train with logging_steps set")
        }
        self.steps = steps
        self.summary = summary
    }

    /// A JSON file, or an error naming it (and where the syntax broke).
    static func json(_ path: String) throws -> JSONValue {
        guard let data = FileManager.default.contents(atPath: path) else { throw TrainingError.invalid("\(path): cannot be read") }
        do { return try JSONParser.parse([UInt8](data)) } catch let error as JSONError {
            throw TrainingError.invalid("\(path):\(error.line):\(error.column): \(error.reason); the file is truncated or not JSON")
        }
    }
}
