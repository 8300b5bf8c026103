import Foundation
import SmolCore
import SmolKernels
import SmolLedger
import SmolScript

/// Re-runs a recorded script session from scratch and compares it with the ledger, hash for hash.
///
/// The script is run again with the cache off into a separate workspace, with the session's `--set`
/// globals and matrix backend (any thread count); then, command by command
/// (by sequence number), the name, canonical parameters, status and output artifact hashes must agree.
/// Same binary, instruction set and seed give identical artifacts whatever the thread count, so any
/// difference is either a changed input file or a reproducibility bug worth reporting.
public enum Replay {
    /// How one recorded command compares with its replay.
    public struct Comparison: Sendable {
        public var sequence: Int
        public var name: String
        /// Empty when the command reproduced exactly.
        public var differences: [String]
    }

    /// The outcome of a replay.
    public struct Report: Sendable {
        public var session: Int64
        public var script: String
        public var comparisons: [Comparison]
        /// A script error during the replay, if any.
        public var failure: String?

        public var reproduced: Bool { failure == nil && comparisons.allSatisfy { $0.differences.isEmpty } }
    }

    /// Replays session `id` of `workspace` into `scratch` (a folder that will hold the replay's ledger).
    public static func run(session id: Int64, of workspace: Workspace, into scratch: String, threads: Int,
                           output: @escaping (String) -> Void) throws -> Report {
        guard let row = try workspace.ledger.sessions().first(where: { $0.id == id }) else {
            throw SmolKitError.invalid("no session \(id) in this ledger; list them with `smol ledger sessions`")
        }
        guard row.info.mode == .script, let script = row.info.scriptPath else {
            throw SmolKitError.invalid("session \(id) was a \(row.info.mode.rawValue) session; only `smol run` sessions can be replayed")
        }
        guard FileManager.default.fileExists(atPath: script) else { throw SmolKitError.fileNotFound(script) }
        let currentHash = try SHA256.hex(ofFileAt: script)
        if let recorded = row.info.scriptSHA256, recorded != currentHash {
            throw SmolKitError.invalid("\(script) changed since session \(id) (sha256 \(recorded.prefix(12)) then, \(currentHash.prefix(12)) now)")
        }
        let source = try String(contentsOfFile: script, encoding: .utf8)
        var options = SessionOptions(workspace: scratch, baseDirectory: (script as NSString).deletingLastPathComponent,
                                     mode: .script, scriptPath: script, threads: threads, noCache: true)
        options.backend = row.info.matrixBackend.hasPrefix("openblas") ? .openblas : .smol
        if case .object(let globals) = try JSONParser.parse(row.info.definitionsJSON) {
            options.definitions = globals.map { ($0.key, $0.value) }
        }
        let replay = try Session(options: options, output: output)
        defer { replay.close() }
        var failure: String?
        do { try replay.run(source, file: script) } catch { failure = error.description }

        let recorded = try workspace.ledger.commands(session: id)
        let replayed = try replay.sessionID.map { try replay.workspace.ledger.commands(session: $0) } ?? []
        var comparisons: [Comparison] = []
        for (index, original) in recorded.enumerated() {
            var differences: [String] = []
            if index < replayed.count {
                differences = compare(original, replayed[index])
            } else {
                differences = ["not reached by the replay"]
            }
            comparisons.append(Comparison(sequence: original.sequence, name: original.name, differences: differences))
        }
        for extra in replayed.dropFirst(recorded.count) {
            comparisons.append(Comparison(sequence: extra.sequence, name: extra.name, differences: ["only in the replay"]))
        }
        return Report(session: id, script: script, comparisons: comparisons, failure: failure)
    }

    /// What differs between a recorded command and its replay (a cached record counts as ok).
    static func compare(_ original: CommandRecord, _ replayed: CommandRecord) -> [String] {
        var differences: [String] = []
        if original.name != replayed.name { differences.append("command \(original.name) became \(replayed.name)") }
        if original.paramsJSON != replayed.paramsJSON {
            differences.append("parameters \(original.paramsJSON) became \(replayed.paramsJSON)")
        }
        let succeeded = { (status: CommandStatus) in status == .ok || status == .cached }
        if succeeded(original.status) != succeeded(replayed.status) {
            differences.append("status \(original.status.rawValue) became \(replayed.status.rawValue)")
        }
        let before = original.outputs.map(\.sha256), after = replayed.outputs.map(\.sha256)
        if before != after {
            for (a, b) in zip(before, after) where a != b {
                differences.append("output \(a.prefix(12)) became \(b.prefix(12))")
            }
            if before.count != after.count {
                differences.append("\(before.count) outputs became \(after.count)")
            }
        }
        return differences
    }
}
