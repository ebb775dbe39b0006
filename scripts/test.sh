#!/usr/bin/env bash
# The whole test suite: types, unit tests, database tests on embedded PGlite and on a
# PostgreSQL server, and each role's main flow in Debian's Chromium against the built web app.
# Prints one closing line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tmp/results
rm -f .tmp/results/*.json

status=0
step() { echo; echo "== $*"; }

step "typecheck (server, web app) and the web app's API types"
npx tsc --noEmit -p . || status=1
npx tsc --noEmit -p web || status=1
npx tsx scripts/gen-api.ts --check || status=1

step "unit tests"
npx vitest run --project unit --reporter=default --reporter=json --outputFile.json=.tmp/results/unit.json || status=1

step "database tests on PGlite"
TEST_DATABASE=pglite npx vitest run --project db --reporter=default --reporter=json --outputFile.json=.tmp/results/db-pglite.json || status=1

step "database tests on PostgreSQL"
if bash scripts/ensure-postgres.sh; then
  TEST_DATABASE=postgres npx vitest run --project db --reporter=default --reporter=json --outputFile.json=.tmp/results/db-postgres.json || status=1
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is required in CI and could not be started"; status=1
else
  echo "PostgreSQL not reachable: skipped here (CI runs it)"
fi

step "browser tests (Chromium, phone 375x667 and desk 1440x900)"
if bash scripts/ensure-chromium.sh; then
  npx vitest run --project e2e --reporter=default --reporter=json --outputFile.json=.tmp/results/e2e.json || status=1
else
  echo "Chromium is required for the browser tests and could not be installed"; status=1
fi

node scripts/summarize-tests.mjs .tmp/results/*.json || status=1
exit $status
