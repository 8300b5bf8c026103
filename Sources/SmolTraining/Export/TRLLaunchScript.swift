// The launch script of a TRL bundle (`TRLBundle`), kept as text so the binary writes it without
// reading anything from the checkout.
extension TRLBundleFiles {
    /// train.py: SFTTrainer / DPOTrainer with smol's loss reduction, data order and per-step log.
    public static let trainScript = #"""
#!/usr/bin/env python3
"""Runs the recipe in recipe.json with Hugging Face TRL. Written by smol (see README.md); edit recipe.json, not this file.

The settings come from recipe.json's "trl" section (SFTConfig / DPOConfig arguments, mapped from smol's
recipe by smol). Three things TRL does not do the way smol does are done here:
  - sum reduction (smol's `loss: "sum"`, open-instruct's `--reduce_loss sum`): a custom compute_loss;
  - smol's data order (`--data-order smol`, the default on one process): the micro-batches of order.json;
  - the per-step log: loss (mean per supervised token / per pair), lr (the rate the step used), grad_norm,
    tokens and real_tokens, under smol's names, in trainer_state.json's log_history.
"""
import argparse
import json
import os
import sys

import torch
import torch.nn.functional as F
from datasets import Dataset
from torch.utils.data import DataLoader
from transformers import AutoModelForCausalLM, AutoTokenizer

HERE = os.path.dirname(os.path.abspath(__file__))


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


class SmolSteps:
    """Mixin for SFTTrainer / DPOTrainer: smol's data order and smol's per-step log.

    With smol's order each item of the data loader is one optimiser step: the list of its micro-batches,
    collated one by one. compute_loss runs backward on all but the last itself and returns the last, each
    divided by the step's micro-batch count, which is what smol does (an epoch's last, partial batch has
    fewer micro-batches); the Trainer runs one accumulation step per item. With TRL's order the Trainer
    accumulates as usual and compute_loss sees one micro-batch at a time."""

    smol_order = None   # [[micro-batch of example indices, ...] per optimiser step]

    def get_train_dataloader(self):
        if self.smol_order is None:
            return super().get_train_dataloader()
        steps = self.smol_order
        sizes = iter([[len(mb) for mb in step] for step in steps])
        collate = self.data_collator

        def collate_step(rows):
            micro_batches, start = [], 0
            for size in next(sizes):
                micro_batches.append(collate(rows[start:start + size]))
                start += size
            return micro_batches

        return DataLoader(self.train_dataset, batch_sampler=[[i for mb in step for i in mb] for step in steps],
                          collate_fn=collate_step, num_workers=0)

    def get_batch_samples(self, epoch_iterator, num_batches, device):
        if self.smol_order is None:
            return super().get_batch_samples(epoch_iterator, num_batches, device)
        samples = []
        for _ in range(num_batches):
            try:
                samples.append(next(epoch_iterator))
            except StopIteration:
                break
        return samples, None

    def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
        if not isinstance(inputs, list):
            return self.micro_batch_loss(model, inputs)
        count = len(inputs)
        for micro_batch in inputs[:-1]:
            self.accelerator.backward(self.micro_batch_loss(model, micro_batch) / count)
        return self.micro_batch_loss(model, inputs[-1]) / count

    def smol_tally(self, loss_sum, units, supervised, real):
        step = self.state.global_step
        tally = getattr(self, "_smol_tally", None)
        if tally is None or tally["step"] != step:
            tally = {"step": step, "loss_sum": 0.0, "units": 0, "tokens": 0, "real_tokens": 0,
                     "lr": self.lr_scheduler.get_last_lr()[0]}
            self._smol_tally = tally
        tally["loss_sum"] += float(loss_sum)
        tally["units"] += int(units)
        tally["tokens"] += int(supervised)
        tally["real_tokens"] += int(real)

    def log(self, logs, *args, **kwargs):
        tally = getattr(self, "_smol_tally", None)
        if tally is not None and "loss" in logs:
            logs["loss"] = tally["loss_sum"] / max(tally["units"], 1)
            logs["lr"] = tally["lr"]
            logs["tokens"] = tally["tokens"]
            logs["real_tokens"] = tally["real_tokens"]
            self._smol_tally = None
        return super().log(logs, *args, **kwargs)


def sft(recipe, args, model, tokenizer):
    from trl import SFTConfig, SFTTrainer

    reduction = recipe["loss"]

    class SmolSFTTrainer(SmolSteps, SFTTrainer):
        # compute_loss returns one micro-batch's loss; the Trainer divides it by the accumulation steps.
        loss_is_scaled_for_ga = False

        def _prepare_dataset(self, dataset, processing_class, args, packing, formatting_func, dataset_name):
            # smol's token ids and labels are used as they are: TRL would otherwise truncate and drop rows,
            # which shifts the indices of order.json (smol already cut at max_length and left out the empty).
            if "input_ids" in dataset.column_names:
                return dataset
            return super()._prepare_dataset(dataset, processing_class, args, packing, formatting_func, dataset_name)

        def micro_batch_loss(self, model, inputs):
            labels = inputs["labels"]
            mask = inputs.get("attention_mask")
            outputs = model(input_ids=inputs["input_ids"], attention_mask=mask, use_cache=False)
            logits = outputs.logits[:, :-1, :].float()                       # [B, T-1, V]
            targets = labels[:, 1:]                                           # [B, T-1]
            total = F.cross_entropy(logits.reshape(-1, logits.size(-1)), targets.reshape(-1),
                                    ignore_index=-100, reduction="sum")
            n = int((targets != -100).sum())
            real = int(mask.sum()) if mask is not None else inputs["input_ids"].numel()
            self.smol_tally(total.detach(), n, n, real)
            return total if reduction == "sum" else total / max(n, 1)

    if args.data == "tokenized":
        rows = read_jsonl(os.path.join(HERE, "data", "train.tokenized.jsonl"))
        dataset = Dataset.from_list([{"input_ids": r["input_ids"], "labels": r["labels"]} for r in rows])
    else:
        dataset = Dataset.from_list([{"messages": r["messages"]} for r in read_jsonl(os.path.join(HERE, "data", "train.jsonl"))])
    config = SFTConfig(**trl_arguments(recipe, args, args.data_order == "smol"))
    if args.data == "messages":
        config.assistant_only_loss = True
    trainer = SmolSFTTrainer(model=model, args=config, train_dataset=dataset, processing_class=tokenizer)
    return trainer


def dpo(recipe, args, model, tokenizer):
    from trl import DPOConfig, DPOTrainer

    class SmolDPOTrainer(SmolSteps, DPOTrainer):
        loss_is_scaled_for_ga = False

        def _prepare_dataset(self, dataset, processing_class, args, dataset_name):
            # smol's token ids are used as they are (TRL 1.16 has no switch to skip its tokenisation).
            if "prompt_ids" in dataset.column_names:
                return dataset
            return super()._prepare_dataset(dataset, processing_class, args, dataset_name)

        def micro_batch_loss(self, model, inputs):
            loss = DPOTrainer.compute_loss(self, model, inputs)
            pairs = inputs["input_ids"].size(0) // 2
            scored = int(inputs["completion_mask"][:, 1:].sum())
            self.smol_tally(loss.detach() * pairs, pairs, scored, int(inputs["attention_mask"].sum()))
            return loss

    if args.data == "tokenized":
        rows = read_jsonl(os.path.join(HERE, "data", "train.tokenized.jsonl"))
        dataset = Dataset.from_list([{k: r[k] for k in ("prompt_ids", "chosen_ids", "rejected_ids")} for r in rows])
    else:
        rows = read_jsonl(os.path.join(HERE, "data", "train.jsonl"))
        dataset = Dataset.from_list([{k: r[k] for k in ("prompt", "chosen", "rejected")} for r in rows])
    config = DPOConfig(**trl_arguments(recipe, args, args.data_order == "smol"))
    return SmolDPOTrainer(model=model, ref_model=None, args=config, train_dataset=dataset, processing_class=tokenizer)


def trl_arguments(recipe, args, smol_order):
    kwargs = dict(recipe["trl"]["args"])
    kwargs["output_dir"] = args.output
    world = int(os.environ.get("WORLD_SIZE", "1"))
    per_step = recipe["batch_size"] // (recipe["micro_batch"] * world)
    if per_step * recipe["micro_batch"] * world != recipe["batch_size"]:
        sys.exit(f"train.py: batch_size {recipe['batch_size']} is not micro_batch {recipe['micro_batch']} x {world} processes "
                 "x a whole number of accumulation steps; edit recipe.json's micro_batch")
    kwargs["gradient_accumulation_steps"] = per_step
    if smol_order:   # one data-loader item per optimiser step (see SmolSteps)
        kwargs["gradient_accumulation_steps"] = 1
    if args.bf16:
        kwargs["bf16"] = True
    if args.deepspeed:
        kwargs["deepspeed"] = args.deepspeed
    return kwargs


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=os.path.join(HERE, "output"), help="where the model and trainer_state.json go")
    parser.add_argument("--data-order", choices=["smol", "trl"], default=None,
                        help="smol: the micro-batches of order.json (default on one process); trl: TRL's own shuffled sampler")
    parser.add_argument("--data", choices=["tokenized", "messages"], default="tokenized",
                        help="tokenized: smol's token ids and masks (default); messages: let TRL apply the bundled chat template")
    parser.add_argument("--bf16", action="store_true", help="bf16 mixed precision (GPUs); smol trains in f32")
    parser.add_argument("--deepspeed", default=None, help="a DeepSpeed config, e.g. ds_zero2.json or ds_zero3.json")
    args = parser.parse_args()
    world = int(os.environ.get("WORLD_SIZE", "1"))
    args.data_order = order = args.data_order or ("smol" if world == 1 else "trl")
    if order == "smol" and (world > 1 or args.data != "tokenized"):
        sys.exit("train.py: --data-order smol needs one process and --data tokenized; use --data-order trl")

    with open(os.path.join(HERE, "recipe.json"), encoding="utf-8") as f:
        recipe = json.load(f)
    torch.manual_seed(recipe["seed"])
    model_dir = os.path.join(HERE, "model")
    model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32)
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.convert_ids_to_tokens(recipe["pad_id"])
    trainer = (sft if recipe["method"] == "sft" else dpo)(recipe, args, model, tokenizer)
    if order == "smol":
        with open(os.path.join(HERE, "order.json"), encoding="utf-8") as f:
            trainer.smol_order = json.load(f)["steps"]
    trainer.train()
    trainer.save_model(args.output)
    trainer.save_state()
    print(f"train.py: finished {trainer.state.global_step} steps; model and trainer_state.json in {args.output}", flush=True)


if __name__ == "__main__":
    main()
"""#
}
