#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, only when they are missing:
# PostgreSQL 15 (server binaries) and Chromium for the browser tests.
# With arguments, installs exactly those packages instead.
set -euo pipefail

if [ "$#" -gt 0 ]; then
  wanted=("$@")
else
  wanted=()
  [ -x /usr/lib/postgresql/15/bin/initdb ] || wanted+=(postgresql-15)
  command -v chromium >/dev/null 2>&1 || wanted+=(chromium fonts-liberation)
fi
[ "${#wanted[@]}" -eq 0 ] && exit 0

echo "Installing Debian packages: ${wanted[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${wanted[@]}" >/dev/null
