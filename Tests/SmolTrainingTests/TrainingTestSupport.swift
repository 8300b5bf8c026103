import Foundation
import SmolCore
import SmolKernels
import SmolModels
import SmolTraining

/// A model small enough for a training step in milliseconds.
func microModel(seed: UInt64 = 1, vocab: Int = 96) -> LanguageModel {
    LanguageModel(config: ModelConfig(vocabSize: vocab, hiddenSize: 32, intermediateSize: 64, numHiddenLayers: 2,
                                      numAttentionHeads: 4, numKeyValueHeads: 2, maxPositionEmbeddings: 64,
                                      bosTokenId: 0, eosTokenIds: [1]), seed: seed)
}

/// Seeded SFT examples of ids: a prompt (masked), an assistant reply (supervised) and, for some, a
/// trailing user turn (masked, after the last supervised token).
func microExamples(count: Int = 12, vocab: Int = 96, seed: UInt64 = 5) -> SupervisedExamples {
    let rng = CounterRNG(seed: seed, stream: 9)
    var ids: [[Int]] = [], labels: [[Int]] = []
    var draw: UInt64 = 0
    func token() -> Int { draw += 1; return 2 + rng.integer(below: vocab - 2, at: draw) }
    for i in 0..<count {
        let prompt = (0..<(3 + i % 4)).map { _ in token() }
        let reply = (0..<(2 + i % 5)).map { _ in token() } + [1]
        let trailing = i % 3 == 0 ? (0..<3).map { _ in token() } : []
        ids.append(prompt + reply + trailing)
        labels.append(Array(repeating: -100, count: prompt.count) + reply + Array(repeating: -100, count: trailing.count))
    }
    return SupervisedExamples(ids: ids, labels: labels)
}

/// A fresh temporary folder.
func temporaryFolder(_ label: String) -> String {
    let path = NSTemporaryDirectory() + "\(label)-\(UUID().uuidString)"
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// SHA-256 of a file's bytes.
func fileHash(_ path: String) throws -> String { try SHA256.hex(ofFileAt: path) }
