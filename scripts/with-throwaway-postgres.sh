#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15 cluster: created in a temp
# dir, listening on 127.0.0.1 on a free port, stopped by its PID and removed
# afterwards whatever the command's outcome. DATABASE_URL points the command at it.
set -euo pipefail
. "$(dirname "$0")/postgres-lib.sh"

DATA_DIR=$(mktemp -d /tmp/counterclaim-pg.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cleanup() { pg_stop; rm -rf "$DATA_DIR"; }
trap cleanup EXIT INT TERM

[ "$(id -u)" -eq 0 ] && chown "$PG_USER:$PG_USER" "$DATA_DIR"
pg_init "$DATA_DIR/data"
pg_start "$DATA_DIR/data" "$PORT" "$DATA_DIR/postgres.log" -c fsync=off -c synchronous_commit=off -c full_page_writes=off

export DATABASE_URL="postgres://$PG_USER@127.0.0.1:$PORT/postgres"
status=0
"$@" || status=$?
exit "$status"
