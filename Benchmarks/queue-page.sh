#!/usr/bin/env bash
# The responder queue's first page with 1,000,000 cases in the database (a tenth of them open), on
# SQLite and on PostgreSQL: a senior responder signs in, then wrk asks for /console on one connection
# and the script prints the median and p99. It checks the page lists a full first page of cases.
#   bash Benchmarks/queue-page.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-15}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
bin=.build-release/release/himaya
[[ -x $bin ]] || swift build -c release --scratch-path .build-release --product himaya
work=$(mktemp -d)
pg_started=""
cleanup() {
  [[ -n ${server:-} ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  [[ -n $pg_started ]] && bash scripts/postgres.sh stop "$PGDIR" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# One million cases: ids, references and deadlines spread out; 10% open, the rest resolved or closed.
seed_sql="
INSERT INTO cases (id, reference, status, priority, priority_factors, category, country, language, reporter_language,
  immediate_danger, target_index, opened_at, first_response_due, resolution_due, report_count, updated_at)
SELECT 'bench-' || n, 'H-B' || n,
  CASE WHEN n % 10 = 0 THEN (CASE n % 3 WHEN 0 THEN 'new' WHEN 1 THEN 'in_progress' ELSE 'waiting_for_reporter' END)
       WHEN n % 10 < 8 THEN 'resolved' ELSE 'closed' END,
  n % 4, 'bench', 'harassment',
  CASE n % 5 WHEN 0 THEN 'SN' WHEN 1 THEN 'MX' WHEN 2 THEN 'EG' WHEN 3 THEN 'FR' ELSE 'PE' END,
  CASE n % 4 WHEN 0 THEN 'fr' WHEN 1 THEN 'es' WHEN 2 THEN 'ar' ELSE 'en' END, 'en',
  CASE WHEN n % 97 = 0 THEN 1 ELSE 0 END, NULL,
  1790000000000 + n * 1000, 1790000000000 + n * 1000 + 3600000 * (1 + n % 72), 1790000000000 + n * 1000 + 86400000 * 7,
  1, 1790000000000 + n * 1000
FROM series"

run_engine() {
  local engine=$1
  unset HIMAYA_DATABASE_URL
  export HIMAYA_DATA_DIR=$work/$engine HIMAYA_LOG_LEVEL=warning HIMAYA_COOKIE_SECURE=false
  if [[ $engine == postgres ]]; then
    if [[ -z $pg_started ]]; then eval "$(bash scripts/postgres.sh start)"; pg_started=yes; fi
    psql "$HIMAYA_TEST_DATABASE_URL" -qc "CREATE DATABASE himaya_queue_bench"
    export HIMAYA_DATABASE_URL=${HIMAYA_TEST_DATABASE_URL%/*}/himaya_queue_bench
  fi
  $bin demo >"$work/$engine.demo"
  if [[ $engine == postgres ]]; then
    psql "$HIMAYA_DATABASE_URL" -qc "${seed_sql/FROM series/FROM generate_series(1, 1000000) AS n}" >/dev/null
    psql "$HIMAYA_DATABASE_URL" -qc "ANALYZE cases" >/dev/null
  else
    python3 - "$HIMAYA_DATA_DIR/himaya.sqlite" "$seed_sql" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA journal_mode=WAL")
db.execute("WITH RECURSIVE series(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM series WHERE n < 1000000) " + sys.argv[2].strip())
db.execute("ANALYZE")
db.commit()
PY
  fi
  local port secret
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  $bin serve --port "$port" >"$work/$engine.log" 2>&1 &
  server=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
  secret=$(sed -n 's/^demo staff: username=lucia.senior .*totp=\([A-Z2-7]*\)$/\1/p' "$work/$engine.demo")
  cookie=$(python3 - "$port" "$secret" <<'PY'
import base64, hashlib, hmac, re, struct, sys, time, urllib.parse, urllib.request, http.cookiejar
port, secret = sys.argv[1], sys.argv[2]
key = base64.b32decode(secret + "=" * (-len(secret) % 8))
mac = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
o = mac[-1] & 15
code = "%06d" % ((struct.unpack(">I", mac[o:o + 4])[0] & 0x7FFFFFFF) % 1000000)
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
page = opener.open(f"http://127.0.0.1:{port}/staff/sign-in").read().decode()
token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
data = urllib.parse.urlencode({"csrf_token": token, "username": "lucia.senior", "password": "himaya-demo-password", "code": code}).encode()
opener.open(f"http://127.0.0.1:{port}/staff/sign-in", data)
print("; ".join(f"{c.name}={c.value}" for c in jar if c.name == "himaya_session"))
PY
)
  rows=$(curl -sf -H "Cookie: $cookie" "http://127.0.0.1:$port/console?lang=en" | grep -c '<td><strong>P' || true)
  wrk -t1 -c1 -d"${seconds}s" --latency -H "Cookie: $cookie" "http://127.0.0.1:$port/console?lang=en" >"$work/$engine.wrk"
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
  printf '%-9s first page of /console with 1,000,000 cases: median %s, p99 %s, %s pages/s, %s rows on the page\n' "$engine" \
    "$(awk '$1=="50%" {print $2}' "$work/$engine.wrk")" "$(awk '$1=="99%" {print $2}' "$work/$engine.wrk")" \
    "$(awk '/Requests\/sec/ {print $2}' "$work/$engine.wrk")" "$rows"
  if [[ $rows != 100 ]]; then echo "FAIL: $engine listed $rows cases, expected a full page of 100" >&2; return 1; fi
}

echo "queue page benchmark, release build, $(nproc) cores"
run_engine sqlite
run_engine postgres
