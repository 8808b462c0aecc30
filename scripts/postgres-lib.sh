# Shared by the scripts that start a PostgreSQL 15 cluster for the project (sourced, not run).
# initdb and postgres refuse to run as root: as root they run as the `postgres` user.
PG_BIN=/usr/lib/postgresql/15/bin
PG_USER=postgres
PG_PID=""

as_pg() { if [ "$(id -u)" -eq 0 ]; then setpriv --reuid="$PG_USER" --regid="$PG_USER" --init-groups "$@"; else "$@"; fi; }

# pg_init DATA_DIR [initdb args...]: a new cluster with trust authentication for local connections.
pg_init() {
  local data_dir=$1
  shift
  mkdir -p "$data_dir"
  [ "$(id -u)" -eq 0 ] && chown "$PG_USER:$PG_USER" "$data_dir"
  chmod 700 "$data_dir"
  as_pg "$PG_BIN/initdb" -D "$data_dir" --auth=trust --username="$PG_USER" --encoding=UTF8 --locale=C.UTF-8 "$@" >/dev/null
}

# pg_start DATA_DIR PORT LOG [extra postgres args...]: starts the postmaster in the background
# (no wrapper shell, so PG_PID is the postmaster itself) and waits until it accepts connections.
pg_start() {
  local data_dir=$1 port=$2 log=$3
  shift 3
  local args=(-D "$data_dir" -p "$port" -k "$data_dir" -c listen_addresses=127.0.0.1 "$@")
  if [ "$(id -u)" -eq 0 ]; then
    setpriv --reuid="$PG_USER" --regid="$PG_USER" --init-groups "$PG_BIN/postgres" "${args[@]}" >>"$log" 2>&1 &
  else
    "$PG_BIN/postgres" "${args[@]}" >>"$log" 2>&1 &
  fi
  PG_PID=$!
  for _ in $(seq 1 150); do
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U "$PG_USER" && return 0
    kill -0 "$PG_PID" 2>/dev/null || { echo "PostgreSQL did not start:"; tail -20 "$log"; return 1; }
    sleep 0.1
  done
  echo "PostgreSQL did not start in 15 s:"; tail -20 "$log"; return 1
}

# pg_stop: a fast shutdown of the postmaster pg_start started, waiting for it to exit.
pg_stop() {
  if [ -n "$PG_PID" ] && kill -0 "$PG_PID" 2>/dev/null; then
    kill -INT "$PG_PID"
    wait "$PG_PID" 2>/dev/null || true
  fi
  PG_PID=""
}
