#!/usr/bin/env bash
# Run the test suite against a private, throwaway PostgreSQL cluster.
#
#   scripts/pgtest.sh [pytest arguments]       (`make test-pg` installs what is needed, then runs this)
#
# initdb makes a cluster in a fresh temporary directory (owned by the `postgres` system user when run as root,
# since initdb refuses root), the server listens on 127.0.0.1 only, on the first free port from 54329, with its
# unix socket inside that directory and trust authentication; durability is switched off for speed. The server
# is always stopped and the directory removed at exit, whatever happened. The exit status is pytest's.
#
# Environment: VENV (default .venv), PYTEST_WORKERS (pytest-xdist -n, default auto), PGTEST_PORT (first port
# to try, default 54329), PG_BINDIR (directory holding initdb and pg_ctl; default the newest
# /usr/lib/postgresql/*/bin, else from PATH).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
VENV=${VENV:-.venv}
PYTEST_WORKERS=${PYTEST_WORKERS:-auto}
first_port=${PGTEST_PORT:-54329}

if [ ! -x "$VENV/bin/pytest" ]; then
    echo "pgtest.sh: $VENV/bin/pytest not found; run \`make test-pg\` (it installs the test dependencies)." >&2
    exit 2
fi

if [ -z "${PG_BINDIR:-}" ]; then
    PG_BINDIR=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -z "$PG_BINDIR" ] && command -v initdb >/dev/null 2>&1; then
        PG_BINDIR=$(dirname "$(command -v initdb)")
    fi
fi
if [ -z "$PG_BINDIR" ] || [ ! -x "$PG_BINDIR/initdb" ]; then
    echo "pgtest.sh: PostgreSQL server binaries not found (apt-get install postgresql, or set PG_BINDIR)." >&2
    exit 2
fi

# As root, the cluster belongs to `postgres`; otherwise to whoever runs this.
if [ "$(id -u)" -eq 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
        echo "pgtest.sh: running as root but there is no 'postgres' system user to own the cluster." >&2
        exit 2
    fi
    tmp=$(mktemp -d /tmp/quanlyhoi-pgtest.XXXXXX)  # not $TMPDIR: postgres must be able to reach it
    chown postgres: "$tmp"
    if command -v runuser >/dev/null 2>&1; then
        as_pg() { (cd "$tmp" && runuser -u postgres -- "$@"); }
    else
        as_pg() { (cd "$tmp" && su -s /bin/bash postgres -c "$(printf '%q ' "$@")"); }
    fi
else
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/quanlyhoi-pgtest.XXXXXX")
    as_pg() { (cd "$tmp" && "$@"); }
fi
chmod 700 "$tmp"
pgdata=$tmp/pgdata
sockdir=$tmp/socket
started=

cleanup() {
    local status=$?
    set +e
    if [ -n "$started" ]; then
        as_pg "$PG_BINDIR/pg_ctl" -D "$pgdata" -m fast -w -t 30 stop >/dev/null 2>&1 ||
            as_pg "$PG_BINDIR/pg_ctl" -D "$pgdata" -m immediate -w stop >/dev/null 2>&1
    fi
    rm -rf "$tmp"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

as_pg mkdir -p "$sockdir"
as_pg "$PG_BINDIR/initdb" -D "$pgdata" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$tmp/initdb.log" 2>&1 ||
    { cat "$tmp/initdb.log" >&2; echo "pgtest.sh: initdb failed" >&2; exit 1; }

port_free() {
    "$VENV/bin/python" - "$1" <<'EOF'
import socket, sys
s = socket.socket()
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
EOF
}
port=$first_port
while ! port_free "$port"; do
    port=$((port + 1))
    if [ "$port" -ge $((first_port + 50)) ]; then
        echo "pgtest.sh: no free port in $first_port..$port" >&2
        exit 1
    fi
done

options="-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$sockdir"
options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
started=1
if ! as_pg "$PG_BINDIR/pg_ctl" -D "$pgdata" -l "$tmp/server.log" -o "$options" -w -t 60 start >/dev/null; then
    cat "$tmp/server.log" >&2
    echo "pgtest.sh: the PostgreSQL server did not start" >&2
    exit 1
fi
"$PG_BINDIR/createdb" -h 127.0.0.1 -p "$port" -U postgres quanlyhoi
version=$("$PG_BINDIR/postgres" --version)
echo ">>> pytest on PostgreSQL ($version, 127.0.0.1:$port, $pgdata)"

export QUANLYHOI_DATABASE_URL="postgresql://postgres@127.0.0.1:$port/quanlyhoi"
export QUANLYHOI_DATA_DIR=$tmp/data
mkdir -p "$QUANLYHOI_DATA_DIR/static"  # STATIC_ROOT: whitenoise warns in every test when it is missing
xdist=()
if [ "$PYTEST_WORKERS" != 0 ]; then
    xdist=(-n "$PYTEST_WORKERS")
fi
"$VENV/bin/pytest" "${xdist[@]}" "$@"
