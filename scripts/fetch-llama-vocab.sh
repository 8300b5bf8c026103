#!/usr/bin/env bash
# Fetches llama.cpp's tokenizer test vocabularies (gpt-2 and starcoder: .gguf, .gguf.inp, .gguf.out)
# from the PyPI sdist of llama-cpp-python 0.3.36 (MIT) into downloads/llama-vocab/.
# Idempotent: does nothing when the files are already there; the sdist is sha256-checked.
#
# The sdist is fetched with --no-binary for llama-cpp-python only: pip prepares its metadata, and with
# `--no-binary :all:` it would also build cmake and ninja from source for that step.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/lib/fetch.sh"
OUT_DIR="$ROOT/downloads/llama-vocab"
VERSION="0.3.36"
SHA256="832db0699007f1be95a7e41ef12e88926b02ba836461e36a36372db2760c1a2e"
NAMES=(gpt-2 starcoder)

complete=1
for name in "${NAMES[@]}"; do
  for ext in gguf gguf.inp gguf.out; do
    [[ -s "$OUT_DIR/ggml-vocab-$name.$ext" ]] || complete=0
  done
done
if [[ $complete == 1 ]]; then
  echo "fetch-llama-vocab: $OUT_DIR already complete"
  exit 0
fi

mkdir -p "$OUT_DIR"
sdist="$(pip_fetch "llama-cpp-python==$VERSION" --no-binary llama-cpp-python)"
require_sha256 "$sdist" "$SHA256"

members=()
for name in "${NAMES[@]}"; do
  for ext in gguf gguf.inp gguf.out; do
    members+=("llama_cpp_python-$VERSION/vendor/llama.cpp/models/ggml-vocab-$name.$ext")
  done
done
tar xzf "$sdist" -C "$OUT_DIR" --strip-components=4 "${members[@]}"
ls -l "$OUT_DIR"
