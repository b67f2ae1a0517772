#!/usr/bin/env bash
# The enforcement check with 1,000,000 enrolled accounts (SQLite): in process (checks/s, p50, p99,
# and the held path), then over HTTP on loopback with wrk for accounts that are not protected. The
# bench fails if any answer is wrong; the script checks that a protected account is held over HTTP.
#   bash Benchmarks/enforcement-check.sh [accounts] [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
accounts=${1:-1000000}
seconds=${2:-15}
connections=${3:-32}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
swift build -c release --scratch-path .build-release --product himaya-bench >/dev/null
swift build -c release --scratch-path .build-release --product himaya >/dev/null
bench=.build-release/release/himaya-bench
bin=.build-release/release/himaya
work=$(mktemp -d)
cleanup() {
  [[ -n ${server:-} ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
export HIMAYA_DATA_DIR=$work HIMAYA_LOG_LEVEL=warning HIMAYA_MASTER_KEY=$($bin keys generate | tail -1)
$bin migrate >/dev/null
$bench enforcement-seed "$accounts"
echo "== in process"
$bench enforcement-check 1000000 1000
echo "== over HTTP"
$bin platform add --name Bench --url http://127.0.0.1:9/hooks >/dev/null
HIMAYA_BENCH_KEY=$($bin platform key create --scope enforcement:check | sed -n 's/^API key, shown once: //p')
export HIMAYA_BENCH_KEY
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
$bin serve --port "$port" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
held=$(curl -s -H "Authorization: Bearer $HIMAYA_BENCH_KEY" -H 'Content-Type: application/json' \
  -d '{"account": "acct-4242", "action": "suspension"}' "http://127.0.0.1:$port/api/v1/enforcement/check")
[[ $held == *'"decision":"hold"'* ]] || { echo "FAIL: a protected account was not held over HTTP: $held" >&2; exit 1; }
wrk -t1 -c"$connections" -d3s -s Benchmarks/enforcement-check.lua "http://127.0.0.1:$port/api/v1/enforcement/check" >/dev/null
wrk -t1 -c"$connections" -d"${seconds}s" --latency -s Benchmarks/enforcement-check.lua "http://127.0.0.1:$port/api/v1/enforcement/check" >"$work/wrk.txt"
rate=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
p50=$(awk '$1=="50%" {print $2}' "$work/wrk.txt")
p99=$(awk '$1=="99%" {print $2}' "$work/wrk.txt")
errors=$(awk '/Non-2xx/ {print $5}' "$work/wrk.txt"); errors=${errors:-0}
echo "{\"http_checks_per_s\": $rate, \"p50\": \"$p50\", \"p99\": \"$p99\", \"connections\": $connections, \"errors\": $errors}"
[[ $errors == 0 ]] || { echo "FAIL: error answers" >&2; exit 1; }
