import Foundation
import SmolCore
import SmolDatasets
import SmolLedger
import SmolModels
import SmolScript
import SmolTraining

/// The executor seam of `train.sft` and `train.dpo` (DESIGN.md, "what vs where"): the command builds a
/// `TrainingRecipe`; with `executor: "trl"` it is written as a `TRLBundle` (stored in the ledger as a
/// `bundle` artifact) and either left for a cluster or run here on the CPU and imported back, the way
/// `train.import` imports a run finished elsewhere.
struct ExternalTraining {
    static let parameters: [Parameter] = [
        Parameter("executor", .string, default: .string("smol"), choices: ["smol", "trl"],
                  doc: "smol: train here on smol's engine; trl: write a Hugging Face TRL bundle (model, data, launch script, accelerate/DeepSpeed configs)"),
        Parameter("bundle", .optional(.string), default: .null,
                  doc: "executor trl: the folder to write (default: <workspace>/bundles/<command key>)"),
        Parameter("run", .bool, default: .bool(false),
                  doc: "executor trl: run the bundle on this CPU with $SMOL_BRIDGE_PYTHON (scripts/bridge-env.sh) and import the model; false: return the bundle for a cluster"),
    ]
    /// A model (trained here, or by TRL and imported), or the bundle left for a cluster.
    static let returns: ValueType = .oneOf([.handle(.model), .handle(.bundle)])

    let context: CommandContext
    let folder: String
    let runsHere: Bool

    /// The seam of this call, or nil when smol's own engine trains.
    init?(_ context: CommandContext) throws {
        guard try context.string("executor") == "trl" else { return nil }
        self.context = context
        if try context.optionalString("bundle") != nil {
            folder = try context.path("bundle")
        } else {
            folder = context.session.workspace.root + "/bundles/" + String((context.cacheKey ?? UUID().uuidString).prefix(16))
        }
        runsHere = try context.bool("run")
    }

    /// Writes the bundle; runs and imports it when asked. Returns the model or the bundle handle.
    func run(_ recipe: TrainingRecipe, model: ModelBundle, records: [JSONValue], examples: TRLBundle.Examples,
             plan: BatchPlan) throws -> Value {
        context.derivedParameter("lr_per_batch", recipe.settings.learningRate / Double(recipe.batchSize))
        context.derivedParameter("steps", Double(recipe.settings.totalSteps))
        let files = try TrainCommands.training {
            try TRLBundle.write(recipe: recipe, model: model, records: records, examples: examples,
                               steps: plan.steps(recipe.settings.totalSteps, inMicroBatchesOf: recipe.microBatchSize), to: folder)
        }
        let metadata = JSONValue.object([("executor", "trl"), ("method", .string(recipe.method.rawValue)), ("path", .string(folder))])
        let ref = try context.store.putTree(files, kind: .bundle, metadataJSON: metadata.canonicalText())
        let handle = context.output(ref, summary: "bundle trl \(recipe.method.rawValue) \(recipe.settings.totalSteps) steps",
                                    properties: [("path", .string(folder))])
        guard runsHere else {
            context.print("\(context.invocation.signature.name): TRL bundle written to \(folder) (see its README.md; train.import its output folder when it has run)")
            return .handle(handle)
        }
        try Self.launch(context, folder: folder)
        return try Self.importRun(context, folder: folder + "/output", bundleGiven: true)
    }

    // MARK: Running

    /// Runs the bundle's train.py with the bridge environment's python, its output streamed to stderr;
    /// a non-zero exit is an error quoting the last lines. Nothing is fetched: the hub is offline.
    static func launch(_ context: CommandContext, folder: String) throws {
        let environment = ProcessInfo.processInfo.environment
        guard let python = environment["SMOL_BRIDGE_PYTHON"], FileManager.default.isExecutableFile(atPath: python) else {
            throw SmolKitError.argument("run", "needs SMOL_BRIDGE_PYTHON, the python of the bridge environment: export SMOL_BRIDGE_PYTHON=$(scripts/bridge-env.sh); or run the bundle's launch.sh yourself and train.import its output")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [folder + "/train.py", "--output", folder + "/output"]
        process.environment = environment.merging([
            "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HOME": folder + "/.hf",
            "PYTHONUNBUFFERED": "1", "TOKENIZERS_PARALLELISM": "false", "OMP_NUM_THREADS": String(context.threads),
        ]) { _, new in new }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { throw SmolKitError.invalid("cannot start \(python): \(error)") }
        var tail: [String] = [], pending: [UInt8] = []
        let handle = pipe.fileHandleForReading
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            FileHandle.standardError.write(chunk)
            pending += chunk
            while let newline = pending.firstIndex(of: 0x0A) {
                tail.append(String(decoding: pending[..<newline], as: UTF8.self))
                pending.removeSubrange(...newline)
                if tail.count > 20 { tail.removeFirst() }
            }
            if context.isCancelled { process.terminate() }
        }
        process.waitUntilExit()
        if context.isCancelled { throw SmolKitError.cancelled }
        guard process.terminationStatus == 0 else {
            throw SmolKitError.invalid("\(folder)/train.py exited with status \(process.terminationStatus); its last lines:\n" + tail.joined(separator: "\n"))
        }
    }

    // MARK: Importing

    /// Imports a finished Hugging Face Trainer output folder: its files (and the bundle that made it,
    /// unless the caller recorded it: the folder's parent when it holds recipe.json) as inputs, its per-step log as metrics, the model as
    /// the output.
    static func importRun(_ context: CommandContext, folder: String, bundleGiven: Bool) throws -> Value {
        let run = try TrainCommands.training { try TrainerOutput(folder: folder) }
        if !bundleGiven, let enclosing = try enclosingBundle(of: folder, context) {
            context.input(enclosing, role: "bundle")
        }
        for name in run.modelFiles { try context.input(fileAt: folder + "/" + name, role: name, store: false) }
        try context.input(fileAt: run.statePath, role: "trainer_state.json", store: false)
        let model: ModelBundle
        do { model = try ModelBundle.load(path: folder) } catch {
            throw SmolKitError.invalid("\(folder): the saved model does not load: \(error)")
        }
        if let recipe = try? JSONParser.parse([UInt8](FileManager.default.contents(atPath: folder + "/../recipe.json") ?? Data())),
           let lr = recipe["lr"]?.doubleValue, let batch = recipe["batch_size"]?.doubleValue, batch > 0 {
            context.derivedParameter("lr_per_batch", lr / batch)
        }
        context.derivedParameter("steps", Double(run.globalStep))
        for step in run.steps { for (name, value) in step.metrics { context.metric(name, value, step: step.step) } }
        for (name, value) in run.summary { context.metric("run." + name, value) }
        return .handle(try context.output(model, metadata: [("executor", "trl"), ("source", .string(folder))]))
    }

    /// The bundle a run's output folder sits in (its parent holds recipe.json), stored as a tree
    /// without the run's own files (output/, .hf/, .venv/).
    static func enclosingBundle(of folder: String, _ context: CommandContext) throws -> ArtifactRef? {
        let parent = URL(fileURLWithPath: folder).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: parent + "/recipe.json") else { return nil }
        let skipped = URL(fileURLWithPath: folder).lastPathComponent
        var files: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: parent)
        while let name = enumerator?.nextObject() as? String {
            let top = name.split(separator: "/").first.map(String.init) ?? name
            if top == skipped || top.hasPrefix(".") { enumerator?.skipDescendants(); continue }
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: parent + "/" + name, isDirectory: &isFolder), !isFolder.boolValue {
                files[name] = parent + "/" + name
            }
        }
        return try context.store.putTree(files, kind: .bundle, metadataJSON: JSONValue.object([("path", .string(parent))]).canonicalText())
    }

    static let importCommand = CommandDefinition(
        CommandSignature("train.import", summary: "Imports a finished TRL / open-instruct run (model folder with trainer_state.json) into the ledger: the model, and per-step metrics under smol's names.",
                         parameters: [
                             Parameter("path", .string, positional: true,
                                       doc: "the run's output folder: config.json, model.safetensors (or sharded + index), tokenizer, trainer_state.json"),
                             Parameter("bundle", .optional(.handle(.bundle)), default: .null,
                                       doc: "the bundle the run was made from (default: the folder's parent when it holds recipe.json)"),
                         ], returns: .handle(.model), cacheable: false)
    ) { context in
        // A bundle given as an argument is already an input (the runner records handle arguments).
        var given = false
        if case .handle = context["bundle"] { given = try context.artifact("bundle", kind: .bundle).ref.sha256 != "" }
        return try importRun(context, folder: try context.path("path"), bundleGiven: given)
    }
}
