#!/usr/bin/env bash
# Installs the Debian packages the project needs, only when they are missing.
# Arguments name what is needed: `postgres` (PostgreSQL 15 server binaries), `chromium`
# (the browser for end-to-end tests), or Debian package names; none means postgres and chromium.
set -euo pipefail

[ "$#" -gt 0 ] || set -- postgres chromium
wanted=()
for need in "$@"; do
  case "$need" in
    postgres) [ -x /usr/lib/postgresql/15/bin/initdb ] || wanted+=(postgresql-15) ;;
    chromium) command -v chromium >/dev/null 2>&1 || wanted+=(chromium fonts-liberation) ;;
    *) dpkg -s "$need" >/dev/null 2>&1 || wanted+=("$need") ;;
  esac
done
[ "${#wanted[@]}" -eq 0 ] && exit 0

echo "Installing Debian packages: ${wanted[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${wanted[@]}" >/dev/null
