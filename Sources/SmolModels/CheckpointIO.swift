import Foundation
import SmolCore
import SmolFormats
import SmolTensor

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
        let config = try ModelConfig.load(configAt: path + "/config.json")
        let stored = try SafeTensorsCheckpoint.load(directory: path)
        var tensors: [String: Tensor] = [:]
        var dtypes: Set<String> = []
        for (name, shape) in parameterLayout(config) {
            guard let entry = stored[name] else {
                throw ModelError.invalidCheckpoint(path: path, "tensor '\(name)' is missing; the checkpoint does not match config.json")
            }
            guard entry.shape == shape else {
                throw ModelError.invalidCheckpoint(path: path, "tensor '\(name)' has shape \(entry.shape), config.json implies \(shape)")
            }
            tensors[name] = Tensor(shape: shape, values: try entry.floats(), requiresGrad: true)
            dtypes.insert(entry.dtype.rawValue.lowercased())
        }
        return LanguageModel(config: config, tensors: tensors, sourceDType: dtypes.sorted().joined(separator: "+"))
    }

    /// Writes `config.json` and `model.safetensors` (float32, tensors sorted by name) into `directory`,
    /// each atomically; equal weights give identical bytes. `transformers` loads the folder.
    public func save(to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try SafeTensorsWriter.write(parameters.map { ($0.name, $0.tensor.shape, $0.tensor.values) }, dtype: .f32,
                                    metadata: ["format": "pt"], to: directory + "/model.safetensors")
        try AtomicFile.write(try config.jsonData(), to: directory + "/config.json")
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
