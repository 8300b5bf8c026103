#!/usr/bin/env bash
# The main job: system packages, the pinned downloads, a release build, then scripts/reproduce.smol into
# artifacts/, the paper rewritten from that ledger, and the ledger's canonical dump beside it.
#   scripts/reproduce.sh                  # the full studies (~7 minutes of running on 2 cores, plus the build)
#   scripts/reproduce.sh --set quick=true # every study on small budgets (~1.5 minutes); its paper goes to
#                                         # artifacts/quick/paper/, leaving the committed paper/ as it is
# Extra arguments go to `smol run` (--threads N, --no-cache, --set NAME=VALUE).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/fetch-data.sh
swift build -c release --product smol
workspace=artifacts
paper=paper
for argument in "$@"; do
  if [ "$argument" = "quick=true" ]; then
    workspace=artifacts/quick
    paper=artifacts/quick/paper
    mkdir -p "$paper"
    cp paper/README.md "$paper/README.md"
  fi
done
started=$(date +%s)
.build/release/smol run scripts/reproduce.smol --workspace "$workspace" "$@"
echo "reproduce: the studies ran in $(( $(date +%s) - started )) s" >&2
.build/release/smol report --workspace "$workspace" --out "$paper/tables" --figures "$paper/figures" --paper "$paper/README.md"
.build/release/smol ledger dump --workspace "$workspace" --out "$paper/ledger"
