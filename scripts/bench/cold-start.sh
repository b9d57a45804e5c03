#!/usr/bin/env bash
# Cold start of `llmpath` (the status overview) on a database with a realistic history:
# process start, loading the embedded curriculum, opening SQLite, deriving state, printing.
# Target: under 50 ms. Uses hyperfine when installed (apt-get install hyperfine), else a loop.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release -p llmpath --quiet
bin=target/release/llmpath
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export LLMPATH_HOME=$home LLMPATH_LANG=en

# A year of study: 365 sessions and 40 status changes.
for topic in $("$bin" --json path | python3 -c 'import json,sys; print(" ".join([t["id"] for s in json.load(sys.stdin)["stages"] for m in s["modules"] for t in m["topics"]][:40]))'); do
  "$bin" done "$topic" >/dev/null
done
python3 - "$home/year.json" <<'PY'
import json, sys
events = [{"uid": f"bench-{n}", "at": f"2026-{1 + n // 31 % 12:02d}-{1 + n % 28:02d}T20:00:00Z",
           "source": "cli", "kind": "study", "minutes": 60, "topic": "s1.math.svd"} for n in range(365)]
json.dump({"format": "llmpath-progress", "version": 1, "exported_at": "2026-12-31T00:00:00Z", "events": events}, open(sys.argv[1], "w"))
PY
"$bin" import-progress "$home/year.json" >/dev/null

if command -v hyperfine >/dev/null; then
  hyperfine --warmup 5 --runs 50 -N "$bin" "$bin --json" "$bin path"
else
  for args in "" "--json" "path"; do
    start=$(date +%s%N)
    for _ in $(seq 50); do "$bin" $args >/dev/null; done
    end=$(date +%s%N)
    echo "llmpath $args: $(( (end - start) / 50 / 1000 )) µs mean of 50 runs"
  done
fi
