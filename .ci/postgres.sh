#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server on loopback for the JDBC tests and prints the JDBC URL
# they read from JSTVERIFY_TEST_POSTGRES_URL. Installs Debian's postgresql package if missing.
# Usage: export JSTVERIFY_TEST_POSTGRES_URL=$(bash .ci/postgres.sh)   (stop: bash .ci/postgres.sh stop)
set -euo pipefail

PORT="${JSTVERIFY_PG_PORT:-55432}"
DATA="${JSTVERIFY_PG_DATA:-/tmp/jstverify-pg}"

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ "${1:-}" = "stop" ]; then
  BIN=$(bindir)
  [ -n "$BIN" ] && [ -d "$DATA" ] && su postgres -s /bin/sh -c "$BIN/pg_ctl -D $DATA -m fast stop" >&2 || true
  exit 0
fi

if [ -z "$(bindir)" ]; then
  echo "installing postgresql (Debian package)..." >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
fi
BIN=$(bindir)
[ -n "$BIN" ] || { echo "postgresql could not be installed" >&2; exit 1; }

# initdb refuses to run as root: the server runs as the postgres user the package created.
RUN_AS="sh -c"
if [ "$(id -u)" = 0 ]; then RUN_AS="su postgres -s /bin/sh -c"; fi

if [ -f "$DATA/postmaster.pid" ]; then
  $RUN_AS "$BIN/pg_ctl -D $DATA -m fast stop" >&2 || true
fi
rm -rf "$DATA"
mkdir -p "$DATA"
[ "$(id -u)" = 0 ] && chown postgres "$DATA"
$RUN_AS "$BIN/initdb -D $DATA -U postgres --auth=trust -E UTF8 >/dev/null"
$RUN_AS "$BIN/pg_ctl -D $DATA -l $DATA/server.log -w -o \"-p $PORT -c listen_addresses=127.0.0.1 -k /tmp\" start" >&2
echo "jdbc:postgresql://127.0.0.1:$PORT/postgres?user=postgres"
