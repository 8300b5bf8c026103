#!/usr/bin/env bash
# The test suite: system packages, optional real data, the reference Python environment, a build,
# then `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
[ "${SMOL_SKIP_FETCH:-0}" = 1 ] || scripts/fetch-data.sh
# The differential tests run against transformers / tokenizers in this environment; without it they
# are skipped, each saying why.
if [ -z "${SMOL_PYTHON:-}" ]; then
  if ! command -v python3 >/dev/null; then
    echo "test: python3 is not installed; the differential tests against transformers and tokenizers will be skipped" >&2
  elif SMOL_PYTHON=$(scripts/python-env.sh); then
    export SMOL_PYTHON
  else
    unset SMOL_PYTHON
    echo "test: scripts/python-env.sh failed; the differential tests against transformers and tokenizers will be skipped" >&2
  fi
fi
swift build
swift test
