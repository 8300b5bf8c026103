import SmolCore

/// What a training command computes, independent of where it runs (DESIGN.md, "Beyond one machine"):
/// the method, the optimisation settings, the batch shape, the loss and the seed. `train.sft` and
/// `train.dpo` build one and either run it on smol's own `Trainer` or hand it to an external executor
/// (`TRLBundle`), which maps it onto that engine's arguments (`trlArguments`).
public struct TrainingRecipe: Sendable, Equatable {
    public enum Method: String, Sendable { case sft, dpo }

    public var method: Method
    public var settings: TrainingSettings
    /// Sequences (SFT) or pairs (DPO) per optimiser step, and per forward.
    public var batchSize: Int
    public var microBatchSize: Int
    public var maxLength: Int
    /// The data-order seed.
    public var seed: UInt64
    /// The chat template's name (the bundled tokenizer carries its text).
    public var template: String
    /// The id written into padding.
    public var padID: Int
    /// SFT: how per-token losses combine.
    public var reduction: LossReduction
    /// DPO: the loss, β and label smoothing.
    public var preferenceLoss: PreferenceLoss.Kind
    public var beta: Double
    public var labelSmoothing: Double

    public init(method: Method, settings: TrainingSettings, batchSize: Int, microBatchSize: Int, maxLength: Int, seed: UInt64,
                template: String, padID: Int, reduction: LossReduction = .sum, preferenceLoss: PreferenceLoss.Kind = .dpoNorm,
                beta: Double = 5, labelSmoothing: Double = 0) {
        self.method = method
        self.settings = settings
        self.batchSize = batchSize
        self.microBatchSize = microBatchSize
        self.maxLength = maxLength
        self.seed = seed
        self.template = template
        self.padID = padID
        self.reduction = reduction
        self.preferenceLoss = preferenceLoss
        self.beta = beta
        self.labelSmoothing = labelSmoothing
    }

    /// The recipe as smol states it (recipe.json's top level).
    public var json: JSONValue {
        let s = settings
        var members: [(key: String, value: JSONValue)] = [
            ("method", .string(method.rawValue)), ("lr", .number(s.learningRate)), ("steps", .number(Double(s.totalSteps))),
            ("warmup_steps", .number(Double(s.warmupSteps))), ("schedule", .string(s.schedule.rawValue)),
            ("weight_decay", .number(s.weightDecay)), ("beta1", .number(s.beta1)), ("beta2", .number(s.beta2)),
            ("epsilon", .number(s.epsilon)), ("max_grad_norm", .number(s.maxGradNorm)),
            ("batch_size", .number(Double(batchSize))), ("micro_batch", .number(Double(microBatchSize))),
            ("max_length", .number(Double(maxLength))), ("seed", .number(Double(seed))), ("template", .string(template)),
            ("pad_id", .number(Double(padID))),
        ]
        switch method {
        case .sft: members.append(("loss", .string(reduction.rawValue)))
        case .dpo:
            members += [("loss", .string(preferenceLoss.rawValue)), ("beta", .number(beta)), ("label_smoothing", .number(labelSmoothing))]
        }
        return .object(members)
    }

    // MARK: TRL

    /// Clipping threshold written when smol does not clip (`max_grad_norm` 0): high enough never to
    /// clip, so TRL still computes and logs the gradient norm as smol does.
    public static let noClipping = 1e9

    /// `SFTConfig` / `DPOConfig` keyword arguments (TRL 1.16) for this recipe; `train.py` adds
    /// output_dir and the accumulation steps for the number of processes. Throws for settings TRL has
    /// no equivalent of.
    public func trlArguments() throws -> JSONValue {
        let s = settings
        var args: [(key: String, value: JSONValue)] = [
            ("max_steps", .number(Double(s.totalSteps))), ("per_device_train_batch_size", .number(Double(microBatchSize))),
            ("learning_rate", .number(s.learningRate)), ("warmup_steps", .number(Double(s.warmupSteps))),
            ("weight_decay", .number(s.weightDecay)), ("adam_beta1", .number(s.beta1)), ("adam_beta2", .number(s.beta2)),
            ("adam_epsilon", .number(s.epsilon)), ("max_grad_norm", .number(s.maxGradNorm > 0 ? s.maxGradNorm : Self.noClipping)),
            ("optim", "adamw_torch"), ("seed", .number(Double(seed))), ("data_seed", .number(Double(seed))),
            ("logging_steps", 1), ("save_strategy", "no"), ("report_to", "none"), ("bf16", false), ("fp16", false),
            ("max_length", .number(Double(maxLength))), ("dataloader_drop_last", false), ("gradient_checkpointing", false),
        ]
        switch s.schedule {
        case .linear: args.append(("lr_scheduler_type", "linear"))
        case .constant: args.append(("lr_scheduler_type", "constant_with_warmup"))
        case .cosine:
            args.append(("lr_scheduler_type", "cosine_with_min_lr"))
            args.append(("lr_scheduler_kwargs", ["min_lr_rate": 0.1]))
        }
        switch method {
        case .sft:
            // The loss is train.py's compute_loss (sum or mean per micro-batch); nothing to set here.
            args.append(("packing", false))
        case .dpo:
            guard labelSmoothing == 0 else {
                throw TrainingError.invalid("label_smoothing \(labelSmoothing) has no TRL 1.16 equivalent (its sigmoid losses ignore it; robust DPO is another loss); export with label_smoothing: 0")
            }
            let lossType: String
            switch preferenceLoss {
            case .sigmoid: lossType = "sigmoid"
            case .dpoNorm: lossType = "sigmoid_norm"
            case .ipo: lossType = "ipo"
            }
            args += [("beta", .number(beta)), ("loss_type", .array([.string(lossType)])), ("precompute_ref_log_probs", true)]
        }
        return .object(args)
    }

    /// How each setting was mapped onto TRL, for recipe.json and the bundle's README.
    public var trlNotes: [String] {
        var notes = [
            "optimiser: torch AdamW (optim adamw_torch), betas/eps/weight decay as smol; HF excludes biases and norms from decay, as smol does",
            "schedule: \(settings.schedule.rawValue) -> \(settings.schedule == .linear ? "linear" : settings.schedule == .cosine ? "cosine_with_min_lr (min_lr_rate 0.1)" : "constant_with_warmup") with warmup_steps \(settings.warmupSteps) (smol's warmup is int(steps x warmup_ratio), as HF's)",
            settings.maxGradNorm > 0 ? "clipping: max_grad_norm \(settings.maxGradNorm)"
                : "clipping: smol does not clip (max_grad_norm 0); TRL gets max_grad_norm 1e9 so it logs the norm but never clips",
            "batch: per_device_train_batch_size \(microBatchSize) x gradient_accumulation_steps x processes = batch_size \(batchSize) (train.py derives the accumulation steps)",
            "data order: train.py feeds order.json's micro-batches (smol's seeded, length-grouped plan) on one process; on several it uses TRL's sampler (--data-order trl)",
            "tokens: data/train.tokenized.jsonl holds smol's token ids and masks (default); --data messages lets TRL apply the bundled chat template instead",
            "precision: f32 as smol (train.py --bf16 for GPUs)",
        ]
        switch method {
        case .sft:
            notes.append(reduction == .sum
                ? "loss sum: TRL's SFTTrainer averages over tokens, so train.py's compute_loss returns the sum of the micro-batch's assistant-token cross-entropies (open-instruct's --reduce_loss sum); the Trainer divides by the accumulation steps, as smol does"
                : "loss mean: train.py's compute_loss returns the mean over the micro-batch's assistant tokens, divided by the accumulation steps, as smol does (TRL's own averages over the whole step's tokens instead)")
        case .dpo:
            switch preferenceLoss {
            case .dpoNorm: notes.append("loss dpo_norm -> TRL loss_type sigmoid_norm: -log sigma(beta x (length-averaged chosen - rejected log-ratios)), the same function; TRL's rewards/* metrics stay beta x summed log-ratios")
            case .sigmoid: notes.append("loss sigmoid -> TRL loss_type sigmoid (summed log-probs)")
            case .ipo: notes.append("loss ipo -> TRL loss_type ipo: (averaged log-ratio difference - 1/(2 beta))^2, the same normalisation as smol")
            }
            notes.append("reference: the initial model's log-probs, precomputed once (precompute_ref_log_probs), as smol caches them")
        }
        notes.append("log: train.py writes loss (mean per supervised token, or per pair), lr (the step's rate), grad_norm, tokens and real_tokens into trainer_state.json under smol's names")
        return notes
    }
}
