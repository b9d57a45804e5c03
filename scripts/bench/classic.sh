#!/usr/bin/env bash
# Classic ML side by side (issue #4): our labs' algorithms against NumPy / SciPy / scikit-learn
# on the same data, the same precision and the same number of threads, in one run.
#
#   1. .venv-bench at the repository root (gitignored): numpy, scipy and scikit-learn pinned
#      as in scripts/reference/requirements.txt;
#   2. classic.py prepare: the inputs both sides read, as .npy files in a temporary folder;
#   3. ours: cargo bench -p llmpath-labs-classic --bench classic (criterion; the folder in
#      LLMPATH_BENCH_DIR, criterion's output under it);
#   4. theirs: classic.py time, with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for that
#      command alone, so OpenBLAS picks its kernel for this CPU (threadpoolctl reports which);
#   5. the table: workload, ours (ms), theirs (ms), ours / theirs; then each side's answer,
#      threads, kernels, versions and the load average.
#
# THREADS (default: the number of CPUs) sets RAYON_NUM_THREADS (faer, the labs' chunked loops),
# MATMUL_NUM_THREADS (ndarray's matrixmultiply) and OMP_NUM_THREADS, OPENBLAS_NUM_THREADS,
# MKL_NUM_THREADS (NumPy / SciPy / scikit-learn) alike.
# Results: BENCHMARKS.md, "Classic ML side by side (issue #4)".
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
threads="${THREADS:-$(nproc)}"

# shellcheck source=venv.sh
source "$here/venv.sh"
bench_venv numpy scipy scikit-learn

export LLMPATH_DATA="${LLMPATH_DATA:-$root/../shared/data}"
export RAYON_NUM_THREADS=$threads MATMUL_NUM_THREADS=$threads OMP_NUM_THREADS=$threads
export OPENBLAS_NUM_THREADS=$threads MKL_NUM_THREADS=$threads
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

echo "== $(date -u +%FT%TZ), $(getconf _NPROCESSORS_ONLN) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $threads threads a side"
echo "   OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE-<unset>} OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE-<unset>} here; unset for NumPy below"
echo "   load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$venv/bin/python" "$here/classic.py" prepare "$dir"

echo "== ours: cargo bench -p llmpath-labs-classic --bench classic"
if ! (cd "$root" && LLMPATH_BENCH_DIR=$dir CRITERION_HOME=$dir/criterion \
    cargo bench -p llmpath-labs-classic --bench classic) >"$dir/cargo.log" 2>&1; then
    tail -n 40 "$dir/cargo.log"
    exit 1
fi
grep -E '^classic/|time:' "$dir/cargo.log"
echo "   load average: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== theirs: classic.py time"
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$venv/bin/python" "$here/classic.py" time "$dir"

echo "== ours / theirs (median of 10 samples each side)"
"$venv/bin/python" "$here/classic.py" table "$dir"
