#!/usr/bin/env bash
# Engine throughput side by side with PyTorch (scripts/bench/torch_tiny_llama.py), interleaved in one
# sitting: ROUNDS rounds of [smol bench, torch tiny train, torch tiny score, torch smollm2 score] per thread
# count; prints every line, then the medians. PyTorch (CPU) comes from the reference environment of
# scripts/python-env.sh, or $SMOL_PYTHON (measurement only, never a dependency of smol).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-3}
torch_script=${TORCH_BENCH:-scripts/bench/torch_tiny_llama.py}
python=${SMOL_PYTHON:-$(scripts/python-env.sh)}
swift build -c release --product smol >/dev/null
log=$(mktemp)
for threads in 1 2; do
  for round in $(seq "$rounds"); do
    .build/release/smol bench --threads "$threads" --json | sed "s/^/smol threads=$threads /" | tee -a "$log"
    for job in "tiny train" "tiny score" "smollm2 score"; do
      set -- $job
      "$python" "$torch_script" --config "$1" --mode "$2" --threads "$threads" | tee -a "$log"
    done
  done
done
python3 - "$log" <<'PY'
import json, re, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    if line.startswith("smol threads="):
        threads, payload = re.match(r"smol threads=(\d+) (.*)", line).groups()
        r = json.loads(payload)
        rows.setdefault((r["name"], "smol", threads), []).append(r["tokensPerSecond"])
    elif line.startswith("torch "):
        f = dict(kv.split("=", 1) for kv in line.split() if "=" in kv)
        name = {"tiny train": "tiny train B8xT256", "tiny score": "tiny score B8xT256",
                "smollm2 score": "smollm2-135m forward B1xT512"}[f"{f['config']} {f['mode']}"]
        rows.setdefault((name, "torch", f["threads"]), []).append(float(f["tok_s_median"]))
names = ["tiny train B8xT256", "tiny score B8xT256", "smollm2-135m forward B1xT512"]
print("\n| tokens/s (median) | smol 1 thr | torch 1 thr | smol 2 thr | torch 2 thr |\n|---|---:|---:|---:|---:|")
for n in names:
    cells = []
    for t in ("1", "2"):
        for who in ("smol", "torch"):
            v = rows.get((n, who, t))
            cells.append(f"{statistics.median(v):,.0f}" if v else "-")
    print(f"| {n} | " + " | ".join(cells) + " |")
PY
rm -f "$log"
