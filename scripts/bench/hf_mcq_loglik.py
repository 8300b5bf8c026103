#!/usr/bin/env python3
"""The transformers side of scripts/bench-eval.sh: scores the multiple-choice requests smol recorded
(samples.jsonl written by eval.save) with Hugging Face transformers on the CPU, the way
lm-evaluation-harness's HFLM does, times it, and checks the numbers against smol's.

lm-evaluation-harness's way (HFLM.loglikelihood):
  - encoding: trailing whitespace of the context moves into the continuation; context + continuation are
    encoded whole and split at the token length of the context alone; no special tokens; an empty
    context becomes the prefix token (BOS, else EOS);
  - the model reads (context + continuation)[:-1]; requests whose inputs are equal share one forward
    (the harness's Collator groups by context + continuation[:-1], which makes one-token continuations
    of one context a single forward);
  - inputs are sorted longest first and batched (--batch), padded on the right.
Measurement only: this file is never a dependency of smol.

Usage: hf_mcq_loglik.py --model HF_FOLDER --samples samples.jsonl [--threads 2] [--batch 8]
Prints one line: key=value pairs (items, requests, forwards, tokens, seconds, items_per_s, max_abs_dll,
agreement per scoring)."""
import argparse
import json
import time

import torch
import torch.nn.functional as F
from transformers import AutoModelForCausalLM, AutoTokenizer

KINDS = ("symbol", "hybrid", "cloze", "unconditional")


def encode_pair(tokenizer, prefix_token, context, continuation):
    if context == "":
        return [prefix_token], tokenizer.encode(continuation, add_special_tokens=False)
    stripped = context.rstrip()
    continuation = context[len(stripped):] + continuation
    whole = tokenizer.encode(stripped + continuation, add_special_tokens=False)
    context_ids = tokenizer.encode(stripped, add_special_tokens=False)
    return context_ids, whole[len(context_ids):]


def predict(choices, scoring):
    def score(c):
        length = max(len(c["text"]), 1)
        if scoring == "symbol":
            return c["symbol"]["ll"]
        if scoring == "cloze_norm":
            return c["cloze"]["ll"] / length
        if scoring == "hybrid":
            return c["hybrid"]["ll"] / length
        if scoring == "pmi":
            return c["cloze"]["ll"] - c["unconditional"]["ll"]
        raise ValueError(scoring)
    scores = [score(c) for c in choices]
    return max(range(len(scores)), key=lambda i: (scores[i], -i))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True)
    parser.add_argument("--samples", required=True)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch", type=int, default=8)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    tokenizer = AutoTokenizer.from_pretrained(args.model)
    model = AutoModelForCausalLM.from_pretrained(args.model, torch_dtype=torch.float32)
    model.eval()
    prefix_token = tokenizer.bos_token_id if tokenizer.bos_token_id is not None else tokenizer.eos_token_id

    records = [json.loads(line) for line in open(args.samples) if line.strip()]
    records = [r for r in records if r.get("type") == "mcq"]
    requests = []   # (record index, choice index, kind, context, continuation, smol ll)
    for i, r in enumerate(records):
        for j, c in enumerate(r["choices"]):
            for kind in KINDS:
                if kind in c:
                    requests.append((i, j, kind, r["contexts"].get(kind, ""), c[kind]["continuation"], c[kind]["ll"]))

    started = time.perf_counter()
    encoded = [encode_pair(tokenizer, prefix_token, ctx, cont) for (_, _, _, ctx, cont, _) in requests]
    # One forward per distinct input (context + continuation)[:-1]; each request reads its tail.
    inputs = {}
    for ctx, cont in encoded:
        key = tuple((ctx + cont)[:-1])
        inputs.setdefault(key, None)
    order = sorted(inputs.keys(), key=len, reverse=True)
    logprobs = {}
    tokens = 0
    with torch.no_grad():
        for start in range(0, len(order), args.batch):
            batch = order[start:start + args.batch]
            width = len(batch[0])
            ids = torch.zeros((len(batch), width), dtype=torch.long)
            mask = torch.zeros((len(batch), width), dtype=torch.long)
            for b, seq in enumerate(batch):
                ids[b, :len(seq)] = torch.tensor(seq)
                mask[b, :len(seq)] = 1
                tokens += len(seq)
            out = F.log_softmax(model(input_ids=ids, attention_mask=mask).logits.float(), dim=-1)
            for b, seq in enumerate(batch):
                logprobs[seq] = out[b, :len(seq)]
    results = []
    for ctx, cont in encoded:
        rows = logprobs[tuple((ctx + cont)[:-1])]
        first = len(ctx) - 1
        picked = [rows[first + t, tok] for t, tok in enumerate(cont)]
        greedy = all(int(rows[first + t].argmax()) == tok for t, tok in enumerate(cont))
        results.append((sum(float(x) for x in picked), greedy))
    seconds = time.perf_counter() - started

    max_diff = max(abs(ll - smol_ll) for (ll, _), (*_, smol_ll) in zip(results, requests))
    for (i, j, kind, *_), (ll, _) in zip(requests, results):
        records[i]["choices"][j][kind]["ll"] = ll
    agreement = []
    for scoring, kinds in (("symbol", ["symbol"]), ("cloze_norm", ["cloze"]), ("hybrid", ["hybrid"]), ("pmi", ["cloze", "unconditional"])):
        usable = [r for r in records if all(k in c for c in r["choices"] for k in kinds)]
        if not usable:
            continue
        hf_correct = sum(predict(r["choices"], scoring) == r["gold"] for r in usable)
        same = sum(predict(r["choices"], scoring) == r["predictions"].get(scoring) for r in usable)
        agreement.append(f"acc_{scoring}={hf_correct / len(usable):.4f} same_prediction_{scoring}={same}/{len(usable)}")
    items = len({(r["model"], r["condition"], r["doc_id"]) for r in records})
    print(f"transformers items={items} requests={len(requests)} forwards={len(order)} tokens={tokens} "
          f"seconds={seconds:.2f} items_per_s={items / seconds:.3f} threads={args.threads} batch={args.batch} "
          f"max_abs_dll={max_diff:.2e} " + " ".join(agreement))


if __name__ == "__main__":
    main()
