#!/usr/bin/env bash
# Fetch Debian's Arabic gettext catalogues of iso-codes (country, language, currency and script
# names: about 1,000 English→Arabic pairs) into the ignored downloads/gettext/ar/, so the .mo tests and
# data.gettext have real catalogues on a machine whose /usr/share/locale/ar holds few. Nothing is
# installed: the .deb is downloaded and unpacked. Version and hashes are pinned.
#
#   downloads/gettext/ar/iso_3166-1.mo   iso-codes 4.15.0-1, usr/share/locale/ar/LC_MESSAGES/iso_3166-1.mo
#   downloads/gettext/ar/iso_639-2.mo    iso-codes 4.15.0-1, usr/share/locale/ar/LC_MESSAGES/iso_639-2.mo
#   downloads/gettext/ar/iso_4217.mo     iso-codes 4.15.0-1, usr/share/locale/ar/LC_MESSAGES/iso_4217.mo
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/lib/fetch.sh"
OUT="$ROOT/downloads/gettext/ar"
CACHE="$ROOT/downloads/cache"
mkdir -p "$OUT" "$CACHE"

VERSION="4.15.0-1"
declare -A SHA=(
  [iso_3166-1.mo]="a8b531fc40cba0bc11b2c237c7a484671764897af3ba961733602747680d2caf"
  [iso_639-2.mo]="0780cbd740b35de7425f2eacfad44d515371ea0d5c097315759d3198d19f9cfa"
  [iso_4217.mo]="f90318cd0011709ee2a378d96c69061a67cd1f7cd8a939733c67df453c2093b7"
)

missing=0
for name in "${!SHA[@]}"; do has_sha256 "$OUT/$name" "${SHA[$name]}" || missing=1; done
if [ "$missing" = 1 ]; then
  deb="$(ls "$CACHE"/iso-codes_${VERSION}_all.deb 2>/dev/null | head -1 || true)"
  if [ -z "$deb" ]; then
    (cd "$CACHE" && { apt-get download "iso-codes=$VERSION" 2>/dev/null || { apt-get update -qq >&2 && apt-get download "iso-codes=$VERSION"; }; } >&2)
    deb="$(ls "$CACHE"/iso-codes_${VERSION}_all.deb | head -1)"
  fi
  rm -rf "$CACHE/iso-codes" && mkdir -p "$CACHE/iso-codes"
  dpkg-deb -x "$deb" "$CACHE/iso-codes"
  for name in "${!SHA[@]}"; do cp "$CACHE/iso-codes/usr/share/locale/ar/LC_MESSAGES/$name" "$OUT/$name"; done
fi
for name in $(printf '%s\n' "${!SHA[@]}" | sort); do require_sha256 "$OUT/$name" "${SHA[$name]}"; done
