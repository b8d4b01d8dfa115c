#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server: `.ci/with-postgres.sh npm test`.
# Installs PostgreSQL through apt-get when its binaries are absent, starts a server in a temp
# directory (127.0.0.1, a free port, trust auth, fsync off), exports WARD_TEST_PG_URL for the
# command, and stops the server and deletes its files on exit, whatever happens.
# initdb and the server refuse to run as root, so as root they run as the `postgres` user.
set -euo pipefail

find_pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
}

PG_BIN=$(find_pg_bin)
if [ -z "$PG_BIN" ]; then
  echo "with-postgres: installing postgresql (apt-get)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
  PG_BIN=$(find_pg_bin)
fi
if [ -z "$PG_BIN" ]; then
  echo "with-postgres: PostgreSQL binaries not found after install" >&2
  exit 1
fi

as_owner() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/ward-pg.XXXXXX")
chmod 700 "$PG_DIR"
if [ "$(id -u)" = "0" ]; then chown postgres "$PG_DIR"; fi

stop_server() {
  as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap stop_server EXIT

PORT=$(node -e "const s=require('node:net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")

as_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres -E UTF8 --no-sync >"$PG_DIR/initdb.log" 2>&1 || {
  cat "$PG_DIR/initdb.log" >&2
  exit 1
}
as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null || {
  cat "$PG_DIR/server.log" >&2
  exit 1
}

export WARD_TEST_PG_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
echo "with-postgres: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $NF}') on 127.0.0.1:$PORT" >&2
set +e
"$@"
status=$?
set -e
exit "$status"
