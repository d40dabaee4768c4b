#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1, for tests and CI (used by .ci/run and by the vitest
# global setup, test/helpers/pg-global-setup.ts).
#   scripts/pg-throwaway.sh start DIR   creates a cluster in DIR, starts it, prints its URL
#   scripts/pg-throwaway.sh stop DIR    stops it at once and removes DIR
# Exit 3 when PostgreSQL is not installed. PostgreSQL refuses to run as root, so as root the
# cluster runs as the `postgres` user (or `nobody`), which owns DIR.
set -euo pipefail

bindir() {
  if command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v pg_ctl)"; return; fi
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$d" ] && [ -x "$d/pg_ctl" ] && echo "$d"
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u "$owner" -- "$@"; else "$@"; fi
}

cmd="${1:-}"
dir="${2:-}"
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
bin="$(bindir || true)"
[ -n "$bin" ] || { echo "PostgreSQL is not installed (no pg_ctl on PATH or in /usr/lib/postgresql/*/bin)" >&2; exit 3; }
owner=postgres
id -u "$owner" >/dev/null 2>&1 || owner=nobody

case "$cmd" in
start)
  mkdir -p "$dir/sock"
  [ "$(id -u)" = 0 ] && chown -R "$owner" "$dir"
  # Throwaway: trust on loopback, no fsync; fast to create and to start.
  as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  for attempt in 1 2 3; do
    port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 -s \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
      start >/dev/null; then
      echo "postgres://postgres@127.0.0.1:$port/postgres"
      exit 0
    fi
  done
  cat "$dir/server.log" >&2
  exit 1
  ;;
stop)
  if [ -f "$dir/data/postmaster.pid" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -s stop >/dev/null 2>&1 || true; fi
  rm -rf "$dir"
  ;;
*)
  echo "usage: $0 start|stop DIR" >&2
  exit 2
  ;;
esac
