#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests.
#   eval "$(scripts/postgres.sh start)"   starts one, prints export lines
#   scripts/postgres.sh stop [PGDIR]      stops it and deletes its folder
# Each start gets a fresh folder and a free port, so runs never collide and a
# crashed run leaves nothing that the next start depends on.
set -euo pipefail

MARKER=.himaya-throwaway-postgres  # stop only deletes folders carrying this file

# Newest installed server version, e.g. /usr/lib/postgresql/15/bin.
bindir=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
if [[ ! -x "$bindir/initdb" ]]; then
    echo "PostgreSQL server not found: run scripts/setup-system.sh --test" >&2
    exit 1
fi

# initdb and postgres refuse to run as root: use the postgres user then.
as_pg() {
    if [[ $(id -u) -eq 0 ]]; then
        (cd "$PGDIR" && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Folders left behind by runs that crashed, whose server is no longer running.
remove_stale() {
    local dir pid state
    for dir in /tmp/himaya-pg.*; do
        [[ -f "$dir/$MARKER" ]] || continue
        pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)
        state=""
        [[ -n "$pid" ]] && state=$(ps -o stat= -p "$pid" || true)
        # No process, or a zombie not yet reaped: that server is gone.
        if [[ -z "$state" || "$state" == Z* ]]; then
            rm -rf "$dir"
        fi
    done
}

start() {
    remove_stale
    # Under /tmp rather than $TMPDIR: the postgres user must be able to reach it,
    # and the socket path must stay short.
    PGDIR=$(mktemp -d /tmp/himaya-pg.XXXXXX)
    touch "$PGDIR/$MARKER"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$PGDIR"

    as_pg "$bindir/initdb" -D "$PGDIR/data" --auth=trust --username=postgres \
        --encoding=UTF8 --no-locale --no-sync >"$PGDIR/initdb.log" 2>&1 || {
        cat "$PGDIR/initdb.log" >&2
        exit 1
    }

    # Another process may grab the chosen port before the server binds it: retry.
    local port=""
    for _ in 1 2 3; do
        port=$(free_port)
        if as_pg "$bindir/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/postgres.log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$PGDIR \
                -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >/dev/null; then
            break
        fi
        port=""
    done
    if [[ -z "$port" ]]; then
        echo "PostgreSQL did not start; its log:" >&2
        cat "$PGDIR/postgres.log" >&2 || true
        exit 1
    fi

    # Superuser so that tests can create and drop their own databases.
    "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres \
        -c "CREATE ROLE himaya LOGIN SUPERUSER" \
        -c "CREATE DATABASE himaya_test OWNER himaya" >&2 || {
        stop "$PGDIR"
        exit 1
    }

    echo "export PGDIR=$PGDIR"
    echo "export HIMAYA_TEST_DATABASE_URL=postgres://himaya@127.0.0.1:$port/himaya_test"
}

stop() {
    PGDIR=${1:-${PGDIR:-}}
    if [[ -z "$PGDIR" || ! -f "$PGDIR/$MARKER" ]]; then
        echo "No throwaway PostgreSQL folder to stop (PGDIR='$PGDIR')" >&2
        return 0
    fi
    if [[ -f "$PGDIR/data/postmaster.pid" ]]; then
        as_pg "$bindir/pg_ctl" -D "$PGDIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PGDIR"
}

case "${1:-}" in
    start) start ;;
    stop) stop "${2:-}" ;;
    *)
        echo "usage: $0 start | stop [PGDIR]" >&2
        exit 2
        ;;
esac
