// train-torture FOLDER [--threads N] [--steps N]
//
// Pretrains a very small model on a fixed synthetic token stream with a checkpoint after every step
// (FOLDER/checkpoint), resuming from that checkpoint when one is there, and writes the final weights
// to FOLDER/final/model.safetensors. The kill-and-resume tests SIGKILL it at seeded moments — inside
// checkpoint writes too — and check that the final bytes equal those of an uninterrupted run.
// Prints "resumed STEP" when it resumed and "done" at the end.
import Foundation
import SmolCore
import SmolKernels
import SmolModels
import SmolTraining

let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String, default value: Int, in arguments: [String]) -> Int {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count, let v = Int(arguments[i + 1]) else { return value }
    return v
}
let threads = option("--threads", default: 1, in: arguments)
let steps = option("--steps", default: 24, in: arguments)
guard let folder = arguments.first, !folder.hasPrefix("--") else {
    FileHandle.standardError.write(Data("usage: train-torture FOLDER [--threads N] [--steps N]\n".utf8))
    exit(64)
}

let config = ModelConfig(vocabSize: 256, hiddenSize: 64, intermediateSize: 172, numHiddenLayers: 2, numAttentionHeads: 4,
                         maxPositionEmbeddings: 64, bosTokenId: 0, eosTokenIds: [0])
let model = LanguageModel(config: config, seed: 1)
// A stream with some structure to learn: runs of counting tokens with seeded jumps.
let rng = CounterRNG(seed: 7, stream: 1)
var stream: [Int32] = []
var token: Int32 = 1
for i in 0..<6000 {
    token = rng.uniform(at: UInt64(i)) < 0.1 ? Int32(rng.integer(below: 255, at: UInt64(i + 100_000)) + 1) : token % 255 + 1
    stream.append(token)
}
let objective = try PretrainingObjective(model: model, corpus: PackedCorpus(stream: stream, length: 32), batchSize: 4, seed: 3)
let settings = TrainingSettings(learningRate: 3e-3, totalSteps: steps, warmupSteps: 2, schedule: .linear, weightDecay: 0.1,
                                beta1: 0.9, beta2: 0.95, maxGradNorm: 1, checkpointEvery: 1)
let trainer = try Trainer(objective: objective, settings: settings, engine: EngineOptions(threads: threads))
let policy = CheckpointPolicy(store: CheckpointStore(folder: folder + "/checkpoint"), identity: "train-torture-1")
if let checkpoint = try policy.store.load(identity: policy.identity) {
    try trainer.resume(from: checkpoint, path: policy.store.path)
    print("resumed \(checkpoint.state.step)")
}
try trainer.run(checkpoints: policy)
try model.save(to: folder + "/final")
print("done")
