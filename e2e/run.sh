#!/usr/bin/env bash
# End-to-end tests of the dashboard (issue #6) in a real browser.
#
#   1. builds `llmpath` (debug, as the README's test command does) unless LLMPATH_BIN names one;
#   2. a fresh home folder (progress database) under a temporary folder, and one quick lab run
#      there (`lab run calculus --quick`), so the labs pages have a report with plots;
#   3. `llmpath serve --port 0` in the background; the URL it prints is the tests' BASE_URL;
#   4. `node --test tests/` with playwright-core driving Debian's Chromium (/usr/bin/chromium, or
#      $CHROMIUM): the tests click through the pages, then read the database back with the CLI;
#   5. screenshots and the server's log go to $E2E_ARTIFACTS (default target/e2e-artifacts).
#
# Needs node ≥ 20, npm and chromium (`apt-get install chromium`); .ci/run installs them.
# Nothing is fetched but the two npm packages of package-lock.json (playwright-core, axe-core).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
artifacts="${E2E_ARTIFACTS:-$root/target/e2e-artifacts}"

for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "e2e needs $tool (apt-get install nodejs npm)" >&2; exit 1; }
done
[ -x "$CHROMIUM" ] || { echo "e2e needs Chromium at $CHROMIUM (apt-get install chromium, or set CHROMIUM)" >&2; exit 1; }

if [ -z "${LLMPATH_BIN:-}" ]; then
  (cd "$root" && cargo build --quiet --locked -p llmpath)
  LLMPATH_BIN="$root/target/debug/llmpath"
fi
export LLMPATH_BIN

(cd "$here" && npm ci --silent --no-audit --no-fund)

work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

rm -rf "$artifacts"
mkdir -p "$artifacts"
export LLMPATH_HOME="$work/home" E2E_ARTIFACTS="$artifacts"
# The datasets are not needed by the calculus lab; LLMPATH_DATA passes through when set.
"$LLMPATH_BIN" lab run calculus --quick --out "$work/calculus" >"$artifacts/lab-run.log" 2>&1 \
  || { cat "$artifacts/lab-run.log"; exit 1; }

"$LLMPATH_BIN" serve --port 0 >"$artifacts/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  BASE_URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$artifacts/serve.log" | head -n 1 || true)
  [ -n "$BASE_URL" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$artifacts/serve.log"; exit 1; }
  sleep 0.1
done
[ -n "$BASE_URL" ] || { echo "llmpath serve printed no URL:" >&2; cat "$artifacts/serve.log"; exit 1; }
export BASE_URL
echo "== e2e against $BASE_URL (artifacts in $artifacts)"

cd "$here"
node --test --test-concurrency=1 tests/
