import Foundation
import SmolCore
import SmolDatasets
import SmolKernels
import SmolModels
import SmolTensor
import SmolTraining
import Testing

@Suite struct TrainerTests {
    static func sftTrainer(threads: Int, steps: Int = 4, checkpointEvery: Int = 0, lr: Double = 1e-2,
                           reduction: LossReduction = .sum) throws -> (Trainer<SFTObjective>, LanguageModel) {
        let model = microModel()
        let objective = try SFTObjective(model: model, examples: microExamples(), batchSize: 4, microBatchSize: 2,
                                         reduction: reduction, padID: 0, seed: 11)
        let settings = TrainingSettings(learningRate: lr, totalSteps: steps, warmupSteps: 1, weightDecay: 0.01,
                                        maxGradNorm: 1, checkpointEvery: checkpointEvery)
        return (try Trainer(objective: objective, settings: settings, engine: EngineOptions(threads: threads)), model)
    }

    /// The loss falls on data it sees repeatedly, and every logged metric is there.
    @Test func sftLossFallsAndStepsAreLogged() throws {
        let (trainer, _) = try Self.sftTrainer(threads: 1, steps: 12)
        var reports: [StepReport] = []
        try trainer.run(onStep: { reports.append($0) })
        #expect(reports.map(\.step) == Array(1...12))
        let first = try #require(reports.first?.logged), last = try #require(reports.last?.logged)
        #expect(first.names == ["loss", "lr", "grad_norm", "tokens", "real_tokens"])
        let lastLoss = try #require(last["loss"]), firstLoss = try #require(first["loss"])
        #expect(lastLoss < firstLoss)
        #expect(first["lr"] == 0)   // HF's linear warmup: the first step runs at 0
        #expect(reports.allSatisfy { ($0.logged["tokens"] ?? 0) > 0 && ($0.logged["real_tokens"] ?? 0) >= ($0.logged["tokens"] ?? 0) })
    }

    /// CheckpointStore invariant 3: two runs, on 1 and on 2 threads, write identical checkpoints.
    @Test func checkpointsAreIdenticalAcrossRunsAndThreadCounts() throws {
        var hashes: [String] = []
        for threads in [1, 2, 1] {
            let folder = temporaryFolder("ckpt")
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let (trainer, _) = try Self.sftTrainer(threads: threads, steps: 4, checkpointEvery: 3)
            let policy = CheckpointPolicy(store: CheckpointStore(folder: folder), identity: "test")
            try trainer.run(checkpoints: policy)
            hashes.append(try fileHash(policy.store.path))
        }
        #expect(Set(hashes).count == 1, "\(hashes)")
    }

    /// Trainer invariant 4: cancelled after step 2 and resumed on another thread count, a run ends with
    /// the weights and log of an uninterrupted one.
    @Test func cancelAndResumeEqualsAnUninterruptedRun() throws {
        let (whole, wholeModel) = try Self.sftTrainer(threads: 1, steps: 5)
        try whole.run()

        let folder = temporaryFolder("resume")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let policy = CheckpointPolicy(store: CheckpointStore(folder: folder), identity: "run-a")
        let (first, _) = try Self.sftTrainer(threads: 1, steps: 5)
        var finished = 0
        #expect(throws: TrainingError.cancelled(step: 2, checkpoint: policy.store.path)) {
            try first.run(checkpoints: policy, isCancelled: { finished == 2 }, onStep: { finished = $0.step })
        }
        let (second, secondModel) = try Self.sftTrainer(threads: 2, steps: 5)
        let checkpoint = try #require(try policy.store.load(identity: "run-a"))
        #expect(checkpoint.state.step == 2)
        try second.resume(from: checkpoint, path: policy.store.path)
        try second.run(checkpoints: policy)
        #expect(secondModel.weightsDigest() == wholeModel.weightsDigest())
        #expect(second.state.history == whole.state.history)
    }

    /// CheckpointStore invariants 4 and 5: another run's checkpoint is refused; temporary files of a
    /// killed write are removed, never read.
    @Test func checkpointsOfOtherRunsAndStaleTemporaryFilesAreNotUsed() throws {
        let folder = temporaryFolder("other")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = CheckpointStore(folder: folder)
        let (trainer, _) = try Self.sftTrainer(threads: 1, steps: 3, checkpointEvery: 1)
        try trainer.run(checkpoints: CheckpointPolicy(store: store, identity: "mine"))
        try Data("half a checkpoint".utf8).write(to: URL(fileURLWithPath: folder + "/.tmp-checkpoint.safetensors-XXXX"))
        #expect(throws: TrainingError.self) { _ = try store.load(identity: "someone else") }
        let step = try store.load(identity: "mine")?.state.step
        #expect(step == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["checkpoint.safetensors"])
    }

    /// SFT masks: changing a token that is masked and comes after every supervised token (a trailing
    /// user turn, or padding) leaves every gradient bit-for-bit unchanged; changing a supervised token does not.
    @Test(arguments: [LossReduction.sum, .mean])
    func perturbingAMaskedTokenLeavesEveryGradientUnchanged(reduction: LossReduction) throws {
        let examples = microExamples()
        func gradients(_ edit: (inout SupervisedExamples) -> Void) throws -> [[Float]] {
            var data = examples
            edit(&data)
            let model = microModel()
            let objective = try SFTObjective(model: model, examples: data, batchSize: 4, microBatchSize: 4, reduction: reduction,
                                             padID: 0, seed: 11)
            let tape = Tape(engine: EngineOptions(threads: 2))
            tape.backward(from: objective.forward(tape, [0, 1, 2, 3], of: 1).loss)
            return model.parameters.map(\.tensor.gradient)
        }
        let baseline = try gradients { _ in }
        // Example 0 ends in a masked user turn; example 3 too. Change its last token.
        #expect(examples.labels[0].last == -100 && examples.labels[3].last == -100)
        let perturbed = try gradients { $0.ids[0][$0.ids[0].count - 1] = 7; $0.ids[3][$0.ids[3].count - 2] = 9 }
        #expect(perturbed == baseline)
        // A supervised token changes the gradients (the test can see a difference).
        let supervised = try #require(examples.labels[1].firstIndex { $0 != -100 })
        let changed = try gradients { $0.ids[1][supervised] = ($0.ids[1][supervised] + 1) % 90 + 2; $0.labels[1][supervised] = $0.ids[1][supervised] }
        #expect(changed != baseline)
    }

    @Test func paddingNeverChangesTheGradients() throws {
        let examples = microExamples()
        func gradients(pad: Int) throws -> [[Float]] {
            let model = microModel()
            let objective = try SFTObjective(model: model, examples: examples, batchSize: 4, microBatchSize: 4, reduction: .sum,
                                             padID: pad, seed: 11)
            let tape = Tape()
            tape.backward(from: objective.forward(tape, [4, 5, 6, 7], of: 1).loss)
            return model.parameters.map(\.tensor.gradient)
        }
        let zero = try gradients(pad: 0), other = try gradients(pad: 17)
        #expect(zero == other)
    }

    /// A NaN in a gradient stops the run naming the step and the first parameter affected; nothing
    /// was updated for that step (Trainer invariant 2).
    @Test func aNonFiniteGradientStopsWithTheStepAndTheParameter() throws {
        final class Poisoned: TrainingObjective {
            let inner: SFTObjective
            let step: Int, parameter: String
            var calls = 0
            init(_ inner: SFTObjective, step: Int, parameter: String) { self.inner = inner; self.step = step; self.parameter = parameter }
            var parameters: [(name: String, tensor: Tensor)] { inner.parameters }
            func nextBatch(_ cursor: inout BatchPlan.Cursor) -> [[Int]] { calls += 1; return inner.nextBatch(&cursor) }
            func forward(_ tape: Tape, _ batch: [Int], of count: Int) -> ObjectiveOutput {
                var out = inner.forward(tape, batch, of: count)
                if calls == step, let p = inner.model.parameter(parameter) {
                    out.loss = tape.add(out.loss, tape.scale(tape.sum(p), by: .nan))
                }
                return out
            }
        }
        let model = microModel()
        let inner = try SFTObjective(model: model, examples: microExamples(), batchSize: 4, microBatchSize: 2, reduction: .sum,
                                     padID: 0, seed: 11)
        let name = "model.layers.1.mlp.up_proj.weight"
        let trainer = try Trainer(objective: Poisoned(inner, step: 3, parameter: name),
                                  settings: TrainingSettings(learningRate: 1e-2, totalSteps: 5, checkpointEvery: 1),
                                  engine: EngineOptions())
        let folder = temporaryFolder("nan")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var digestAfterStep2 = ""
        var error: TrainingError?
        do {
            try trainer.run(checkpoints: CheckpointPolicy(store: CheckpointStore(folder: folder), identity: "nan"), onStep: { report in
                if report.step == 2 { digestAfterStep2 = model.weightsDigest() }
            })
        } catch let e as TrainingError { error = e }
        guard case let .nonFinite(step, parameter, _)? = error else { Issue.record("expected nonFinite, got \(String(describing: error))"); return }
        #expect(step == 3)
        #expect(parameter == name)
        #expect(model.weightsDigest() == digestAfterStep2)
        #expect(trainer.state.step == 2)
        let saved = try CheckpointStore(folder: folder).load(identity: "nan")?.state.step
        #expect(saved == 2)
        #expect(String(describing: error!).contains("step 3") && String(describing: error!).contains(name))
    }

    /// Pretraining windows are packed, never padded: each step sees batch × length real tokens.
    @Test func pretrainingPacksDocumentsIntoWindows() throws {
        let corpus = PackedCorpus(stream: (0..<101).map { Int32($0 % 90) }, length: 10)
        #expect(corpus.windowCount == 10)
        #expect(Array(corpus.window(9).targets) == (91...100).map { Int32($0 % 90) })
        let objective = try PretrainingObjective(model: microModel(), corpus: corpus, batchSize: 4, seed: 1)
        let trainer = try Trainer(objective: objective, settings: TrainingSettings(learningRate: 1e-2, totalSteps: 3), engine: EngineOptions())
        var reports: [StepReport] = []
        try trainer.run(onStep: { reports.append($0) })
        #expect(reports.allSatisfy { $0.logged["tokens"] == 40 && $0.logged["real_tokens"] == 40 })
    }
}
