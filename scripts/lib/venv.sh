# Sourced by scripts/python-env.sh and scripts/bridge-env.sh: smol_venv NAME REQUIREMENTS IMPORTS [--existing]
# prints the python of a virtual environment made once per machine outside the checkout, at
# ${XDG_CACHE_HOME:-$HOME/.cache}/smol/NAME-<sha256 prefix of REQUIREMENTS>, from those pinned requirements.
# A marker file written last means a half-made environment is rebuilt; IMPORTS (Python modules, comma-separated)
# are imported once to prove it works. --existing only reports an environment already built (exit 1 if none).
# Progress goes to stderr.
smol_venv() {
  local name=$1 requirements=$2 imports=$3 mode=${4:-}
  local python=${PYTHON:-python3}
  command -v "$python" >/dev/null || { echo "$name-env: $python is not on PATH; install Python 3.11+" >&2; return 1; }
  local digest env_dir marker cuda
  digest=$(sha256sum "$requirements" | cut -c1-12)
  env_dir="${XDG_CACHE_HOME:-$HOME/.cache}/smol/$name-$digest"
  marker="$env_dir/.smol-complete"
  if [ -f "$marker" ] && [ -x "$env_dir/bin/python" ]; then
    echo "$env_dir/bin/python"
    return 0
  fi
  [ "$mode" != "--existing" ] || return 1
  echo "$name-env: creating $env_dir ($imports)" >&2
  rm -rf "$env_dir"
  mkdir -p "$(dirname "$env_dir")"
  "$python" -m venv "$env_dir"
  "$env_dir/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" >&2
  # The CPU wheel of torch needs no CUDA runtime; a package named nvidia-* or triton means the CUDA
  # build of torch (3 GB) came in instead.
  cuda=$("$env_dir/bin/python" -m pip list --format=freeze 2>/dev/null | grep -iE '^(nvidia-|triton|cuda)' || true)
  if [ -n "$cuda" ]; then
    echo "$name-env: CUDA packages were installed, refusing the environment:" >&2
    echo "$cuda" >&2
    rm -rf "$env_dir"
    return 1
  fi
  "$env_dir/bin/python" -c "import $imports; import torch; assert not torch.version.cuda" >&2
  "$env_dir/bin/python" -m pip freeze > "$marker"
  echo "$env_dir/bin/python"
}
