# Sourced by the side-by-side benches (classic.sh, dl.sh, llm.sh) after they set $root:
# `bench_venv PACKAGE...` sets $venv to VENV, or .venv-bench at the repository root (gitignored),
# makes it if missing, and installs those packages at the versions pinned in
# scripts/reference/requirements.txt, so both sides of every table run the same pins.
bench_venv() {
    venv="${VENV:-$root/.venv-bench}"
    if [ ! -x "$venv/bin/python" ]; then
        "${PYTHON:-python3}" -m venv "$venv"
    fi
    local names pins
    names=$(IFS='|'; echo "$*")
    pins=$(grep -E "^($names)==" "$root/scripts/reference/requirements.txt")
    # shellcheck disable=SC2086  # one argument per pin
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check $pins
}
