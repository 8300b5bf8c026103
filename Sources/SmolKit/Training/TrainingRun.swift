import Foundation
import SmolCore
import SmolLedger
import SmolScript
import SmolTraining

/// Runs a `Trainer` on behalf of a command: resumes from the command's checkpoint, logs every step's
/// metrics at `step:`, shows progress, honours Ctrl-C, and turns training errors into command errors.
///
/// Checkpoints live in `<workspace>/checkpoints/<cache key>/`: re-running a script whose training
/// command was interrupted (killed, or cancelled) finds the same key and resumes from the last
/// checkpoint; the folder is removed once the finished command's ledger row is committed.
struct TrainingRun {
    let context: CommandContext

    var command: String { context.invocation.signature.name }

    /// The checkpoint policy of this call: nil when the call has no cache key (nothing can find it again).
    func checkpointPolicy() throws -> CheckpointPolicy? {
        guard let key = context.cacheKey else { return nil }
        let folder = context.checkpointFolder ?? context.session.workspace.root + "/checkpoints/" + key
        let arguments = try ValueJSON.result(.record(Record(context.invocation.arguments.map { ($0.name, $0.value) })))
        let run = JSONValue.object([("command", .string(command)), ("arguments", arguments)]).canonicalText()
        return CheckpointPolicy(store: CheckpointStore(folder: folder), identity: key, run: run)
    }

    /// Trains to the end. Metrics: every step's loss, lr, grad_norm, tokens (supervised), real_tokens,
    /// the objective's own, and tokens_per_second (measured; not for steps replayed from a checkpoint).
    func run<Objective: TrainingObjective>(_ trainer: Trainer<Objective>) throws {
        let policy = try checkpointPolicy()
        if let policy, !context.session.options.noCache || context.checkpointFolder != nil {
            do {
                if let checkpoint = try policy.store.load(identity: policy.identity) {
                    try trainer.resume(from: checkpoint, path: policy.store.path)
                    context.print("\(command): resumed from step \(checkpoint.state.step) of \(trainer.settings.totalSteps)")
                }
            } catch let error as TrainingError {
                throw SmolKitError.invalid(error.description)
            }
        }
        for logged in trainer.state.history { log(logged) }
        let started = Date().timeIntervalSince1970, firstStep = trainer.state.step
        var recent: [(tokens: Double, seconds: Double)] = []
        do {
            try trainer.run(checkpoints: policy, isCancelled: { context.isCancelled }, onStep: { report in
                log(report.logged)
                context.metric("tokens_per_second", report.tokensPerSecond, step: report.step)
                recent.append((report.logged["real_tokens"] ?? 0, report.seconds))
                if recent.count > 20 { recent.removeFirst() }
                let rate = recent.reduce(0) { $0 + $1.tokens } / max(recent.reduce(0) { $0 + $1.seconds }, 1e-9)
                let elapsed = Date().timeIntervalSince1970 - started
                let perStep = elapsed / Double(max(1, report.step - firstStep))
                context.progress(ProgressUpdate(command: command, step: report.step, total: report.totalSteps,
                                                loss: report.logged["loss"] ?? 0, tokensPerSecond: rate,
                                                secondsLeft: perStep * Double(report.totalSteps - report.step)))
            })
        } catch let error as TrainingError {
            throw SmolKitError.invalid(error.description)
        }
        if let policy { context.afterCommit { policy.store.remove() } }
    }

    private func log(_ logged: LoggedStep) {
        for (name, value) in logged.metrics { context.metric(name, value, step: logged.step) }
    }
}
