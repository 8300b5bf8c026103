import Foundation
import SmolCore
import SmolEvaluation

/// Log-likelihoods a workspace already knows, one append-only JSONL file per scorer identity (model
/// hash + engine) under `cache/loglik/`: `{"k": request key, "ll": …, "g": greedy, "t": tokens}` per line.
///
/// Invariants:
/// 1. A line is written whole by one `write` on a descriptor opened with O_APPEND, so concurrent writers
///    interleave lines, never bytes within a line; a line that does not parse (a crash mid-write) is skipped.
/// 2. The key names the request's text and the scorer identity (`LoglikelihoodScorer.key`), so a value is
///    only ever reused for the same model, engine build and backend.
final class WorkspaceLoglikelihoodCache: LoglikelihoodCache {
    let path: String
    /// When false, nothing is read (`--no-cache`: recompute, but still remember).
    let reads: Bool
    private var known: [String: LoglikelihoodResult]?

    init(workspaceRoot: String, identity: String, reads: Bool) {
        path = workspaceRoot + "/cache/loglik/" + SHA256.hex(of: Array(identity.utf8)).prefix(24) + ".jsonl"
        self.reads = reads
    }

    func results(for keys: [String]) -> [String: LoglikelihoodResult] {
        guard reads else { return [:] }
        let all = loaded()
        var found: [String: LoglikelihoodResult] = [:]
        for key in keys { if let hit = all[key] { found[key] = hit } }
        return found
    }

    func store(_ results: [String: LoglikelihoodResult]) {
        guard !results.isEmpty else { return }
        var bytes: [UInt8] = []
        for (key, r) in results.sorted(by: { $0.key < $1.key }) {
            let line: JSONValue = ["k": .string(key), "ll": .number(r.logLikelihood), "g": .bool(r.isGreedy), "t": .number(Double(r.tokens))]
            bytes += line.canonicalBytes()
            bytes.append(0x0A)
        }
        if known != nil { known!.merge(results) { $1 } }
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard fd >= 0 else { return }   // a cache that cannot be written only costs time
        defer { close(fd) }
        bytes.withUnsafeBytes { _ = try? AtomicFile.writeAll(fd, $0) }
    }

    private func loaded() -> [String: LoglikelihoodResult] {
        if let known { return known }
        var table: [String: LoglikelihoodResult] = [:]
        if let data = FileManager.default.contents(atPath: path) {
            for line in data.split(separator: 0x0A) {
                guard let value = try? JSONParser.parse(Array(line)), let key = value["k"]?.stringValue, let ll = value["ll"]?.doubleValue,
                      let greedy = value["g"]?.boolValue, let tokens = value["t"]?.intValue else { continue }
                table[key] = LoglikelihoodResult(logLikelihood: ll, isGreedy: greedy, tokens: tokens)
            }
        }
        known = table
        return table
    }
}
