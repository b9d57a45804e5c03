#!/usr/bin/env bash
# The GPT lab's training throughput side by side with PyTorch (issue #8): the same network
# (the gpt lab's full recipe, nanoGPT's CPU recipe: 4 layers, 4 heads, n_embd 128, block 64,
# batches of 12), initial weights, batches, optimiser and threads, in one run.
#
#   1. a virtual environment with numpy and torch pinned as in scripts/reference/requirements.txt
#      (venv.sh: .venv-bench at the repository root, or VENV=DIR);
#   2. ours: cargo bench -p llmpath-labs-llm --bench llm (criterion; the folder in
#      LLMPATH_BENCH_DIR, criterion's output under it);
#   3. theirs: llm.py time, PyTorch on the same network and batches;
#   4. the table: a training step and a forward pass in ms and tokens/s, ours / theirs; both
#      sides' loss on batch 0 at the initial weights; threads, versions and the load average.
#
# THREADS (default 2) sets RAYON_NUM_THREADS (gemm's threads, our fused ops'), OMP_NUM_THREADS
# and MKL_NUM_THREADS, and torch.set_num_threads. Ours runs twice: first with candle's barrier
# pool as wide (CANDLE_NUM_THREADS=THREADS, candle's default), printed only, then with the pool
# off (CANDLE_NUM_THREADS=1: candle's element-wise ops on the calling thread), which the table
# reports: the pool's worker spins and waits at a barrier around every element-wise op of the
# GPT's hundreds a step, and held a core gemm wanted (76 against 52 ms a step, 2 threads, on
# 2026-11-30). QUICK=1: a dry run.
# Results: BENCHMARKS.md, "The GPT side by side (issue #8)".
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
threads="${THREADS:-2}"

# shellcheck source=venv.sh
source "$here/venv.sh"
bench_venv numpy torch

export LLMPATH_DATA="${LLMPATH_DATA:-$root/../shared/data}"
export RAYON_NUM_THREADS=$threads
export OMP_NUM_THREADS=$threads MKL_NUM_THREADS=$threads THREADS=$threads
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

echo "== $(date -u +%FT%TZ), commit $(git -C "$root" rev-parse --short HEAD), $(getconf _NPROCESSORS_ONLN) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $threads threads a side"
echo "   load average: $(cut -d' ' -f1-3 /proc/loadavg)"

for pool in "$threads" 1; do
    echo "== ours: CANDLE_NUM_THREADS=$pool cargo bench -p llmpath-labs-llm --bench llm"
    # The last run (the pool off) leaves its results where llm.py reads them.
    if ! (cd "$root" && CANDLE_NUM_THREADS=$pool LLMPATH_BENCH_DIR=$dir \
        CRITERION_HOME=$dir/criterion cargo bench -p llmpath-labs-llm --bench llm) \
        >"$dir/cargo.log" 2>&1; then
        tail -n 40 "$dir/cargo.log"
        exit 1
    fi
    grep -E '^llm/|time:' "$dir/cargo.log"
done
echo "   load average: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== theirs: llm.py time"
"$venv/bin/python" "$here/llm.py" time "$dir"

echo "== ours / theirs (median of 10 samples each side; a step is 768 tokens)"
"$venv/bin/python" "$here/llm.py" table "$dir"
