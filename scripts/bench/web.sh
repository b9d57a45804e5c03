#!/usr/bin/env bash
# The dashboard under load (issue #6): `llmpath serve` on a realistic history, measured with wrk.
# Target: p99 under 20 ms for / and /roadmap at 200 concurrent connections on 2 cores.
#
#   1. cargo build --release -p llmpath;
#   2. a temporary LLMPATH_HOME with six months of history, written through the CLI only (each
#      command with LLMPATH_NOW set to its day): a plan made on the first day and re-planned
#      half-way, 60 topics with statuses (45 done, 10 learning, 5 skipped) and a few hundred
#      study sessions (some on no topic); LAB=ID adds one `llmpath lab run ID --quick` (it builds
#      the lab crate: not cheap the first time);
#   3. llmpath serve --port 0, then every page once (each must answer 200) and a short wrk run as
#      a warm-up;
#   4. wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency on /, /roadmap, /topics/ID and
#      /api/status, without Accept-Encoding (wrk's default) and, for the two pages, with
#      `Accept-Encoding: gzip`;
#   5. a table: p50, p90, p99, requests/s, the server's CPU time per request (user + system,
#      from /proc: the figure the machine's other work disturbs least) and the load average
#      before and after each run; then whether the target was met, and the CPU.
#
# THREADS (default 2), CONNECTIONS (default 200) and DURATION (default 15s) are wrk's -t, -c and
# -d; KEEP=1 keeps the temporary folder (the home, for a profiler). The machine's other work
# counts: read every result beside its load average.
# Results: BENCHMARKS.md, "Dashboard under load (issue #6)".
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
threads="${THREADS:-2}"
connections="${CONNECTIONS:-200}"
duration="${DURATION:-15s}"
target_ms=20

if ! command -v wrk >/dev/null; then
    echo "wrk is not installed: sudo apt-get install wrk (or build it from https://github.com/wg/wrk)" >&2
    exit 1
fi
for tool in curl awk; do
    command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 1; }
done

dir=$(mktemp -d)
server=""
cleanup() {
    if [ -n "$server" ]; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    if [ -n "${KEEP:-}" ]; then
        echo "   kept: $dir (LLMPATH_HOME=$dir/home)"
    else
        rm -rf "$dir"
    fi
}
trap cleanup EXIT
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "== $(date -u +%FT%TZ), $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
echo "   load average: $(load)"
echo "== cargo build --release -p llmpath"
if ! (cd "$root" && cargo build --release -p llmpath) >"$dir/cargo.log" 2>&1; then
    tail -n 40 "$dir/cargo.log"
    exit 1
fi
llmpath="$root/target/release/llmpath"

# --- The history, through the CLI -------------------------------------------------------------
export LLMPATH_HOME="$dir/home" LLMPATH_LANG=en
unset LLMPATH_NOW
days=182
first=$(date -u -d "today - $days days" +%F)
cli() { # cli DAY HH:MM ARGS...: one llmpath command as if run then
    local day=$1 time=$2
    shift 2
    LLMPATH_NOW="$(date -u -d "$first + $day days" +%F)T$time:00Z" "$llmpath" "$@" >>"$dir/history.log" 2>&1 || {
        echo "failed: llmpath $*" >&2
        tail -n 5 "$dir/history.log" >&2
        exit 1
    }
}
echo "== history: $days days from $first"
mapfile -t topics < <("$llmpath" --json path | grep -oE '"id": "s[0-9]+\.[^".]+\.[^".]+"' | cut -d'"' -f4)
[ "${#topics[@]}" -ge 80 ] || { echo "expected at least 80 topics, found ${#topics[@]}" >&2; exit 1; }
started=55 # topics 0..54 are started in order; 0..44 are done by now, 45..54 still learning
cli 0 08:00 plan --hours-per-week 10 --start "$first"
sessions=0
next=0
for ((day = 0; day < days; day++)); do
    # One topic every ~3.3 days: start it, and finish the one before (the first 45 only).
    while [ "$next" -lt "$started" ] && [ $((next * days)) -le $((day * started)) ]; do
        cli "$day" 18:00 start "${topics[$next]}"
        if [ "$next" -ge 1 ] && [ "$next" -le 45 ]; then
            cli "$day" 18:05 done "${topics[$((next - 1))]}"
        fi
        next=$((next + 1))
    done
    if [ "$day" -eq 91 ]; then
        cli "$day" 08:00 plan --replan
    fi
    # Six study days a week, two sessions on every other one; every fifth on no topic.
    if [ $(((day + 3) % 7)) -eq 6 ]; then
        continue
    fi
    for ((n = 0; n < 1 + day % 2; n++)); do
        minutes=$((20 + (day * 37 + n * 53) % 100))
        current=$((next > 0 ? next - 1 : 0))
        if [ $((sessions % 5)) -eq 4 ]; then
            cli "$day" "19:$((10 + n * 30))" log "${minutes}m" --note "reading, session $sessions"
        else
            cli "$day" "19:$((10 + n * 30))" log "${minutes}m" --topic "${topics[$current]}" --note "session $sessions"
        fi
        sessions=$((sessions + 1))
    done
done
for i in 75 76 77 78 79; do
    cli $((days - 1)) 20:00 skip "${topics[$i]}"
done
if [ -n "${LAB:-}" ]; then
    echo "== llmpath lab run $LAB --quick"
    "$llmpath" lab run "$LAB" --quick >>"$dir/history.log" 2>&1
fi
learning="${topics[$((started - 1))]}"
echo "   $sessions study sessions, $started topics started (45 done), 5 skipped, 2 plan revisions"
echo "   database: $(du -h "$LLMPATH_HOME/progress.sqlite3" 2>/dev/null | cut -f1 || echo '?')"

# --- The server -------------------------------------------------------------------------------
"$llmpath" serve --port 0 >"$dir/serve.out" 2>"$dir/serve.err" &
server=$!
url=""
for _ in $(seq 100); do
    url=$(grep -oE 'http://[0-9.]+:[0-9]+/' "$dir/serve.out" || true)
    [ -n "$url" ] && break
    sleep 0.1
done
if [ -z "$url" ]; then
    echo "llmpath serve did not start:" >&2
    cat "$dir/serve.err" >&2
    exit 1
fi
base="${url%/}"
paths=("/" "/roadmap" "/topics/$learning" "/api/status")
echo "== $base (server pid $server)"
for path in "${paths[@]}"; do
    for encoding in identity gzip; do
        out=$(curl -s -o /dev/null -H "Accept-Encoding: $encoding" \
            -w '%{http_code} %{size_download} %header{content-encoding}' "$base$path")
        read -r code size used <<<"$out"
        [ "$code" = 200 ] || { echo "$path answered $code" >&2; exit 1; }
        printf '   %-36s %-8s %7s bytes%s\n' "$path" "$encoding" "$size" "${used:+ ($used)}"
    done
done
echo "== warm-up: wrk -t$threads -c$connections -d3s $base/"
wrk -t"$threads" -c"$connections" -d3s "$base/" >/dev/null

# --- The runs ---------------------------------------------------------------------------------
# wrk's latency percentiles, in ms: "50% 1.23ms" → 1.23.
ms() {
    awk -v p="$1%" '$1 == p {
        v = $2; unit = v; sub(/^[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v);
        if (unit == "us") v /= 1000; else if (unit == "s") v *= 1000; else if (unit == "m") v *= 60000;
        printf "%.2f", v }' "$2"
}
results="$dir/results"
: >"$results"
# The server's CPU time so far (user + system), in clock ticks.
ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
hz=$(getconf CLK_TCK)
run() { # run PATH ENCODING
    local path=$1 encoding=$2 out="$dir/wrk.txt" before after cpu0 cpu1 requests headers=()
    if [ "$encoding" = gzip ]; then
        headers=(-H "Accept-Encoding: gzip")
    fi
    before=$(load)
    cpu0=$(ticks)
    wrk -t"$threads" -c"$connections" -d"$duration" --latency "${headers[@]}" "$base$path" >"$out"
    cpu1=$(ticks)
    after=$(load)
    requests=$(awk '/requests in/ {print $1}' "$out")
    local errors
    errors=$(grep -E 'Non-2xx|Socket errors' "$out" | xargs || true)
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |%s\n' "$path" "$encoding" \
        "$(ms 50 "$out")" "$(ms 90 "$out")" "$(ms 99 "$out")" \
        "$(awk '/^Requests\/sec/ {printf "%.0f", $2}' "$out")" \
        "$(awk -v t=$((cpu1 - cpu0)) -v hz="$hz" -v n="$requests" 'BEGIN {printf "%.0f", t / hz / n * 1e6}')" \
        "$before" "$after" "${errors:+ $errors}" | tee -a "$results"
}
echo "== wrk -t$threads -c$connections -d$duration --latency"
echo "| path | Accept-Encoding | p50 ms | p90 ms | p99 ms | requests/s | server CPU µs/request | load before | load after |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |"
run / identity
run /roadmap identity
run "/topics/$learning" identity
run /api/status identity
run / gzip
run /roadmap gzip

echo "== target: p99 < $target_ms ms for / and /roadmap at $connections connections"
awk -F'|' -v t="$target_ms" '$2 ~ /^ \/(roadmap)? $/ {
    p99 = $6 + 0; printf "   %-10s %-9s p99 %6.2f ms: %s\n", $2, $3, p99, (p99 < t ? "met" : "missed") }' "$results"
echo "   CPU: $(nproc) × $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average now: $(load)"
