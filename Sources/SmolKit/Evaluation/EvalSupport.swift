import Foundation
import SmolCore
import SmolDatasets
import SmolEvaluation
import SmolKernels
import SmolLedger
import SmolModels
import SmolScript

/// A model argument of an eval command, loaded.
struct NamedModel {
    var name: String
    var handle: ArtifactHandle
    var bundle: ModelBundle
}

/// The helpers the `eval.*` commands share: reading model arguments, scorers, lineage tags, metrics.
enum EvalSupport {
    /// The models of argument `name`: one model, a list (named by their hash prefix), or a record of
    /// name → model (named by the keys).
    static func models(_ context: CommandContext, _ name: String) throws -> [NamedModel] {
        var named: [(String, Value)] = []
        switch context[name] {
        case .handle: named = [("", context[name])]
        case .list(let items): named = items.map { ("", $0) }
        case .record(let record): named = record.fields.map { ($0.name, $0.value) }
        default: break
        }
        guard !named.isEmpty else { throw SmolKitError.argument(name, "give a model, a list of models, or a record [name: model]") }
        var models: [NamedModel] = []
        for (label, value) in named {
            guard case .handle(let h) = value, let handle = h as? ArtifactHandle, handle.artifactKind == .model else {
                throw SmolKitError.argument(name, "expected models; got \(value.displayText)")
            }
            let display = label.isEmpty ? "model-" + handle.hash.prefix(8) : label
            guard !models.contains(where: { $0.name == display }) else {
                throw SmolKitError.argument(name, "model '\(display)' is given twice; name them with a record like [a: m1, b: m2]")
            }
            models.append(NamedModel(name: display, handle: handle, bundle: try context.load(handle, as: ModelBundle.self)))
        }
        return models
    }

    /// The engine a command runs on.
    static func engine(_ context: CommandContext) -> EngineOptions {
        EngineOptions(threads: context.threads, backend: context.session.options.backend)
    }

    /// The chat turn of a model's own template (`chat: true`); an error when its tokenizer has none.
    static func chatTurn(_ model: NamedModel) throws -> ChatTurn {
        guard let tokenizer = model.bundle.tokenizer else {
            throw SmolKitError.argument("chat", "needs a model with a tokenizer; \(model.name) has none")
        }
        return try ChatTurn(tokenizer: tokenizer)
    }

    /// A log-likelihood scorer for one model with the workspace's cache (read unless `--no-cache`).
    static func scorer(_ context: CommandContext, _ model: NamedModel) throws -> LoglikelihoodScorer {
        let backend = context.session.options.backend
        let identity = "\(model.handle.hash)|\(engineFingerprint)|\(backend.rawValue)"
        let cache = WorkspaceLoglikelihoodCache(workspaceRoot: context.session.workspace.root, identity: identity,
                                                reads: !context.session.options.noCache)
        let scorer = try LoglikelihoodScorer(bundle: model.bundle, identity: identity, engine: engine(context), cache: cache)
        scorer.isCancelled = { context.isCancelled }
        return scorer
    }

    /// The scalar parameters of the commands that made an artifact, nearest first (the command that
    /// output it, then the producers of that command's inputs, breadth-first, up to `depth` levels):
    /// the training parameters of a trained model (lr, batch, epochs, seed…), so sweeps pivot on them.
    static func lineageParameters(of hash: String, ledger: Ledger, depth: Int = 4) -> [String: String] {
        var found: [String: String] = [:]
        var frontier = [hash], seen = Set<String>([hash])
        for _ in 0..<depth where !frontier.isEmpty {
            var next: [String] = []
            for sha in frontier {
                guard let command = try? ledger.producer(of: sha), let id = command.id,
                      case .object(let params)? = try? JSONParser.parse(command.paramsJSON) else { continue }
                var fields = params.filter { $0.key != "tags" }
                if case .object(let tags)? = params.first(where: { $0.key == "tags" })?.value { fields = tags + fields }
                for (key, value) in fields where found[key] == nil {
                    switch value {
                    case .number(let x): found[key] = JSONValue.number(x).canonicalText()
                    case .bool(let b): found[key] = b ? "true" : "false"
                    case .string(let s) where s.count <= 120: found[key] = s
                    default: break
                    }
                }
                for edge in (try? ledger.edges(command: id)) ?? [] where edge.role == .input && seen.insert(edge.artifact.sha256).inserted {
                    next.append(edge.artifact.sha256)
                }
            }
            frontier = next
        }
        return found
    }

    /// The tags of a model's metric points: its lineage parameters, the user's tags, then model, task,
    /// condition and scoring (which win over same-named parameters).
    static func tags(_ context: CommandContext, model: EvaluatedModel?, userTags: [String: String], task: String, condition: String,
                     scoring: String) -> [String: String] {
        var tags: [String: String] = [:]
        if let model, !model.hash.isEmpty { tags = lineageParameters(of: model.hash, ledger: context.session.workspace.ledger) }
        tags.merge(userTags) { $1 }
        tags["model"] = model?.name ?? "responses"
        tags["task"] = task
        tags["condition"] = condition
        tags["scoring"] = scoring
        return tags
    }

    /// The `tags:` record as field → text.
    static func userTags(_ context: CommandContext, _ name: String = "tags") throws -> [String: String] {
        var tags: [String: String] = [:]
        for field in try context.record(name).fields {
            switch field.value {
            case .string(let s): tags[field.name] = s
            case .number(let x): tags[field.name] = JSONValue.number(x).canonicalText()
            case .bool(let b): tags[field.name] = b ? "true" : "false"
            default: throw SmolKitError.argument(name, "tag '\(field.name)' must be a string, number or bool")
            }
        }
        return tags
    }

    /// What every evaluation command does with its result: logs its accuracies as tagged metrics,
    /// prints its table, and stores it; returns the result's handle.
    static func publish(_ result: EvalResult, _ context: CommandContext) throws -> ArtifactHandle {
        logAccuracies(context, try result.accuracies(), models: result.models, userTags: try userTags(context))
        context.print(try EvalTables.markdown(result))
        return try context.output(result)
    }

    /// Logs `<task>.accuracy` for every cell, tagged with model, task, condition and scoring (and the
    /// model's lineage parameters and the user's tags).
    static func logAccuracies(_ context: CommandContext, _ cells: [AccuracyCell], models: [EvaluatedModel],
                              userTags: [String: String]) {
        for cell in cells where !cell.value.isNaN {
            let model = models.first { $0.name == cell.model } ?? EvaluatedModel(name: cell.model, hash: "")
            context.metric("\(cell.task).accuracy", cell.value,
                           tags: tags(context, model: model, userTags: userTags, task: cell.task, condition: cell.condition, scoring: cell.scoring))
        }
    }

    /// A dataset argument's records, the first `limit` when given.
    static func records(_ context: CommandContext, _ name: String, limit: Int?) throws -> (Dataset, [JSONValue]) {
        let dataset = try context.load(name, as: Dataset.self)
        if let limit {
            guard limit >= 1 else { throw SmolKitError.argument("limit", "is \(limit); give 1 or more items") }
            return (dataset, Array(dataset.records.prefix(limit)))
        }
        return (dataset, dataset.records)
    }

    /// A number for a script value; NaN (an undefined statistic, say τ of a constant ranking) is nil.
    static func number(_ x: Double) -> Value { x.isFinite ? .number(x) : .null }

    /// An evaluation error as the command's error.
    static func translate<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch EvaluationError.cancelled {
            throw SmolKitError.cancelled
        } catch let error as EvaluationError {
            throw SmolKitError.invalid(error.description)
        }
    }
}
