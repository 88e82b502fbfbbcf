#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster: initdb in a temporary folder,
# listen on a Unix socket there (and 127.0.0.1 on a free port), export TEST_DATABASE_URL,
# run the command, then stop the server and delete the folder.
# Exit 3 when no PostgreSQL server binaries are installed.
set -euo pipefail

bindir=""
for d in /usr/lib/postgresql/*/bin; do
  [ -x "$d/initdb" ] && bindir="$d"
done
if [ -z "$bindir" ]; then
  echo "with-postgres: no PostgreSQL server found (Debian package 'postgresql')" >&2
  exit 3
fi

work=$(mktemp -d /tmp/pgtest.XXXXXX)
chmod 755 "$work"
run_as=()
if [ "$(id -u)" = "0" ]; then
  # PostgreSQL refuses to run as root: run it as the 'postgres' system user (or nobody).
  pguser=postgres
  id -u "$pguser" >/dev/null 2>&1 || pguser=nobody
  chown "$pguser" "$work"
  run_as=(runuser -u "$pguser" --)
else
  pguser=$(id -un)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

cleanup() {
  "${run_as[@]}" "$bindir/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

"${run_as[@]}" "$bindir/initdb" -D "$work/data" -U "$pguser" --auth=trust -E UTF8 --locale=C.UTF-8 >"$work/initdb.log" 2>&1 \
  || { cat "$work/initdb.log" >&2; exit 1; }
"${run_as[@]}" "$bindir/pg_ctl" -D "$work/data" -l "$work/server.log" -w -t 60 \
  -o "-k $work -p $port -h 127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off" start >/dev/null \
  || { cat "$work/server.log" >&2; exit 1; }
"${run_as[@]}" "$bindir/createdb" -h "$work" -p "$port" -U "$pguser" registry_test

export TEST_DATABASE_URL="postgresql://$pguser@127.0.0.1:$port/registry_test"
echo "with-postgres: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
"$@"
