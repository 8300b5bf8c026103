#!/usr/bin/env bash
# Fuzzes smol's parsers of untrusted input with libFuzzer + AddressSanitizer (not part of CI).
#
#   scripts/fuzz.sh [TARGET|all] [SECONDS]   build Fuzz/ and run one or every target for SECONDS each (default 60)
#   scripts/fuzz.sh TARGET FILE...           run the target once on each FILE (reproduce a crash)
#
# TARGET: json safetensors gguf tokenizer datasets gettext script. Corpora grow in Fuzz/corpus/<target>/ and
# crash-/timeout-/oom- reproducers land in Fuzz/crashes/<target>/ (both git-ignored). Limits: 10 s per
# input, 2048 MB RSS (and per malloc). Extra libFuzzer flags: FUZZ_ARGS="-jobs=2 -workers=2".
# Targets run one after another: the build machine is shared.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TARGETS=(json safetensors gguf tokenizer datasets gettext script)
TARGET=${1:-all}
shift || true

if [[ $TARGET == all ]]; then
    RUN=("${TARGETS[@]}")
elif [[ " ${TARGETS[*]} " == *" $TARGET "* ]]; then
    RUN=("$TARGET")
else
    echo "scripts/fuzz.sh: unknown target '$TARGET'; use one of: all ${TARGETS[*]}" >&2
    exit 2
fi

# SwiftPM names path packages after their folder: a checkout itself called "fuzz" would clash with
# Fuzz/, so then the harness package is copied out (sources only; its .build stays) and pointed back.
PKG=Fuzz
if [[ $(basename "$ROOT" | tr '[:upper:]' '[:lower:]') == fuzz ]]; then
    PKG=${XDG_CACHE_HOME:-$HOME/.cache}/smol-fuzz-harness
    mkdir -p "$PKG" && rm -rf "$PKG/Sources" && cp -a Fuzz/Package.swift Fuzz/Sources "$PKG/"
    export SMOL_FUZZ_ROOT=$ROOT
fi

# libFuzzer instruments only optimised code: always -c release (see SWIFT-NOTES §7). SwiftPM passes
# `--sanitize fuzzer --sanitize address` as two -sanitize= flags in set order and swiftc keeps only the
# last, so a build got either coverage or ASan at random; one combined flag after them gets both.
SANITIZE=(-c release --sanitize fuzzer -Xswiftc -sanitize=fuzzer,address)
echo "== building Fuzz/ (release, fuzzer + address sanitizers)"
for t in "${RUN[@]}"; do
    swift build --package-path "$PKG" "${SANITIZE[@]}" --product "fuzz-$t" 2>&1 \
        | grep -v "Cannot export local symbol '__asan_extra_spill_area'" | tail -n 20
    [[ ${PIPESTATUS[0]} == 0 ]] || { echo "scripts/fuzz.sh: build of fuzz-$t failed" >&2; exit 1; }
done
BIN=$(swift build --package-path "$PKG" "${SANITIZE[@]}" --show-bin-path)

for t in "${RUN[@]}"; do  # refuse to fuzz blind: both coverage counters and ASan must be linked in
    if command -v readelf >/dev/null && [[ $(readelf -S "$BIN/fuzz-$t" | grep -c __sancov_cntrs) == 0 ]]; then
        echo "scripts/fuzz.sh: $BIN/fuzz-$t has no coverage instrumentation" >&2; exit 1
    fi
    if command -v nm >/dev/null && [[ $(nm "$BIN/fuzz-$t" | grep -c __asan_report_load8) == 0 ]]; then
        echo "scripts/fuzz.sh: $BIN/fuzz-$t has no AddressSanitizer" >&2; exit 1
    fi
done

export SWIFT_BACKTRACE=enable=no          # swift-backtrace can hang under ASan/libFuzzer
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=0}
export SMOL_FUZZ_TOKENIZER=${SMOL_FUZZ_TOKENIZER:-$ROOT/Tests/Fixtures/tokenizer-a/tokenizer.json}
[[ -f $SMOL_FUZZ_TOKENIZER ]] || unset SMOL_FUZZ_TOKENIZER
LIMITS=(-timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048)

# Reproduce: TARGET FILE...
if [[ $# -gt 0 && ! $1 =~ ^[0-9]+$ ]]; then
    timeout 120 "$BIN/fuzz-${RUN[0]}" "${LIMITS[@]}" "$@"
    exit $?
fi
SECONDS_EACH=${1:-60}

seed() {  # seed TARGET: hand-made seeds, plus real files when this machine has them
    local t=$1 corpus=Fuzz/corpus/$1
    mkdir -p "$corpus"
    local seeds; seeds=$(mktemp -d)
    python3 Fuzz/make-seeds.py "$seeds"
    cp -n "$seeds/$t"/* "$corpus"/ 2>/dev/null || true
    rm -rf "$seeds"
    local fixtures=$ROOT/Tests/Fixtures downloads=$ROOT/downloads
    case $t in
        tokenizer) [[ -f $fixtures/tokenizer-a/tokenizer.json ]] && cp -n "$fixtures/tokenizer-a/tokenizer.json" "$corpus/real-tokenizer-a" || true ;;
        json) [[ -f $fixtures/tiny-llama-a/config.json ]] && cp -n "$fixtures/tiny-llama-a/config.json" "$corpus/real-config" || true ;;
        gettext)
            for f in "$downloads"/gettext/ar/*.mo; do [[ -f $f ]] && cp -n "$f" "$corpus/real-$(basename "$f")" || true; done ;;
        datasets)
            for f in "$downloads"/datasets/*.jsonl; do
                [[ -f $f ]] && { printf '\x00'; head -c 3000 "$f" | head -n 3; } > "$corpus/real-$(basename "$f")" || true
            done ;;
    esac
}

status=0
for t in "${RUN[@]}"; do
    seed "$t"
    mkdir -p "Fuzz/crashes/$t"
    dict=(); [[ -f Fuzz/dicts/$t.dict ]] && dict=(-dict=Fuzz/dicts/$t.dict)
    echo "== fuzz-$t for ${SECONDS_EACH}s (corpus Fuzz/corpus/$t, crashes Fuzz/crashes/$t)"
    # shellcheck disable=SC2086
    timeout $((SECONDS_EACH + 120)) "$BIN/fuzz-$t" "${LIMITS[@]}" "${dict[@]}" -max_total_time="$SECONDS_EACH" \
        -print_final_stats=1 -artifact_prefix="Fuzz/crashes/$t/" ${FUZZ_ARGS:-} "Fuzz/corpus/$t" \
        2>&1 | tee "Fuzz/crashes/$t/last-run.log" | grep -E '^(#[0-9]+.*(DONE|pulse)|stat::|==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written|Done )' || true
    rc=${PIPESTATUS[0]}
    [[ $rc == 0 ]] || { echo "fuzz-$t stopped with status $rc; see Fuzz/crashes/$t/ (log: last-run.log)"; status=1; }
done
exit $status
