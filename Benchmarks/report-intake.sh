#!/usr/bin/env bash
# Sustained report intake over HTTP on loopback, on SQLite and on PostgreSQL: wrk posts partner
# reports to a release build for a fixed time; the script prints reports/s and latency percentiles,
# then checks that every acknowledged report is in the database (a fast wrong answer fails).
#   bash Benchmarks/report-intake.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
connections=${2:-32}

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
bin=.build-release/release/himaya
[[ -x $bin ]] || swift build -c release --scratch-path .build-release --product himaya

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
work=$(mktemp -d)
pg_started=""
cleanup() {
  [[ -n ${server:-} ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  [[ -n $pg_started ]] && bash scripts/postgres.sh stop "$PGDIR" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

run_engine() {
  local engine=$1
  unset HIMAYA_DATABASE_URL
  export HIMAYA_DATA_DIR=$work/$engine HIMAYA_LOG_LEVEL=warning
  if [[ $engine == postgres ]]; then
    if [[ -z $pg_started ]]; then eval "$(bash scripts/postgres.sh start)"; pg_started=yes; fi
    psql "$HIMAYA_TEST_DATABASE_URL" -qc "CREATE DATABASE himaya_bench"
    export HIMAYA_DATABASE_URL=${HIMAYA_TEST_DATABASE_URL%/*}/himaya_bench
  fi
  $bin migrate >/dev/null
  $bin partner add --name "Bench Partner" --country SN --kind helpline >/dev/null
  HIMAYA_BENCH_KEY=$($bin partner key create --partner "Bench Partner" --scopes reports:write | sed -n 's/^API key, shown once: //p')
  export HIMAYA_BENCH_KEY
  $bin serve --port "$port" >"$work/$engine.log" 2>&1 &
  server=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
  # Warm-up, then the measured run.
  wrk -t1 -c"$connections" -d3s -s Benchmarks/report-intake.lua "http://127.0.0.1:$port/api/v1/reports" >/dev/null
  wrk -t1 -c"$connections" -d"${seconds}s" --latency -s Benchmarks/report-intake.lua \
    "http://127.0.0.1:$port/api/v1/reports" >"$work/$engine.wrk"
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
  local requests rate p50 p99 errors stored
  requests=$(awk '/requests in/ {print $1}' "$work/$engine.wrk")
  rate=$(awk '/Requests\/sec/ {print $2}' "$work/$engine.wrk")
  p50=$(awk '$1=="50%" {print $2}' "$work/$engine.wrk")
  p99=$(awk '$1=="99%" {print $2}' "$work/$engine.wrk")
  errors=$(awk '/Non-2xx/ {print $5}' "$work/$engine.wrk"); errors=${errors:-0}
  if [[ $engine == postgres ]]; then
    stored=$(psql "$HIMAYA_DATABASE_URL" -tAc "SELECT COUNT(*) FROM reports")
  else
    stored=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM reports').fetchone()[0])" "$HIMAYA_DATA_DIR/himaya.sqlite")
  fi
  printf '%-9s %8s reports/s  p50 %-9s p99 %-9s  %s requests, %s errors, %s reports stored (warm-up included)\n' \
    "$engine" "$rate" "$p50" "$p99" "$requests" "$errors" "$stored"
  if [[ $errors != 0 ]] || (( stored < requests )); then
    echo "FAIL: $engine acknowledged reports that are not stored, or answered errors" >&2
    cat "$work/$engine.wrk" >&2
    return 1
  fi
}

echo "report intake, ${seconds}s, $connections connections, release build, $(nproc) cores"
run_engine sqlite
run_engine postgres
