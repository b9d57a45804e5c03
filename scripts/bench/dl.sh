#!/usr/bin/env bash
# Deep learning side by side (issue #7): candle (the labs/deep library) and our from-scratch
# tensor engine (labs/neural) against PyTorch, the same networks, batches of 128 and threads, in
# one run.
#
#   1. a virtual environment with torch pinned as in scripts/reference/requirements.txt:
#      .venv-bench at the repository root (gitignored), or VENV=DIR to use one already made
#      (PyPI's torch pulls its CUDA wheels, ~2.8 GB, and runs on the CPU);
#   2. dl.py prepare: the MNIST batches both sides train on, as .npy files in a temporary folder;
#   3. ours: cargo bench -p llmpath-labs-deep --bench dl (candle, f32; it also writes the CIFAR-10
#      batches) and cargo bench -p llmpath-labs-neural --bench dl (the engine, f64), criterion,
#      the folder in LLMPATH_BENCH_DIR, criterion's output under it;
#   4. theirs: dl.py time, PyTorch on the same networks and batches;
#   5. the table: workload, ours, theirs (a training step and an epoch of 60 000 images), ours /
#      theirs; the parts of a LeNet step; each side's loss on batch 0 at the initial weights;
#      threads, versions and the load average;
#   6. ROUNDS rounds of the candle training steps and PyTorch's, and their table.
#
# THREADS (default 2) sets RAYON_NUM_THREADS and CANDLE_NUM_THREADS (candle's pool and gemm),
# MATMUL_NUM_THREADS (the engine's matrixmultiply), OMP_NUM_THREADS and MKL_NUM_THREADS, and
# torch.set_num_threads. QUICK=1: a dry run (0.3 s of samples a workload instead of 3 s).
# ROUNDS (default 8; 0: none): after the table, that many rounds of the three candle training
# steps then PyTorch's, BENCH_BUDGET_S (default 1) seconds of samples a workload, and the median
# of the rounds' ratios.
# Results: BENCHMARKS.md, "Deep learning side by side (issue #7)".
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
threads="${THREADS:-2}"
rounds="${ROUNDS:-8}"

# shellcheck source=venv.sh
source "$here/venv.sh"
bench_venv numpy torch

export LLMPATH_DATA="${LLMPATH_DATA:-$root/../shared/data}"
export RAYON_NUM_THREADS=$threads CANDLE_NUM_THREADS=$threads MATMUL_NUM_THREADS=$threads
export OMP_NUM_THREADS=$threads MKL_NUM_THREADS=$threads THREADS=$threads
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

echo "== $(date -u +%FT%TZ), commit $(git -C "$root" rev-parse --short HEAD), $(getconf _NPROCESSORS_ONLN) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $threads threads a side"
echo "   load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$venv/bin/python" "$here/dl.py" prepare "$dir"

for crate in deep neural; do
    echo "== ours: cargo bench -p llmpath-labs-$crate --bench dl"
    if ! (cd "$root" && LLMPATH_BENCH_DIR=$dir CRITERION_HOME=$dir/criterion \
        cargo bench -p "llmpath-labs-$crate" --bench dl) >"$dir/cargo.log" 2>&1; then
        tail -n 40 "$dir/cargo.log"
        exit 1
    fi
    grep -E '^dl/|time:' "$dir/cargo.log"
    echo "   load average: $(cut -d' ' -f1-3 /proc/loadavg)"
done

echo "== theirs: dl.py time"
"$venv/bin/python" "$here/dl.py" time "$dir"

echo "== ours / theirs (median of 10 samples each side; an epoch is 468.75 steps of MNIST, 390.625 of CIFAR-10)"
"$venv/bin/python" "$here/dl.py" table "$dir"

# Then rounds of the three candle steps and PyTorch's, seconds apart: the shared machine's speed
# drifts (other tenants), so each round's ratio compares both sides under the same conditions.
if [ "$rounds" -gt 0 ]; then
    export BENCH_BUDGET_S="${BENCH_BUDGET_S:-$([ "${QUICK:-}" = 1 ] && echo 0.3 || echo 1)}"
    for round in $(seq 1 "$rounds"); do
        out="$dir/round$round"
        mkdir -p "$out"
        if ! (cd "$root" && LLMPATH_BENCH_DIR=$dir CRITERION_HOME=$out/criterion \
            cargo bench -p llmpath-labs-deep --bench dl -- 'candle_(mlp|lenet|resnet)') \
            >"$dir/cargo.log" 2>&1; then
            tail -n 40 "$dir/cargo.log"
            exit 1
        fi
        "$venv/bin/python" "$here/dl.py" steps "$dir" "$out" 2>/dev/null
    done
    echo "== rounds: ours / theirs, the training steps"
    "$venv/bin/python" "$here/dl.py" rounds "$dir"
fi
