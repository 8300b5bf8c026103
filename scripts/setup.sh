#!/usr/bin/env bash
# Installs the system packages smol builds and tests against (idempotent; Debian/Ubuntu, as root or with sudo).
set -euo pipefail
packages=(pkg-config libsqlite3-dev libedit-dev libssl-dev libopenblas-dev sqlite3 python3 python3-venv)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "setup: swift is not on PATH; install Swift 6.x from swift.org" >&2; exit 1; }
