#!/usr/bin/env bash
# Prints the python of smol's reference environment (scripts/fixtures/requirements.txt), creating it
# once per machine outside the checkout: ${XDG_CACHE_HOME:-$HOME/.cache}/smol/pyenv-<sha256 prefix>.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/scripts/lib/venv.sh"
smol_venv pyenv "$root/scripts/fixtures/requirements.txt" "torch, transformers, tokenizers, sacrebleu, safetensors, numpy" "$@"
