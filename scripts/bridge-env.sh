#!/usr/bin/env bash
# Prints the python of smol's TRL / lm-evaluation-harness bridge (scripts/bridge/requirements.txt), creating
# it once per machine outside the checkout: ${XDG_CACHE_HOME:-$HOME/.cache}/smol/bridge-<sha256 prefix>.
# A marker file written last means a half-made environment is rebuilt. Progress goes to stderr.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
requirements="$root/scripts/bridge/requirements.txt"
python=${PYTHON:-python3}
command -v "$python" >/dev/null || { echo "bridge-env: $python is not on PATH; install Python 3.11+" >&2; exit 1; }
digest=$(sha256sum "$requirements" | cut -c1-12)
env_dir="${XDG_CACHE_HOME:-$HOME/.cache}/smol/bridge-$digest"
marker="$env_dir/.smol-complete"
if [ -f "$marker" ] && [ -x "$env_dir/bin/python" ]; then
  echo "$env_dir/bin/python"
  exit 0
fi
# --existing: only report an environment that is already built (scripts/test.sh), never build one.
[ "${1:-}" != "--existing" ] || exit 1
echo "bridge-env: creating $env_dir (torch CPU, transformers, trl, accelerate, datasets, lm_eval)" >&2
rm -rf "$env_dir"
mkdir -p "$(dirname "$env_dir")"
"$python" -m venv "$env_dir"
"$env_dir/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" >&2
# The CPU wheel of torch needs no CUDA runtime; a package named nvidia-* or triton means the CUDA
# build of torch (3 GB) came in instead.
cuda=$("$env_dir/bin/python" -m pip list --format=freeze 2>/dev/null | grep -iE '^(nvidia-|triton|cuda)' || true)
if [ -n "$cuda" ]; then
  echo "bridge-env: CUDA packages were installed, refusing the environment:" >&2
  echo "$cuda" >&2
  rm -rf "$env_dir"
  exit 1
fi
"$env_dir/bin/python" -c "import torch, transformers, trl, accelerate, datasets, lm_eval, safetensors; assert not torch.version.cuda" >&2
"$env_dir/bin/python" -m pip freeze > "$marker"
echo "$env_dir/bin/python"
