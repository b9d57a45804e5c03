#!/usr/bin/env bash
# Regenerates scripts/reference/golden/*.json: creates .venv-reference at the repository root
# (gitignored), installs the pinned requirements and runs every reference script, or only the
# ones named: scripts/reference/run.sh calculus linear_algebra
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$root/.venv-reference"
python="${PYTHON:-python3}"

if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"

export LLMPATH_DATA="${LLMPATH_DATA:-$root/../shared/data}"
mkdir -p "$here/golden"
if [ "$#" -gt 0 ]; then
    scripts=("$@")
else
    scripts=()
    for path in "$here"/*.py; do
        name="$(basename "$path" .py)"
        case "$name" in common | splitmix) ;; *) scripts+=("$name") ;; esac  # helper modules
    done
fi
for name in "${scripts[@]}"; do
    echo "== $name"
    "$venv/bin/python" "$here/$name.py" "$here/golden/$name.json"
done
