#!/usr/bin/env bash
# Runs a command against the project's own PostgreSQL 15 cluster, kept in .postgres/
# (git-ignored) so data survives between runs: created on first use, started for the
# command on 127.0.0.1:$DB_PORT (default 54329), stopped by its PID when the command ends.
# With DATABASE_URL set, the command runs against that database instead and nothing is started.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${DATABASE_URL:-}" ]; then exec "$@"; fi
. scripts/postgres-lib.sh

DATA_DIR="$PWD/.postgres"
PORT=${DB_PORT:-54329}
DB_NAME=counterclaim

if [ "$(id -u)" -eq 0 ] && ! setpriv --reuid="$PG_USER" --regid="$PG_USER" --init-groups test -x "$PWD"; then
  # The server runs as `postgres`, which must be able to reach .postgres/ inside this folder.
  command -v setfacl >/dev/null || scripts/install-system-packages.sh acl
  dir="$PWD"
  while [ "$dir" != "/" ]; do setfacl -m "u:$PG_USER:x" "$dir"; dir=$(dirname "$dir"); done
  echo "Let the postgres user traverse the folders above $PWD (ACL, search permission only)."
fi
if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
  echo "Port $PORT is taken by another PostgreSQL: set DB_PORT to a free port, or DATABASE_URL to use that server." >&2
  exit 1
fi
if [ ! -f "$DATA_DIR/PG_VERSION" ]; then
  echo "Creating the local PostgreSQL cluster in .postgres/"
  pg_init "$DATA_DIR"
fi
trap pg_stop EXIT INT TERM
pg_start "$DATA_DIR" "$PORT" "$DATA_DIR/server.log"
if ! "$PG_BIN/psql" -h 127.0.0.1 -p "$PORT" -U "$PG_USER" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -q 1; then
  "$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U "$PG_USER" "$DB_NAME"
fi

export DATABASE_URL="postgres://$PG_USER@127.0.0.1:$PORT/$DB_NAME"
status=0
"$@" || status=$?
exit "$status"
