#!/usr/bin/env bash
# The GPT lab's training throughput side by side with PyTorch (issue #8): the same network
# (the gpt lab's full recipe, nanoGPT's CPU recipe: 4 layers, 4 heads, n_embd 128, block 64,
# batches of 12), initial weights, batches, optimiser and threads, in one run.
#
#   1. a virtual environment with numpy and torch pinned as in scripts/reference/requirements.txt
#      (venv.sh: .venv-bench at the repository root, or VENV=DIR);
#   2. ours: cargo bench -p llmpath-labs-llm --bench llm (criterion; the folder in
#      LLMPATH_BENCH_DIR, criterion's output under it);
#   3. theirs: llm.py time, PyTorch on the same network and batches; 2 and 3 in ROUNDS rounds;
#   4. the table: a training step and a forward pass in ms and tokens/s, ours / theirs; both
#      sides' loss on batch 0 at the initial weights; threads, versions and the load average.
#
# THREADS (default 2) sets CANDLE_NUM_THREADS (candle's barrier pool, on which all our step's
# work runs: the products of `linear` and `bmm`, the fused ops, candle's element-wise ops),
# RAYON_NUM_THREADS (gemm's threads, for any product left to candle), OMP_NUM_THREADS and
# MKL_NUM_THREADS, and torch.set_num_threads. ROUNDS (default 8): rounds of both sides (below),
# BENCH_BUDGET_S (default 1) seconds of samples a workload each. QUICK=1: a dry run (0.3 s).
# Results: BENCHMARKS.md, "The GPT side by side (issue #8)".
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
threads="${THREADS:-2}"
rounds="${ROUNDS:-8}"

# shellcheck source=venv.sh
source "$here/venv.sh"
bench_venv numpy torch

export LLMPATH_DATA="${LLMPATH_DATA:-$root/../shared/data}"
export RAYON_NUM_THREADS=$threads CANDLE_NUM_THREADS=$threads
export OMP_NUM_THREADS=$threads MKL_NUM_THREADS=$threads THREADS=$threads
export BENCH_BUDGET_S="${BENCH_BUDGET_S:-$([ "${QUICK:-}" = 1 ] && echo 0.3 || echo 1)}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

echo "== $(date -u +%FT%TZ), commit $(git -C "$root" rev-parse --short HEAD), $(getconf _NPROCESSORS_ONLN) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $threads threads a side"
echo "   load average: $(cut -d' ' -f1-3 /proc/loadavg)"

# Rounds of ours then theirs, seconds apart: the shared machine's speed drifts (other tenants:
# the same binary's step took 37 ms in one run and 59 in the next, each run's samples within a
# few %, and PyTorch's 38 to 60), so each round's ratio compares the two sides under the same
# conditions, and the table takes the median over the rounds.
for round in $(seq 1 "$rounds"); do
    out="$dir/round$round"
    mkdir -p "$out"
    echo "== round $round of $rounds: ours (cargo bench -p llmpath-labs-llm --bench llm), then theirs (llm.py time)"
    if ! (cd "$root" && LLMPATH_BENCH_DIR=$out CRITERION_HOME=$out/criterion \
        cargo bench -p llmpath-labs-llm --bench llm) >"$dir/cargo.log" 2>&1; then
        tail -n 40 "$dir/cargo.log"
        exit 1
    fi
    grep -E '^llm/|time:' "$dir/cargo.log"
    "$venv/bin/python" "$here/llm.py" time "$out"
    echo "   load average: $(cut -d' ' -f1-3 /proc/loadavg)"
done

echo "== ours / theirs (a side's time: the median over the rounds of its medians of 10 samples; the ratio: the median of the rounds' ratios; a step is 768 tokens)"
"$venv/bin/python" "$here/llm.py" table "$dir"
