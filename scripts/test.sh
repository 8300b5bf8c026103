#!/usr/bin/env bash
# The test suite: system packages, optional real data, the reference Python environment (transformers,
# tokenizers, CPU torch) for the differential tests, the import check, debug and release builds, then
# `swift test` (the REPL's terminal tests drive both builds).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
[ "${SMOL_SKIP_FETCH:-0}" = 1 ] || scripts/fetch-data.sh
# Without python3 the differential tests are skipped, each saying why; with it, a failure to make the
# environment fails the run (nothing skips on a machine that can run them).
if [ -z "${SMOL_PYTHON:-}" ]; then
  if command -v python3 >/dev/null; then
    SMOL_PYTHON=$(scripts/python-env.sh)
    export SMOL_PYTHON
  else
    echo "test: python3 is not installed; the differential tests against transformers and tokenizers will be skipped" >&2
  fi
fi
# The TRL / lm-evaluation-harness cross-check runs when its environment was built (scripts/bridge-env.sh,
# a few minutes of pip once per machine); otherwise its test is skipped with a message.
if [ -z "${SMOL_BRIDGE_PYTHON:-}" ] && SMOL_BRIDGE_PYTHON=$(scripts/bridge-env.sh --existing); then export SMOL_BRIDGE_PYTHON; fi
scripts/check-imports.py
swift build --build-tests --explicit-target-dependency-import-check error
swift build -c release --product smol
SMOL_TEST_RELEASE=1 swift test
