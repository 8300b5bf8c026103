#!/usr/bin/env bash
# The test suite: system packages, optional real data, a build, then `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
[ "${SMOL_SKIP_FETCH:-0}" = 1 ] || scripts/fetch-data.sh
swift build
swift test
