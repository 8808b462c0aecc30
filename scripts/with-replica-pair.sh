#!/usr/bin/env bash
# Runs a command against two throwaway PostgreSQL 15 clusters in streaming replication: a primary and a
# hot standby copied from it (pg_basebackup -R), each on a free port of 127.0.0.1 in a temp dir. The command
# gets DATABASE_URL (the primary) and DATABASE_REPLICA_URL (the standby), so Django's read-replica router is
# on (tracker/db_router.py). Both clusters are stopped by their PIDs and removed afterwards, whatever the
# command's outcome. tests/test_replica_router.py uses it; by hand:
#   scripts/with-replica-pair.sh sh -c '.venv/bin/python manage.py migrate && .venv/bin/python manage.py runserver'
set -euo pipefail
. "$(dirname "$0")/postgres-lib.sh"

DIR=$(mktemp -d /tmp/counterclaim-pg-pair.XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PRIMARY_PORT=$(free_port)
STANDBY_PORT=$(free_port)
while [ "$STANDBY_PORT" = "$PRIMARY_PORT" ]; do STANDBY_PORT=$(free_port); done
PRIMARY_PID="" STANDBY_PID=""
cleanup() {
  # pg_stop stops the postmaster in PG_PID (and PG_PID is the last one started, even if it failed to come up):
  # the standby first, then the primary it streams from.
  local last=$PG_PID pid
  for pid in "$STANDBY_PID" "$last" "$PRIMARY_PID"; do PG_PID=$pid; pg_stop; done
  rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM  # through the EXIT trap

[ "$(id -u)" -eq 0 ] && chown "$PG_USER:$PG_USER" "$DIR"
FAST=(-c fsync=off -c synchronous_commit=off -c full_page_writes=off)
# Throwaway: nothing is synced to disk (--no-sync, fsync=off); a crash loses nothing anyone needs.
pg_init "$DIR/primary" --no-sync
# Its socket outside its data dir, where pg_basebackup would warn about it.
pg_start "$DIR/primary" "$PRIMARY_PORT" "$DIR/primary.log" "${FAST[@]}" -k "$DIR"
PRIMARY_PID=$PG_PID
# initdb's pg_hba.conf already lets local connections replicate (trust). -R writes standby.signal and
# primary_conninfo; -c fast asks for an immediate checkpoint instead of waiting for a spread one.
as_pg "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U "$PG_USER" -D "$DIR/standby" -R -X stream -c fast --no-sync
pg_start "$DIR/standby" "$STANDBY_PORT" "$DIR/standby.log" "${FAST[@]}" -c hot_standby=on
STANDBY_PID=$PG_PID
echo "Replica pair: primary $PRIMARY_PID on port $PRIMARY_PORT, standby $STANDBY_PID on port $STANDBY_PORT, in $DIR" >&2

export DATABASE_URL="postgres://$PG_USER@127.0.0.1:$PRIMARY_PORT/postgres"
export DATABASE_REPLICA_URL="postgres://$PG_USER@127.0.0.1:$STANDBY_PORT/postgres"
status=0
"$@" || status=$?
exit "$status"
