#!/usr/bin/env bash
# The whole test suite, as CI runs it: Swift tests on SQLite and PostgreSQL,
# then end-to-end tests (browser, privacy, crash, OpenAPI, CLI) on the real binary.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-system.sh --test
swift build --build-tests

# Assign first: a failing start must stop the script, which `eval "$(...)"` would hide.
pg_env=$(bash scripts/postgres.sh start)
eval "$pg_env"
trap 'bash scripts/postgres.sh stop "$PGDIR"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
export HIMAYA_TEST_DATABASE_URL

# Keep going after a failure so one run reports both suites; fail at the end.
failed=0
swift test --skip-build || failed=1

# The image decoders and hash-list parsers under libFuzzer, for a bounded time.
bash scripts/fuzz.sh 30 || failed=1

# Reinstall the Python tools only when their pinned list changed.
stamp=.venv/requirements.sha256
want=$(cat e2e/requirements.txt e2e/requirements-axe-core.txt | sha256sum | cut -d ' ' -f 1)
if ! .venv/bin/python -c '' 2>/dev/null || [[ "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
    rm -rf .venv
    python3 -m venv .venv
    .venv/bin/pip install --quiet --disable-pip-version-check -r e2e/requirements.txt
    .venv/bin/pip install --quiet --disable-pip-version-check --no-deps -r e2e/requirements-axe-core.txt
    echo "$want" >"$stamp"
fi

mkdir -p .build/screenshots
HIMAYA_BIN="$PWD/.build/debug/himaya" .venv/bin/pytest -q e2e || failed=1

exit "$failed"
