import Foundation
import SmolCore
import SmolFormats
import SmolTensor

/// Reading and writing Hugging Face checkpoint folders.
///
/// Invariants:
/// 1. Nothing is allocated for weights until the config is valid, the layer count matches the layers
///    the checkpoint holds, and every tensor has the right name, shape and a floating-point dtype.
/// 2. A checkpoint tensor the model does not use is an error (HF's "unexpected keys"), except an
///    `lm_head.weight` equal to the tied embedding; a missing one is an error naming it.
/// 3. Saving never overwrites a file or a folder that holds anything but a model's own files.
extension LanguageModel {
    /// Loads a Hugging Face folder (config.json + model.safetensors, or shards with an index) or a
    /// llama.cpp `.gguf` file.
    public static func load(path: String) throws -> LanguageModel {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw ModelError.notFound(path: path) }
        if !isDirectory.boolValue {
            guard path.hasSuffix(".gguf") else { throw ModelError.notFound(path: path) }
            return try loadGGUF(path: path)
        }
        let configPath = path + "/config.json"
        let config = try ModelConfig.load(configAt: configPath)
        let stored = try SafeTensorsCheckpoint.load(directory: path)
        try checkLayerCount(config.numHiddenLayers, names: stored.keys, prefix: "model.layers.", path: configPath, field: "num_hidden_layers")
        let layout = parameterLayout(config)
        var missing: [String] = []
        var dtypes: Set<String> = []
        for (name, shape) in layout {
            guard let entry = stored[name] else { missing.append(name); continue }
            guard entry.shape == shape else {
                throw ModelError.invalidCheckpoint(path: path, "tensor '\(name)' has shape \(entry.shape), config.json implies \(shape)")
            }
            guard !entry.dtype.isInteger else {
                throw ModelError.invalidCheckpoint(path: path, "tensor '\(name)' is stored as \(entry.dtype.rawValue); weights must be F32, F16, BF16 or F64")
            }
            dtypes.insert(entry.dtype.rawValue.lowercased())
        }
        let used = Set(layout.map(\.name))
        var unexpected = stored.keys.filter { !used.contains($0) && !ignorable($0) }
        let headToCompare = config.tieWordEmbeddings && unexpected.contains("lm_head.weight") ? stored["lm_head.weight"] : nil
        if headToCompare != nil { unexpected.removeAll { $0 == "lm_head.weight" } }
        try checkNames(missing: missing, unexpected: unexpected, config: config, path: path, source: "config.json")
        var tensors: [String: Tensor] = [:]
        for (name, shape) in layout {
            tensors[name] = Tensor(shape: shape, values: try stored[name]!.floats(), requiresGrad: true)
        }
        if let head = headToCompare {
            let embedding = tensors["model.embed_tokens.weight"]!
            guard head.shape == embedding.shape, try head.floats() == embedding.values else {
                throw ModelError.invalidCheckpoint(path: path, "lm_head.weight differs from model.embed_tokens.weight but config.json ties them (tie_word_embeddings true); set tie_word_embeddings to false")
            }
        }
        return LanguageModel(config: config, tensors: tensors, sourceDType: dtypes.sorted().joined(separator: "+"))
    }

    /// Buffers HF checkpoints may carry that are recomputed, never learned (old Llama `inv_freq`).
    static func ignorable(_ name: String) -> Bool { name.hasSuffix(".rotary_emb.inv_freq") }

    /// Throws unless the layers named `<prefix><i>.…` are exactly 0..<count (checked before the
    /// per-layer tensor list is built, so an absurd count costs nothing).
    static func checkLayerCount<S: Sequence>(_ count: Int, names: S, prefix: String, path: String, field: String) throws
        where S.Element == String {
        var present = Set<Int>()
        for name in names where name.hasPrefix(prefix) {
            if let index = Int(name.dropFirst(prefix.count).prefix { $0 != "." }) { present.insert(index) }
        }
        guard present.count != count || present.contains(where: { $0 < 0 || $0 >= count }) else { return }
        let held = present.isEmpty ? "no layers" : "\(present.count) layers (\(prefix)\(present.min()!)…\(present.max()!))"
        throw ModelError.invalidField(path: path, field: field, "is \(count) but the weights hold \(held); fix \(field)")
    }

    /// Throws when tensors the config needs are absent, or the checkpoint holds tensors it does not use.
    static func checkNames(missing: [String], unexpected: [String], config: ModelConfig, path: String, source: String) throws {
        if !missing.isEmpty {
            let hint = missing.contains(where: { $0 == "lm_head.weight" || $0 == "output.weight" })
                ? "; if the head is the embedding, set tie_word_embeddings to true" : ""
            throw ModelError.invalidCheckpoint(path: path, "\(missing.count) tensor(s) that \(source) requires are missing: \(listed(missing))\(hint); the checkpoint does not match \(source)")
        }
        if !unexpected.isEmpty {
            let hint = unexpected.contains(where: { $0 == "lm_head.weight" || $0 == "output.weight" }) && config.tieWordEmbeddings
                ? "; the config ties the embeddings, so set tie_word_embeddings to false to use the separate head" : ""
            throw ModelError.invalidCheckpoint(path: path, "the checkpoint holds \(unexpected.count) tensor(s) the model does not use: \(listed(unexpected))\(hint); the checkpoint does not match \(source)")
        }
    }

    /// The first few names, sorted, then how many more.
    static func listed(_ names: [String]) -> String {
        let sorted = names.sorted()
        return sorted.prefix(5).joined(separator: ", ") + (sorted.count > 5 ? " and \(sorted.count - 5) more" : "")
    }

    /// The narrowest dtype that holds every weight exactly: bf16 or f16 when the model was loaded from
    /// that dtype alone and every value still round-trips through it, otherwise f32.
    public var losslessDType: DType {
        let candidate: DType
        switch sourceDType {
        case "bf16": candidate = .bf16
        case "f16": candidate = .f16
        default: return .f32
        }
        for (_, tensor) in parameters {
            let data = tensor.data
            for i in 0..<tensor.count {
                let v = data[i]
                let exact = candidate == .bf16 ? v.bitPattern & 0xFFFF == 0 || v.isNaN : Float(Float16(v)).bitPattern == v.bitPattern
                if !exact { return .f32 }
            }
        }
        return candidate
    }

    /// The files a model folder may hold besides weights; `save` overwrites a folder holding only these.
    public static let modelFolderFiles: Set<String> = [
        "config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "generation_config.json",
        "special_tokens_map.json",
    ]

    /// Writes `config.json` and `model.safetensors` (as `dtype`: F32, BF16 or F16, rounding to nearest
    /// even; tensors sorted by name) into `directory`, each atomically; equal weights give identical
    /// bytes and `transformers` loads the folder. The folder is created if absent; an existing one must
    /// be empty or hold only a model's files (`modelFolderFiles`), which are replaced.
    public func save(to directory: String, dtype: DType = .f32) throws {
        let torchDtype: String
        switch dtype {
        case .f32: torchDtype = "float32"
        case .bf16: torchDtype = "bfloat16"
        case .f16: torchDtype = "float16"
        default:
            throw ModelError.destinationNotUsable(path: directory, "cannot save weights as \(dtype.rawValue); use f32, bf16 or f16")
        }
        try Self.checkDestination(directory)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ModelError.destinationNotUsable(path: directory, "cannot create the folder (\(error.localizedDescription)); check the path and permissions")
        }
        try SafeTensorsWriter.write(parameters.map { ($0.name, $0.tensor.shape, $0.tensor.values) }, dtype: dtype,
                                    metadata: ["format": "pt"], to: directory + "/model.safetensors")
        try AtomicFile.write(try config.jsonData(torchDtype: torchDtype), to: directory + "/config.json")
    }

    /// Throws unless `directory` is absent, an empty folder, or a folder holding only model files.
    static func checkDestination(_ directory: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw ModelError.destinationNotUsable(path: directory, "exists and is a file; give the path of a new or empty folder")
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let foreign = entries.filter { !$0.hasPrefix(".") && !modelFolderFiles.contains($0) }
        guard foreign.isEmpty else {
            throw ModelError.destinationNotUsable(path: directory, "is a folder that holds other files (\(listed(foreign))); save into a new or empty folder, or remove them first")
        }
    }
}

extension LanguageModel {
    /// SHA-256 (hex) over every parameter's name, shape and float32 bytes, in parameter order: equal
    /// weights ⇔ equal digest, whatever file they came from.
    public func weightsDigest() -> String {
        var hasher = SmolCore.SHA256()
        for (name, tensor) in parameters {
            hasher.update(Array("\(name)\(tensor.shape)".utf8))
            hasher.update(UnsafeRawBufferPointer(start: tensor.data, count: tensor.count * MemoryLayout<Float>.size))
        }
        return hasher.hexDigest()
    }
}
