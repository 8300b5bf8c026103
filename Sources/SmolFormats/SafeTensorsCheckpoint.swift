import Foundation
import SmolCore

/// Loads every tensor of a Hugging Face checkpoint folder, single-file or sharded.
///
/// Invariants:
/// 1. `model.safetensors` wins when present; otherwise `model.safetensors.index.json` must exist.
/// 2. Shard names from the index are plain file names inside the folder (no `/`, no `..`).
/// 3. Every tensor the index's `weight_map` names is present in the shard it names, and no tensor
///    name occurs in two shards.
public enum SafeTensorsCheckpoint {
    /// All tensors of the checkpoint in `directory`, by name.
    public static func load(directory: String) throws -> [String: StoredTensor] {
        let single = (directory as NSString).appendingPathComponent("model.safetensors")
        if FileManager.default.fileExists(atPath: single) {
            return try SafeTensorsFile(path: single).allTensors
        }
        let indexPath = (directory as NSString).appendingPathComponent("model.safetensors.index.json")
        guard FileManager.default.fileExists(atPath: indexPath) else {
            throw FormatError.missingCheckpoint(directory: directory)
        }
        let weightMap = try readWeightMap(indexPath)
        var tensors: [String: StoredTensor] = [:]
        var shardOf: [String: String] = [:]
        for shard in Set(weightMap.values).sorted() {
            let file = try SafeTensorsFile(path: (directory as NSString).appendingPathComponent(shard))
            for (name, tensor) in file.allTensors {
                guard tensors[name] == nil else {
                    throw FormatError.invalidIndex(path: indexPath, "tensor '\(name)' occurs in more than one shard")
                }
                tensors[name] = tensor
                shardOf[name] = shard
            }
        }
        for (name, shard) in weightMap.sorted(by: { $0.key < $1.key }) where shardOf[name] != shard {
            throw FormatError.invalidIndex(path: indexPath, "tensor '\(name)' is mapped to \(shard) but is not in it")
        }
        return tensors
    }

    /// Reads `weight_map` (tensor name → shard file name) from an index file.
    private static func readWeightMap(_ indexPath: String) throws -> [String: String] {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: indexPath)) } catch {
            throw FormatError.io(path: indexPath, "cannot read (\(error.localizedDescription))")
        }
        let json: JSONValue
        do { json = try JSONParser.parse([UInt8](data)) } catch {
            throw FormatError.invalidIndex(path: indexPath, "not JSON (\(FormatError.jsonProblem(error)))")
        }
        guard let map = json["weight_map"]?.objectValue else {
            throw FormatError.invalidIndex(path: indexPath, "no 'weight_map' object")
        }
        var weightMap: [String: String] = [:]
        for (name, value) in map {
            guard let shard = value.stringValue else { throw FormatError.invalidIndex(path: indexPath, "weight_map['\(name)'] is not a string") }
            guard !shard.isEmpty, !shard.contains("/"), shard != "..", shard != "." else {
                throw FormatError.invalidIndex(path: indexPath, "shard name '\(shard)' is not a plain file name in the folder")
            }
            weightMap[name] = shard
        }
        return weightMap
    }
}
