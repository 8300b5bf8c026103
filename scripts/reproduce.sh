#!/usr/bin/env bash
# The main job: system packages, a release build, then scripts/reproduce.smol into artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release
.build/release/smol run scripts/reproduce.smol --workspace artifacts "$@"
.build/release/smol report --workspace artifacts --out paper/tables --figures paper/figures --paper paper/README.md
.build/release/smol ledger dump --workspace artifacts --out paper/ledger
