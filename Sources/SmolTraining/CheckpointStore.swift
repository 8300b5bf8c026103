// The checkpoint writer and reader of training runs.
//
// Invariants (cited by CheckpointTests and the kill-and-resume tests):
// 1. A checkpoint appears whole or not at all: it is one safetensors file written to a temporary
//    name in its folder, fsynced, renamed over `checkpoint.safetensors` and the folder fsynced
//    (`AtomicFile`). A SIGKILL at any moment leaves the previous checkpoint, or none, intact.
// 2. It is written only between optimiser steps — after the update and before the next batch is read —
//    so weights, AdamW moments and step count, the schedule position and the data cursor always
//    describe the same moment.
// 3. It holds everything the next step depends on: every trained tensor and both AdamW moments in
//    float32 (exact), AdamW's step count, the step, the data cursor (which fixes every random stream:
//    batch orders are a pure function of (seed, epoch)), the settings and the deterministic metric log.
//    Nothing in it depends on the time, the thread count or the machine, so two runs — or one run on 1
//    and on 2 threads — write identical bytes at the same step.
// 4. It names the run it belongs to (`identity`: the command's cache key, or the caller's key). A
//    checkpoint of another run, or one whose tensors do not match the model, is never resumed from.
// 5. Temporary files left by a killed write (`.tmp-*`) are removed the next time the folder is opened;
//    they are never read.
import Foundation
import SmolCore
import SmolFormats
import SmolTensor

/// A run's resumable state as read back from disk.
public struct TrainingCheckpoint {
    /// The run it belongs to (invariant 4).
    public var identity: String
    public var state: TrainingState
    public var settings: TrainingSettings
    /// Values of every trained tensor, in parameter order.
    public var parameters: [(name: String, values: [Float])]
    /// AdamW's step count and moments (parameter order).
    public var optimizerSteps: Int
    public var firstMoments: [[Float]]
    public var secondMoments: [[Float]]
    /// What the caller stored to redo the run by hand (`train.resume`): e.g. the command and its arguments.
    public var run: String
}

/// The folder where one run's checkpoint lives, and how it is written and read.
public struct CheckpointStore: Sendable {
    /// The folder; the checkpoint is `folder/checkpoint.safetensors`.
    public let folder: String

    public init(folder: String) { self.folder = folder }

    /// The checkpoint file's path.
    public var path: String { folder + "/" + Self.fileName }
    static let fileName = "checkpoint.safetensors"
    static let format = "smol-training-checkpoint-1"

    /// Whether a checkpoint file exists.
    public var exists: Bool { FileManager.default.fileExists(atPath: path) }

    /// Writes the state after a finished step (invariants 1–3).
    public func save(identity: String, state: TrainingState, settings: TrainingSettings,
                     parameters: [(name: String, tensor: Tensor)], optimizer: AdamW.State, run: String) throws {
        var tensors: [(name: String, shape: [Int], values: [Float])] = []
        for (index, entry) in parameters.enumerated() {
            tensors.append(("param/" + entry.name, entry.tensor.shape, entry.tensor.values))
            tensors.append(("adam.m/" + entry.name, entry.tensor.shape, optimizer.firstMoments[index]))
            tensors.append(("adam.v/" + entry.name, entry.tensor.shape, optimizer.secondMoments[index]))
        }
        let metadata = [
            "format": Self.format, "identity": identity, "run": run,
            "order": parameters.map(\.name).joined(separator: "\n"),
            "state": try Self.json(state), "settings": try Self.json(settings),
        ]
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try SafeTensorsWriter.write(tensors, dtype: .f32, metadata: metadata, to: path)
    }

    /// The checkpoint, or nil when there is none; removes stale temporary files (invariant 5). Throws
    /// when the file is unreadable or belongs to another run (invariant 4) — unless `identity` is nil,
    /// which accepts any run (`train.resume` of a file the user names).
    public func load(identity: String?) throws -> TrainingCheckpoint? {
        removeStaleTemporaryFiles()
        guard exists else { return nil }
        let file: SafeTensorsFile
        do { file = try SafeTensorsFile(path: path) } catch {
            throw TrainingError.checkpoint(path: path, "cannot be read (\(error)); remove it to start the run again")
        }
        let m = file.metadata
        guard m["format"] == Self.format, let stored = m["identity"], let stateText = m["state"],
              let settingsText = m["settings"], let orderText = m["order"] else {
            throw TrainingError.checkpoint(path: path, "is not a smol training checkpoint")
        }
        if let identity, identity != stored {
            throw TrainingError.checkpoint(path: path, "belongs to another run (\(stored.prefix(12)), not \(identity.prefix(12)))")
        }
        let state = try JSONDecoder().decode(TrainingState.self, from: Data(stateText.utf8))
        let settings = try JSONDecoder().decode(TrainingSettings.self, from: Data(settingsText.utf8))
        let names = orderText.isEmpty ? [] : orderText.components(separatedBy: "\n")
        var parameters: [(name: String, values: [Float])] = []
        var first: [[Float]] = [], second: [[Float]] = []
        for name in names {
            guard let p = file["param/" + name], let mt = file["adam.m/" + name], let vt = file["adam.v/" + name] else {
                throw TrainingError.checkpoint(path: path, "misses the tensors of '\(name)'")
            }
            parameters.append((name, try p.floats()))
            first.append(try mt.floats())
            second.append(try vt.floats())
        }
        guard state.optimizerSteps == state.step else {
            throw TrainingError.checkpoint(path: path, "says step \(state.step) but AdamW took \(state.optimizerSteps) steps")
        }
        return TrainingCheckpoint(identity: stored, state: state, settings: settings, parameters: parameters,
                                  optimizerSteps: state.optimizerSteps, firstMoments: first, secondMoments: second,
                                  run: m["run"] ?? "")
    }

    /// Deletes the checkpoint and its folder (after the run's result is safely recorded).
    public func remove() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Invariant 5.
    func removeStaleTemporaryFiles() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(".tmp-") { try? FileManager.default.removeItem(atPath: folder + "/" + name) }
    }

    /// Sorted-key JSON (deterministic bytes, invariant 3).
    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
