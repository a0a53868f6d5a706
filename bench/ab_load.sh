#!/bin/bash
# @file bench/ab_load.sh
# @brief Interleaved wrk rounds (1, 8, 64 connections) against several dalil-searchd binaries on one index.
#
#   bench/ab_load.sh INDEX PATHS_FILE ROUNDS SECONDS NAME=BINARY [NAME=BINARY ...]
#
# PATHS_FILE holds request paths, one a line (/api/search?q=..., as latency.py writes them). Each
# round starts every binary in turn on INDEX (port 0, the printed port), warms it with 2 s of one
# connection, runs wrk with bench/wrk_queries.lua for SECONDS at 1, 8 and 64 connections, reads
# the server's peak RSS, and stops it. This VM's speed drifts between minutes, so builds are
# compared in the same rounds. Prints one line per step on stderr and a Markdown table of the
# medians (req/s, p50, p99, errors, peak RSS) on stdout.
set -euo pipefail
INDEX=${1:?INDEX}
PATHS=$(readlink -f "${2:?PATHS_FILE}")
ROUNDS=${3:?ROUNDS}
SECONDS_EACH=${4:?SECONDS}
shift 4
[[ $# -ge 1 ]] || { echo "usage: $0 INDEX PATHS ROUNDS SECONDS NAME=BINARY..." >&2; exit 2; }
LUA=$(readlink -f "$(dirname "$0")")/wrk_queries.lua
WORK=$(mktemp -d /tmp/dalil-ab-load.XXXXXX)
SERVER=0
cleanup() {
  [[ $SERVER != 0 ]] && kill "$SERVER" 2> /dev/null && wait "$SERVER" 2> /dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
for ((r = 1; r <= ROUNDS; r++)); do
  for entry in "$@"; do
    name=${entry%%=*}
    binary=${entry#*=}
    "$binary" --index "$INDEX" --port 0 > "$WORK/out" 2> "$WORK/err" &
    SERVER=$!
    port=""
    for _ in $(seq 100); do
      port=$(grep -o 'http://[^ ]*:[0-9]*' "$WORK/out" | head -1 | sed 's/.*://') || true
      [[ -n $port ]] && break
      sleep 0.1
    done
    [[ -n $port ]] || { cat "$WORK/err" >&2; exit 1; }
    url=http://127.0.0.1:$port
    wrk -t 1 -c 1 -d 2s -s "$LUA" "$url" -- "$PATHS" > /dev/null 2>&1
    for conns in 1 8 64; do
      threads=$((conns < 2 ? conns : 2))
      line=$(wrk -t "$threads" -c "$conns" -d "${SECONDS_EACH}s" --timeout 10s --latency -s "$LUA" \
        "$url" -- "$PATHS" 2>&1 | grep '^WRKJSON ' | sed 's/^WRKJSON //')
      echo "$name $conns $line" >> "$WORK/rows"
      echo "round $r $name c$conns $line load $(cut -d' ' -f1 /proc/loadavg)" >&2
    done
    echo "$name rss $(awk '/VmHWM/ { print $2 }' "/proc/$SERVER/status")" >> "$WORK/rows"
    kill "$SERVER"
    wait "$SERVER" 2> /dev/null || true
    SERVER=0
  done
done
/usr/bin/python3 - "$WORK/rows" "${@%%=*}" <<'PY'
import json, statistics, sys
steps, rss = {}, {}
for line in open(sys.argv[1]):
    name, what, rest = line.rstrip("\n").split(" ", 2)
    if what == "rss":
        rss.setdefault(name, []).append(int(rest) / 1024)
    else:
        steps.setdefault((name, int(what)), []).append(json.loads(rest))
print("| binary | connections | runs | req/s | p50 ms | p99 ms | errors | peak RSS MB |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for name in sys.argv[2:]:
    for conns in (1, 8, 64):
        runs = steps.get((name, conns), [])
        if not runs:
            continue
        med = lambda f: statistics.median(f(s) for s in runs)
        rps = med(lambda s: s["requests"] / (s["duration_us"] / 1e6))
        errors = sum(s["errors_connect"] + s["errors_read"] + s["errors_write"] + s["errors_status"]
                     + s["errors_timeout"] for s in runs)
        print(f"| {name} | {conns} | {len(runs)} | {rps:.0f} | {med(lambda s: s['p50_us']) / 1000:.2f} | "
              f"{med(lambda s: s['p99_us']) / 1000:.2f} | {errors} | {statistics.median(rss[name]):.0f} |")
PY
