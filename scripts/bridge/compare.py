#!/usr/bin/env python3
"""Compares what smol and TRL / lm-evaluation-harness computed in scripts/bridge/crosscheck.smol's workspace:
prints one line per check with the largest difference (and exits 1 when one is over its tolerance).

usage: compare.py WORKSPACE OUT   (run with the bridge environment's python)"""
import json
import os
import sqlite3
import sys

import numpy as np
from safetensors.numpy import load_file

# Tolerances the checks are held to (README "TRL / lm-evaluation-harness bridge" states the measured values).
LOSS_RELATIVE = 1e-3
LOGLIKELIHOOD_ABSOLUTE = 1e-4


def step_metrics(db, command, executor):
    """{step: {name: value}} of the last `command` whose params say executor `executor`."""
    rows = db.execute("select id, params_json from commands where name = ? and status = 'ok' order by id", (command,)).fetchall()
    ids = [i for i, params in rows if (json.loads(params).get("executor") or "smol") == executor]
    if not ids:
        sys.exit(f"compare: no finished {command} with executor {executor} in the ledger")
    out = {}
    for name, step, value in db.execute("select name, step, value from metrics where command_id = ? and step is not null", (ids[-1],)):
        out.setdefault(step, {})[name] = value
    return out


def weights_difference(a, b):
    ta, tb = load_file(os.path.join(a, "model.safetensors")), load_file(os.path.join(b, "model.safetensors"))
    if set(ta) != set(tb):
        sys.exit(f"compare: {a} and {b} hold different tensors")
    return max(float(np.max(np.abs(ta[k].astype(np.float64) - tb[k].astype(np.float64)))) for k in ta)


def training_check(db, out, label, command):
    smol, trl = step_metrics(db, command, "smol"), step_metrics(db, command, "trl")
    if sorted(smol) != sorted(trl):
        sys.exit(f"compare: {label}: smol logged steps {sorted(smol)}, TRL {sorted(trl)}")
    worst, at = 0.0, 0
    for step in sorted(smol):
        a, b = smol[step]["loss"], trl[step]["loss"]
        rel = abs(a - b) / max(abs(a), 1e-12)
        if rel > worst:
            worst, at = rel, step
    lr = max(abs(smol[s]["lr"] - trl[s]["lr"]) / max(smol[s]["lr"], 1e-30) for s in smol)
    norm = max(abs(smol[s]["grad_norm"] - trl[s]["grad_norm"]) / max(smol[s]["grad_norm"], 1e-30) for s in smol)
    tokens = all(smol[s]["tokens"] == trl[s]["tokens"] for s in smol)
    w = weights_difference(os.path.join(out, f"{label}-smol"), os.path.join(out, f"{label}-trl"))
    ok = worst <= LOSS_RELATIVE and tokens
    print(f"{label}: {len(smol)} steps, per-step loss max relative difference {worst:.2e} (step {at}; tolerance {LOSS_RELATIVE:.0e}), "
          f"lr {lr:.1e}, grad_norm {norm:.2e}, tokens {'equal' if tokens else 'DIFFER'}; final weights max |difference| {w:.2e}"
          f" -> {'ok' if ok else 'FAIL'}")
    return ok


def per_choice(path):
    """{(condition, doc_id, slot, kind): log-likelihood} of an eval.save folder's samples.jsonl."""
    out = {}
    with open(os.path.join(path, "samples.jsonl"), encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            for choice in record["choices"]:
                for kind in ("symbol", "hybrid", "cloze", "unconditional"):
                    if kind in choice:
                        out[(record["condition"], record["doc_id"], choice["slot"], kind)] = choice[kind]["ll"]
    return out


def loglikelihood_check(out):
    smol, harness = per_choice(os.path.join(out, "mcq-smol")), per_choice(os.path.join(out, "mcq-lmeval"))
    if set(smol) != set(harness):
        print(f"lm-eval: records differ: {len(smol)} from smol, {len(harness)} from lm-eval -> FAIL")
        return False
    worst = max(abs(smol[k] - harness[k]) for k in smol)
    ok = worst <= LOGLIKELIHOOD_ABSOLUTE
    print(f"lm-eval: {len(smol)} per-choice log-likelihoods, max |difference| {worst:.2e} (tolerance {LOGLIKELIHOOD_ABSOLUTE:.0e}) -> {'ok' if ok else 'FAIL'}")
    return ok


def main():
    workspace, out = sys.argv[1], sys.argv[2]
    db = sqlite3.connect(os.path.join(workspace, "ledger.sqlite"))
    results = [training_check(db, out, "sft", "train.sft"), training_check(db, out, "dpo", "train.dpo"), loglikelihood_check(out)]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
