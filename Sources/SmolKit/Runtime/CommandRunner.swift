import Foundation
import SmolCore
import SmolLedger
import SmolScript

/// smol's version string (recorded with every session).
public let smolVersion = "0.1.0"

/// What the cache key says about the code that computed an answer: the version and the SHA-256 of the
/// running executable (`/proc/self/exe`, hashed once per process), so a rebuilt binary never reuses
/// answers computed by different code.
public let engineFingerprint: String = {
    let executable = (try? FileDigest(ofFileAt: "/proc/self/exe").sha256)
        ?? (try? FileDigest(ofFileAt: URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().path).sha256)
        ?? "unknown-executable"
    return "\(smolVersion)+exe.\(executable)"
}()

/// Runs one command call: memoisation, the command body, and its ledger record.
///
/// Invariants:
/// 1. Every call that starts becomes exactly one `commands` row (ok, error or cached), written in one
///    transaction with its edges and metrics after the body finished — a kill before that leaves no row.
/// 2. Output artifacts are in the store before the row that names them is committed.
/// 3. The cache key is SHA-256 of (name, canonical parameters, fingerprints of file and folder inputs,
///    `engineFingerprint` (version + hash of the executable) and the matrix backend); handles appear in
///    the parameters by their artifact hash, so inputs are part of the key. A path parameter that has
///    no fingerprint (missing, unreadable: `PathFingerprint`) means no key: that call is not cached.
/// 4. A cached answer is only given when every output artifact of the earlier call is still in the store
///    with its recorded size (`Ledger.cachedCommand`).
/// 5. A cached answer prints what the earlier call printed, so warnings (skipped lines…) are never lost.
/// 6. A call that fails is recorded as `error` with the metrics it logged before failing (a training run
///    that diverged keeps its loss curve up to the bad step) and its inputs, but with no outputs.
/// 7. Parameters a command derives (`CommandContext.derivedParameter`, e.g. `lr_per_batch`) join the
///    recorded parameters after the run, never the cache key: they are functions of the others.
/// 8. `CommandContext.afterCommit` actions run only once the row is committed (a training command
///    removes its checkpoint then, so a kill before the commit still finds it).
struct CommandRunner {
    let session: Session
    let definition: CommandDefinition
    let invocation: CommandInvocation

    func run() throws -> Value {
        let started = Date().timeIntervalSince1970
        let ledger = session.workspace.ledger
        let parameters = JSONValue.object(try invocation.arguments.map { ($0.name, try ValueJSON.parameter($0.value)) })
        let parametersText = parameters.canonicalText()
        let sessionID = try session.beginLedgerSession()
        let sequence = session.nextSequence
        session.nextSequence += 1
        var record = CommandRecord(
            sessionID: sessionID, sequence: sequence, sourceText: invocation.sourceText,
            name: definition.signature.name, paramsJSON: parametersText, startedAt: started, endedAt: started,
            status: .ok)
        record.inputs = invocation.arguments.flatMap { argument in
            ValueJSON.handles(in: argument.value).map { handle in
                var ref = handle.ref
                ref.name = argument.name
                return ref
            }
        }

        let cacheable = definition.signature.isCacheable && !session.options.noCache
        // Only a cacheable command needs its path arguments read for a key (a never-cached `hash(path)`
        // would read its file twice).
        let (fingerprints, pathFingerprints) = definition.signature.isCacheable ? fingerprintsOfPathArguments() : ([:], nil)
        if let pathFingerprints {
            record.cacheKey = cacheKey(parameters: parametersText, pathFingerprints: pathFingerprints)
        }
        if cacheable, let key = record.cacheKey, let earlier = try ledger.cachedCommand(key: key),
           let resultText = earlier.resultJSON, let result = try? JSONParser.parse(resultText) {
            record.status = .cached
            record.cachedFrom = earlier.id
            // Same key, same arguments; the earlier row also holds the parameters derived while it ran
            // (lr_per_batch, steps), so a replay that runs it again records exactly these.
            record.paramsJSON = earlier.paramsJSON
            record.resultJSON = resultText
            record.inputs = earlier.inputs
            record.outputs = earlier.outputs
            record.outputText = earlier.outputText
            record.endedAt = Date().timeIntervalSince1970
            try ledger.record(record)
            earlier.outputText?.split(separator: "\n", omittingEmptySubsequences: false).forEach { session.output(String($0)) }
            return ValueJSON.value(fromResult: result)
        }

        let context = CommandContext(invocation: invocation, session: session, fingerprints: fingerprints)
        context.cacheKey = record.cacheKey
        do {
            let value = try definition.run(context)
            record.inputs += context.inputs
            record.outputs = context.outputs
            record.metrics = context.metrics
            record.tables = context.tables
            record.figures = context.figures
            record.outputText = context.printedText
            record.paramsJSON = withDerivedParameters(parameters, context)
            record.resultJSON = try ValueJSON.result(value).compactText()   // keeps record field order
            record.endedAt = Date().timeIntervalSince1970
            try ledger.record(record)
            for action in context.commitActions { action() }   // invariant 8
            return value
        } catch {
            record.status = .error
            record.errorText = String(describing: error)
            record.inputs += context.inputs
            record.metrics = context.metrics   // invariant 6
            record.outputText = context.printedText
            record.paramsJSON = withDerivedParameters(parameters, context)
            record.endedAt = Date().timeIntervalSince1970
            _ = try? ledger.record(record)   // the command's own error is what the user needs to see
            throw error
        }
    }

    /// Invariant 7: the recorded parameters with the derived ones appended (canonical text).
    private func withDerivedParameters(_ parameters: JSONValue, _ context: CommandContext) -> String {
        guard !context.derivedParameters.isEmpty, case .object(let members) = parameters else { return parameters.canonicalText() }
        let given = Set(members.map(\.key))
        return JSONValue.object(members + context.derivedParameters.filter { !given.contains($0.0) }).canonicalText()
    }

    /// Fingerprints by resolved path (the command reuses their file digests), and `name=fingerprint` for
    /// every path parameter in declaration order — nil when any path has no fingerprint (invariant 3).
    private func fingerprintsOfPathArguments() -> ([String: PathFingerprint.Result], [String]?) {
        var fingerprints: [String: PathFingerprint.Result] = [:]
        var parts: [String]? = []
        for name in definition.fileParameters {
            guard case .string(let path) = invocation[name] else { continue }
            let resolved = session.resolvePath(path)
            guard let fingerprint = try? PathFingerprint.of(path: resolved) else {
                parts = nil
                continue
            }
            fingerprints[resolved] = fingerprint
            parts?.append("\(name)=\(fingerprint.sha256)")
        }
        return (fingerprints, parts)
    }

    /// Invariant 3: the key covers the name, parameters, path contents and engine.
    private func cacheKey(parameters: String, pathFingerprints: [String]) -> String {
        // Results computed through OpenBLAS differ in their low bits: they never answer for smol's, or back.
        let engine = session.options.backend == .smol ? engineFingerprint : "\(engineFingerprint)+\(session.options.backend.rawValue)"
        return CacheKey.make(command: definition.signature.name, paramsJSON: parameters, inputs: pathFingerprints,
                             engineVersion: engine)
    }
}
