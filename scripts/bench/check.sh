#!/usr/bin/env bash
# `llmpath check` of one exercise after the first build (issue #5: target ≤ 3 s on 2 cores).
# A fresh workspace from `llmpath init`, the exercise's reference solution in place, one first
# check (it compiles the checker's dependencies: timed once, shown with cargo's progress), then
# hyperfine runs `llmpath check ID` after touching the file, so every run rebuilds the
# exercise's check program as an edit by the learner would.
#   scripts/bench/check.sh [ID]     (default: softmax-cross-entropy)
set -euo pipefail
cd "$(dirname "$0")/../.."
id="${1:-softmax-cross-entropy}"
cargo build --release -p llmpath --quiet
bin="$PWD/target/release/llmpath"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LLMPATH_HOME="$tmp/home" LLMPATH_LANG=en
"$bin" init "$tmp/ws" >/dev/null
file=$("$bin" --json list | python3 -c "import json,sys; print([e['file'] for e in json.load(sys.stdin)['exercises'] if e['id']=='$id'][0])")
cp "content/exercises/$id/solution.rs" "$tmp/ws/$file"
cd "$tmp/ws"
echo "== first check (compiles the checker's dependencies)"
start=$(date +%s.%N)
"$bin" check "$id" >/dev/null
echo "first check: $(echo "$(date +%s.%N) - $start" | bc) s"
echo "== after the first build (nproc = $(nproc), load: $(cut -d' ' -f1-3 /proc/loadavg))"
hyperfine --warmup 2 --runs 10 --prepare "touch $file" "$bin check $id"
