import SmolCore
import SmolDatasets
import SmolLedger
import SmolModels
import SmolScript
import SmolTokenizers
import SmolTraining

/// `eval.rm` and `eval.loss`: how a trained reward model ranks held-out pairs, and a model's held-out
/// next-token loss (on the assistant tokens of conversations, or every token of text).
enum TrainEvalCommands {
    static var all: [CommandDefinition] { [rewardModel, loss] }
    typealias A = TrainingArguments

    static let rewardModel = CommandDefinition(
        CommandSignature("eval.rm", summary: "Pairwise accuracy and mean margin r(chosen) − r(rejected) of a reward model on preference pairs.",
                         parameters: [
                             Parameter("rm", .handle(.rewardModel), positional: true, doc: "reward model (train.rm)"),
                             Parameter("prefs", .handle(.dataset), positional: true, doc: "held-out preference pairs"),
                             A.maxLength(2048), A.template,
                             Parameter("micro_batch", .integer, default: .number(8),
                                       doc: "sequences per forward (not batch_size, so reports pivot on the training run's batch_size)"),
                         ], returns: .record)
    ) { context in
        let model = try context.load("rm", as: RewardModel.self)
        let data = try context.load("prefs", as: Dataset.self)
        guard let tokenizer = model.tokenizer else { throw SmolKitError.argument("rm", "has no tokenizer to read the pairs with") }
        let maxLength = try A.positive(context, "max_length")
        let pairs = try TrainCommands.training {
            try PreferencePairs(dataset: data, tokenizer: tokenizer, template: try A.chatTemplate(context, tokenizer: tokenizer),
                                maxLength: maxLength, threads: context.threads)
        }
        let result = RewardEvaluation(model: model, pairs: pairs, batchSize: try A.positive(context, "micro_batch"), engine: A.engine(context))
        context.metric("rm.accuracy", result.accuracy)
        context.metric("rm.margin", result.meanMargin)
        context.metric("rm.pairs", Double(result.pairs))
        return .record(Record([("accuracy", .number(result.accuracy)), ("margin", .number(result.meanMargin)),
                               ("pairs", .number(Double(result.pairs)))]))
    }

    static let loss = CommandDefinition(
        CommandSignature("eval.loss", summary: "Held-out next-token loss (metric heldout_loss): on assistant tokens of conversations (as SFT trains), or on every token of text.",
                         parameters: [
                             Parameter("model", .handle(.model), positional: true, doc: "model with a tokenizer"),
                             Parameter("data", .handle(.dataset), positional: true, doc: "conversations or text"),
                             A.maxLength(1024), A.template,
                             Parameter("micro_batch", .integer, default: .number(8),
                                       doc: "sequences per forward (not batch_size, so reports pivot on the training run's batch_size)"),
                             Parameter("tags", .record, default: .emptyRecord, doc: "fields to pivot reports on, e.g. [family: \"gsm-like\"]"),
                         ], returns: .number)
    ) { context in
        let bundle = try context.load("model", as: ModelBundle.self)
        let data = try context.load("data", as: Dataset.self)
        let tokenizer = try A.tokenizer(bundle)
        let maxLength = try A.positive(context, "max_length")
        let examples: SupervisedExamples
        if data.schema == .sft {
            examples = try TrainCommands.training {
                try SupervisedExamples(dataset: data, tokenizer: tokenizer, template: try A.chatTemplate(context, tokenizer: tokenizer),
                                       maxLength: maxLength, threads: context.threads)
            }
        } else {
            let eos = try A.eos(bundle, tokenizer)
            let ids = tokenizer.encodeBatch(data.records.map(RecordText.of), threads: context.threads).map { Array(($0 + [eos]).prefix(maxLength)) }
            examples = SupervisedExamples(ids: ids, labels: ids)
        }
        let result = HeldOutLoss(model: bundle.model, examples: examples, batchSize: try A.positive(context, "micro_batch"),
                                 padID: A.padID(bundle, tokenizer), engine: A.engine(context))
        context.metric("heldout_loss", result.meanLoss)
        context.metric("heldout_loss.tokens", Double(result.tokens))
        return .number(result.meanLoss)
    }
}
