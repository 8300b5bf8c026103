import Foundation
import SmolCore
import SmolLedger
import SmolScript

/// The engine version folded into every cache key: bump it when a command's outputs change meaning.
public let smolVersion = "0.1.0"

/// Runs one command call: memoisation, the command body, and its ledger record.
///
/// Invariants:
/// 1. Every call that starts becomes exactly one `commands` row (ok, error or cached), written in one
///    transaction with its edges and metrics after the body finished — a kill before that leaves no row.
/// 2. Output artifacts are in the store before the row that names them is committed.
/// 3. The cache key is SHA-256 of (name, canonical parameters, hashes of file inputs, smolVersion and
///    the matrix backend);
///    handles appear in the parameters by their artifact hash, so inputs are part of the key.
/// 4. A cached answer is only given when every output artifact of the earlier call is still in the store.
/// 5. A cached answer prints what the earlier call printed, so warnings (skipped lines…) are never lost.
struct CommandRunner {
    let session: Session
    let definition: CommandDefinition
    let invocation: CommandInvocation

    func run() throws -> Value {
        let started = Date().timeIntervalSince1970
        let ledger = session.workspace.ledger
        let parameters = JSONValue.object(try invocation.arguments.map { ($0.name, try ValueJSON.parameter($0.value)) })
        let parametersText = parameters.canonicalText()
        let sequence = session.nextSequence
        session.nextSequence += 1
        var record = CommandRecord(
            sessionID: session.sessionID, sequence: sequence, sourceText: invocation.sourceText,
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
        let fileDigests = digestsOfFileArguments()
        if definition.signature.isCacheable {
            record.cacheKey = cacheKey(parameters: parametersText, fileDigests: fileDigests)
        }
        if cacheable, let key = record.cacheKey, let earlier = try ledger.cachedCommand(key: key),
           let resultText = earlier.resultJSON, let result = try? JSONParser.parse(resultText) {
            record.status = .cached
            record.cachedFrom = earlier.id
            record.resultJSON = resultText
            record.inputs = earlier.inputs
            record.outputs = earlier.outputs
            record.outputText = earlier.outputText
            record.endedAt = Date().timeIntervalSince1970
            try ledger.record(record)
            earlier.outputText?.split(separator: "\n", omittingEmptySubsequences: false).forEach { session.output(String($0)) }
            return ValueJSON.value(fromResult: result)
        }

        let context = CommandContext(invocation: invocation, session: session, fileDigests: fileDigests)
        do {
            let value = try definition.run(context)
            record.inputs += context.inputs
            record.outputs = context.outputs
            record.metrics = context.metrics
            record.tables = context.tables
            record.figures = context.figures
            record.outputText = context.printedText
            record.resultJSON = try ValueJSON.result(value).compactText()   // keeps record field order
            record.endedAt = Date().timeIntervalSince1970
            try ledger.record(record)
            return value
        } catch {
            record.status = .error
            record.errorText = String(describing: error)
            record.inputs += context.inputs
            record.outputText = context.printedText
            record.endedAt = Date().timeIntervalSince1970
            _ = try? ledger.record(record)   // the command's own error is what the user needs to see
            throw error
        }
    }

    /// SHA-256 and size of each file argument that exists, by resolved path.
    private func digestsOfFileArguments() -> [String: FileDigest] {
        var digests: [String: FileDigest] = [:]
        for name in definition.fileParameters {
            guard case .string(let path) = invocation[name] else { continue }
            let resolved = session.resolvePath(path)
            digests[resolved] = try? FileDigest(ofFileAt: resolved)
        }
        return digests
    }

    /// Invariant 3: the key covers the name, parameters, file contents and engine version.
    private func cacheKey(parameters: String, fileDigests: [String: FileDigest]) -> String {
        let files = definition.fileParameters.compactMap { name -> String? in
            guard case .string(let path) = invocation[name] else { return nil }
            let digest = fileDigests[session.resolvePath(path)]?.sha256 ?? "missing"
            return "\(name)=\(digest)"
        }
        // Results computed through OpenBLAS differ in their low bits: they never answer for smol's, or back.
        let engine = session.options.backend == .smol ? smolVersion : "\(smolVersion)+\(session.options.backend.rawValue)"
        return CacheKey.make(command: definition.signature.name, paramsJSON: parameters, inputs: files,
                             engineVersion: engine)
    }
}
