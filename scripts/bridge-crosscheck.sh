#!/usr/bin/env bash
# Cross-checks smol's engine against Hugging Face TRL and lm-evaluation-harness on this CPU: (a) a tiny SFT
# recipe, (b) a tiny DPO recipe (per-step losses, final weights), (c) per-choice log-likelihoods on MMLU-format
# items. Prints one line per check with the largest difference; exits 1 when one is over its tolerance.
#   scripts/bridge-crosscheck.sh [OUT]     (EPOCHS=1 for a quicker run; SMOL=path/to/smol, default the debug build)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-${TMPDIR:-/tmp}/smol-bridge-crosscheck}"
SMOL_BRIDGE_PYTHON="${SMOL_BRIDGE_PYTHON:-$("$root/scripts/bridge-env.sh")}"
export SMOL_BRIDGE_PYTHON
smol="${SMOL:-$root/.build/debug/smol}"
[ -x "$smol" ] || (cd "$root" && swift build --product smol)
rm -rf "$out" && mkdir -p "$out"
log="$out/log.txt"
echo "bridge-crosscheck: training with smol and TRL (log: $log)" >&2
"$smol" run "$root/scripts/bridge/crosscheck.smol" --workspace "$out/ws" --set "out=\"$out\"" --set "epochs=${EPOCHS:-3}" >"$log" 2>&1 \
  || { tail -30 "$log" >&2; exit 1; }
echo "bridge-crosscheck: lm-evaluation-harness" >&2
PYTHON="$SMOL_BRIDGE_PYTHON" OMP_NUM_THREADS="${OMP_NUM_THREADS:-2}" "$out/lmeval-bundle/run.sh" >>"$log" 2>&1 || { tail -30 "$log" >&2; exit 1; }
"$smol" run "$root/scripts/bridge/crosscheck-import.smol" --workspace "$out/ws" --set "out=\"$out\"" >>"$log" 2>&1 \
  || { tail -30 "$log" >&2; exit 1; }
exec "$SMOL_BRIDGE_PYTHON" "$root/scripts/bridge/compare.py" "$out/ws" "$out"
