import Foundation
import SmolCore
import SmolFormats
import SmolKernels
import SmolModels
import SmolTensor
import SmolTokenizers

/// A Bradley–Terry reward model: a language model's final hidden state at the last non-padding token
/// of a sequence, through a scalar head `score.weight` [1, d] — Hugging Face's
/// `LlamaForSequenceClassification` with one label, which is also how it is saved and loaded.
public final class RewardModel: @unchecked Sendable {
    /// The decoder whose hidden states are scored (its LM head, if untied, is neither used nor trained).
    public let base: LanguageModel
    /// The scalar head.   [1, d]
    public let score: Tensor
    /// The id that pads rows; the scored token of a row is its rightmost token that is not this id (HF's rule).
    public let padTokenID: Int
    /// The tokenizer saved with the model, if any.
    public let tokenizer: Tokenizer?

    /// A reward model over `base` with a fresh head drawn from N(0, initializer_range²) (seeded).
    public convenience init(base: LanguageModel, padTokenID: Int, tokenizer: Tokenizer?, seed: UInt64) {
        let d = base.config.hiddenSize
        let rng = CounterRNG(seed: seed, stream: stableHash("reward-model.score"))
        let head = Tensor(shape: [1, d], values: (0..<d).map { rng.normal(at: UInt64($0)) * base.config.initializerRange },
                          requiresGrad: true)
        self.init(base: base, score: head, padTokenID: padTokenID, tokenizer: tokenizer)
    }

    public init(base: LanguageModel, score: Tensor, padTokenID: Int, tokenizer: Tokenizer?) {
        precondition(score.shape == [1, base.config.hiddenSize], "score.weight must be [1, hidden_size]")
        self.base = base
        self.score = score
        self.padTokenID = padTokenID
        self.tokenizer = tokenizer
    }

    /// What is trained: the backbone (without an untied LM head) and the head.
    public var parameters: [(name: String, tensor: Tensor)] {
        base.parameters.filter { $0.name != "lm_head.weight" } + [("score.weight", score)]
    }

    /// The scored position of each row: the rightmost token that is not `padTokenID` (0 when all are).
    ///   ids: [B·T] -> [B]
    public func scoredPositions(ids: [Int], batch: Int, length: Int) -> [Int] {
        (0..<batch).map { b in (0..<length).last { ids[b * length + $0] != padTokenID } ?? 0 }
    }

    /// One reward per row.   ids: [B·T] -> [B]
    public func rewards(_ tape: Tape, ids: [Int], batch: Int, length: Int) -> Tensor {
        let hidden = base.hiddenStates(tape, ids: ids, batch: batch, length: length)                       // [B·T, d]
        let perToken = tape.reshape(tape.linear(hidden, score), to: [batch, length])                      // [B, T]
        var pick = [Float](repeating: 0, count: batch * length)
        for (b, t) in scoredPositions(ids: ids, batch: batch, length: length).enumerated() { pick[b * length + t] = 1 }
        return tape.weightedRowSum(perToken, weights: pick)                                                // [B]
    }

    /// Rewards of token sequences, `batchSize` at a time, without gradients.
    public func rewards(of sequences: [[Int]], batchSize: Int, engine: EngineOptions) -> [Float] {
        var out: [Float] = []
        for start in stride(from: 0, to: sequences.count, by: max(1, batchSize)) {
            let rows = Array(sequences[start..<min(sequences.count, start + max(1, batchSize))])
            let t = rows.map(\.count).max() ?? 0
            let ids = rows.flatMap { $0 + Array(repeating: padTokenID, count: t - $0.count) }
            out += rewards(Tape(engine: engine, recording: false), ids: ids, batch: rows.count, length: t).values
        }
        return out
    }

    // MARK: Hugging Face layout

    /// The architecture name transformers loads (`LlamaForSequenceClassification`, or Qwen2's).
    public var architecture: String {
        base.config.modelType == "qwen2" ? "Qwen2ForSequenceClassification" : "LlamaForSequenceClassification"
    }

    /// Writes config.json (one label, `pad_token_id`), model.safetensors (the backbone's `model.*`
    /// tensors and `score.weight`, float32) and the tokenizer files into `directory`, each atomically.
    public func save(to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let tensors = parameters.map { ($0.name, $0.tensor.shape, $0.tensor.values) }
        try SafeTensorsWriter.write(tensors, dtype: .f32, metadata: ["format": "pt"], to: directory + "/model.safetensors")
        try AtomicFile.write(try configData(), to: directory + "/config.json")
        if let tokenizer {
            try AtomicFile.write(try tokenizer.jsonData(), to: directory + "/tokenizer.json")
            try AtomicFile.write(try tokenizer.configData(), to: directory + "/tokenizer_config.json")
        }
    }

    /// The causal-LM config with the sequence-classification fields (sorted keys: deterministic bytes).
    func configData() throws -> Data {
        guard var object = try JSONSerialization.jsonObject(with: try base.config.jsonData()) as? [String: Any] else {
            throw TrainingError.invalid("the model config does not serialise to an object")
        }
        object["architectures"] = [architecture]
        object["id2label"] = ["0": "LABEL_0"]
        object["label2id"] = ["LABEL_0": 0]
        object["num_labels"] = 1
        object["pad_token_id"] = padTokenID
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
    }

    /// Loads a folder written by `save` (or by transformers for a one-label Llama/Qwen2 classifier).
    public static func load(path: String) throws -> RewardModel {
        let configPath = path + "/config.json"
        let config = try ModelConfig.load(configAt: configPath)
        guard let data = FileManager.default.contents(atPath: configPath),
              let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw TrainingError.invalid("\(configPath): cannot read the config")
        }
        guard let pad = object["pad_token_id"] as? Int else {
            throw TrainingError.invalid("\(configPath): a reward model needs pad_token_id (the scored token is the last one that is not padding)")
        }
        let stored = try SafeTensorsCheckpoint.load(directory: path)
        guard let head = stored["score.weight"], head.shape == [1, config.hiddenSize] else {
            throw TrainingError.invalid("\(path): no score.weight of shape [1, \(config.hiddenSize)]; is this a one-label sequence classifier?")
        }
        var values: [String: [Float]] = [:]
        for (name, tensor) in stored where name != "score.weight" { values[name] = try tensor.floats() }
        let base = try LanguageModel(config: config, values: values, zeroMissingHead: true)
        let tokenizer = FileManager.default.fileExists(atPath: path + "/tokenizer.json") ? try Tokenizer.load(path: path) : nil
        return RewardModel(base: base, score: Tensor(shape: [1, config.hiddenSize], values: try head.floats(), requiresGrad: true),
                           padTokenID: pad, tokenizer: tokenizer)
    }
}
