#!/usr/bin/env bash
# The test suite: system packages, optional real data, the import check, debug and release builds, then
# `swift test` (the REPL's terminal tests drive both builds).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
[ "${SMOL_SKIP_FETCH:-0}" = 1 ] || scripts/fetch-data.sh
scripts/check-imports.py
swift build --build-tests --explicit-target-dependency-import-check error
swift build -c release --product smol
SMOL_TEST_RELEASE=1 swift test
