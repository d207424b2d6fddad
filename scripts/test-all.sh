#!/usr/bin/env bash
# Every test, in the order that fails fastest: types, lint, unit + integration (SQLite, and
# PostgreSQL when TEST_DATABASE_URL is set), then the end-to-end suite in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

if [ "${CI:-}" = "true" ] && [ -z "${TEST_DATABASE_URL:-}" ]; then
  echo "CI=true but TEST_DATABASE_URL is not set: the PostgreSQL suites must run in CI." >&2
  exit 1
fi

results=$(mktemp -d)
step() { printf '\n=== %s ===\n' "$1"; }

step "typecheck"
npm run typecheck

step "lint and format"
npm run lint

step "unit, integration and property tests"
npx vitest run --reporter=default --reporter=json --outputFile.json="$results/vitest.json"

step "end-to-end (Chromium)"
bash scripts/ensure-chromium.sh
npm run build
PLAYWRIGHT_JSON_OUTPUT_NAME="$results/playwright.json" \
  npx playwright test -c e2e/playwright.config.ts --reporter=list,json

step "summary"
node scripts/test-summary.mjs "$results/vitest.json" "$results/playwright.json"
