#!/usr/bin/env bash
# Prints the python of smol's TRL / lm-evaluation-harness bridge (scripts/bridge/requirements.txt), creating
# it once per machine outside the checkout: ${XDG_CACHE_HOME:-$HOME/.cache}/smol/bridge-<sha256 prefix>.
# --existing: only report an environment that is already built (scripts/test.sh), never build one.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/scripts/lib/venv.sh"
smol_venv bridge "$root/scripts/bridge/requirements.txt" "torch, transformers, trl, accelerate, datasets, lm_eval, safetensors" "$@"
