#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15 cluster: created in a temp
# dir, listening on 127.0.0.1 on a free port, stopped by its PID and removed
# afterwards whatever the command's outcome. DATABASE_URL points the command at it.
set -euo pipefail

PG_BIN=/usr/lib/postgresql/15/bin
PG_USER=postgres
# initdb and postgres refuse to run as root: run them as the postgres user.
as_pg() { if [ "$(id -u)" -eq 0 ]; then setpriv --reuid="$PG_USER" --regid="$PG_USER" --init-groups "$@"; else "$@"; fi; }

DATA_DIR=$(mktemp -d /tmp/counterclaim-pg.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
[ "$(id -u)" -eq 0 ] && chown "$PG_USER:$PG_USER" "$DATA_DIR"
PG_PID=""

cleanup() {
  if [ -n "$PG_PID" ] && kill -0 "$PG_PID" 2>/dev/null; then
    kill -INT "$PG_PID"  # fast shutdown
    wait "$PG_PID" 2>/dev/null || true
  fi
  rm -rf "$DATA_DIR"
}
trap cleanup EXIT INT TERM

as_pg "$PG_BIN/initdb" -D "$DATA_DIR/data" --auth=trust --username="$PG_USER" --encoding=UTF8 --locale=C.UTF-8 >/dev/null
# Started without a wrapper shell, so $! is the postmaster itself and the trap can stop it.
pg_args=(-D "$DATA_DIR/data" -p "$PORT" -k "$DATA_DIR"
  -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off)
if [ "$(id -u)" -eq 0 ]; then
  setpriv --reuid="$PG_USER" --regid="$PG_USER" --init-groups "$PG_BIN/postgres" "${pg_args[@]}" >"$DATA_DIR/postgres.log" 2>&1 &
else
  "$PG_BIN/postgres" "${pg_args[@]}" >"$DATA_DIR/postgres.log" 2>&1 &
fi
PG_PID=$!

for _ in $(seq 1 100); do
  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -U "$PG_USER" && break
  kill -0 "$PG_PID" 2>/dev/null || { cat "$DATA_DIR/postgres.log"; exit 1; }
  sleep 0.1
done
"$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -U "$PG_USER" || { echo "PostgreSQL did not start"; cat "$DATA_DIR/postgres.log"; exit 1; }

export DATABASE_URL="postgres://$PG_USER@127.0.0.1:$PORT/postgres"
status=0
"$@" || status=$?
exit "$status"
