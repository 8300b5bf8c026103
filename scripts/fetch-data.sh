#!/usr/bin/env bash
# Fetches the real models and data the optional tests use into downloads/ (ignored by git).
# Each fetcher pins versions and checks SHA-256; a failed fetch only means those tests are skipped.
set -uo pipefail
cd "$(dirname "$0")/.."
for fetcher in scripts/fetch-smollm2.sh scripts/fetch-llama-vocab.sh scripts/fetch-datasets.sh scripts/fetch-gettext.sh; do
  [ -x "$fetcher" ] || continue
  "$fetcher" || echo "fetch-data: $fetcher failed; the tests that need its files will be skipped" >&2
done
