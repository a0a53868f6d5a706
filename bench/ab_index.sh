#!/bin/bash
# @file bench/ab_index.sh
# @brief Interleaved indexing rounds of several dalil-index binaries on one corpus; medians and ratios.
#
#   bench/ab_index.sh CORPUS.jsonl ROUNDS NAME=BINARY [NAME=BINARY ...] [-- DALIL-INDEX ARGS...]
#
# Each round runs every binary once, one after the other, on a fresh index in a scratch folder
# (`--index DIR -q CORPUS` plus the arguments after --), under /usr/bin/time. This VM's speed drifts
# by a third between minutes, so builds are compared in the same rounds, never in separate runs.
# Prints one line per run (wall s, CPU s = user + sys, peak RSS MB, load average) on stderr and a
# Markdown table of the medians with each binary's ratio to the first on stdout.
set -euo pipefail
CORPUS=${1:?CORPUS.jsonl}
ROUNDS=${2:?ROUNDS}
shift 2
ENTRIES=()
while [[ $# -gt 0 && $1 != "--" ]]; do ENTRIES+=("$1"); shift; done
[[ ${1:-} == "--" ]] && shift
EXTRA=("$@")
[[ ${#ENTRIES[@]} -ge 1 ]] || { echo "usage: $0 CORPUS ROUNDS NAME=BINARY..." >&2; exit 2; }
WORK=$(mktemp -d /tmp/dalil-ab-index.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
for ((r = 1; r <= ROUNDS; r++)); do
  for entry in "${ENTRIES[@]}"; do
    name=${entry%%=*}
    binary=${entry#*=}
    rm -rf "$WORK/ix"
    /usr/bin/time -f "%e %U %S %M" -o "$WORK/time" "$binary" --index "$WORK/ix" -q "${EXTRA[@]}" \
      "$CORPUS" > /dev/null 2> "$WORK/err" || { cat "$WORK/err" >&2; exit 1; }
    read -r wall user sys rss < "$WORK/time"
    load=$(cut -d' ' -f1 /proc/loadavg)
    echo "round $r $name wall $wall cpu $(awk "BEGIN { print $user + $sys }") rss_mb $((rss / 1024)) load $load" >&2
    echo "$name $wall $user $sys $rss" >> "$WORK/rows"
  done
done
/usr/bin/python3 - "$WORK/rows" "${ENTRIES[@]%%=*}" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
names = sys.argv[2:]
med = {}
for name in names:
    mine = [r for r in rows if r[0] == name]
    wall = statistics.median(float(r[1]) for r in mine)
    cpu = statistics.median(float(r[2]) + float(r[3]) for r in mine)
    rss = statistics.median(int(r[4]) for r in mine) / 1024
    med[name] = (wall, cpu, rss, len(mine))
first = med[names[0]]
print("| binary | runs | wall s | CPU s | peak RSS MB | wall ratio | CPU ratio |")
print("|---|---:|---:|---:|---:|---:|---:|")
for name in names:
    wall, cpu, rss, n = med[name]
    print(f"| {name} | {n} | {wall:.2f} | {cpu:.2f} | {rss:.0f} | {wall / first[0]:.3f} | {cpu / first[1]:.3f} |")
PY
