#!/usr/bin/env bash
# Fetches llama.cpp's tokenizer test vocabularies (gpt-2 and starcoder: .gguf, .gguf.inp, .gguf.out)
# from the PyPI sdist of llama-cpp-python 0.3.36 (MIT) into downloads/llama-vocab/.
# Idempotent: does nothing when the files are already there; the sdist is sha256-checked.
#
# The sdist is fetched with --no-binary for llama-cpp-python only: pip prepares its metadata, and with
# `--no-binary :all:` it would also build cmake and ninja from source for that step.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PIP_DIR="$ROOT/downloads/pip"
OUT_DIR="$ROOT/downloads/llama-vocab"
VERSION="0.3.36"
SDIST="llama_cpp_python-$VERSION.tar.gz"
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

mkdir -p "$PIP_DIR" "$OUT_DIR"
if [[ ! -f "$PIP_DIR/$SDIST" ]] || ! echo "$SHA256  $PIP_DIR/$SDIST" | sha256sum -c --quiet - 2>/dev/null; then
  rm -f "$PIP_DIR/$SDIST"
  pip download --no-deps --no-binary llama-cpp-python -d "$PIP_DIR" "llama-cpp-python==$VERSION"
fi
echo "$SHA256  $PIP_DIR/$SDIST" | sha256sum -c --quiet - || {
  echo "fetch-llama-vocab: error: $PIP_DIR/$SDIST does not have sha256 $SHA256; delete it and rerun" >&2
  exit 1
}

members=()
for name in "${NAMES[@]}"; do
  for ext in gguf gguf.inp gguf.out; do
    members+=("llama_cpp_python-$VERSION/vendor/llama.cpp/models/ggml-vocab-$name.$ext")
  done
done
tar xzf "$PIP_DIR/$SDIST" -C "$OUT_DIR" --strip-components=4 "${members[@]}"
ls -l "$OUT_DIR"
