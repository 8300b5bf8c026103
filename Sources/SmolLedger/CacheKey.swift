import SmolCore

/// The cache key of a command call: an identical command over identical inputs gets the same key.
public enum CacheKey {
    /// SHA-256 over the command name, canonical params, input hashes (in argument order) and engine version,
    /// each length-prefixed so no two different tuples share a preimage.
    public static func make(command: String, paramsJSON: String, inputs: [String], engineVersion: String) -> String {
        var preimage = "smol-cache-1\n"
        for part in [command, paramsJSON] + inputs + [engineVersion] {
            preimage += "\(part.utf8.count):\(part)\n"
        }
        return SHA256.hex(of: Array(preimage.utf8))
    }
}
