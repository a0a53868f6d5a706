#!/bin/bash
# @file bench/update_bench.sh
# @brief The cost of a small update of a large index: dalil-index on a copy of INDEX with UPDATE.jsonl, N rounds.
#
#   bench/update_bench.sh INDEX UPDATE.jsonl [ROUNDS] [BINARY...]
#
# For each round and each binary (default build/release/indexer/dalil-index), in turn: copies INDEX
# (a built index, left untouched) to a scratch folder, runs `BINARY --index COPY --threads 1 -q
# --summary-json UPDATE.jsonl` under /usr/bin/time, and records wall and CPU seconds (user + sys)
# and the summary's spelling_seconds, name_table_seconds and table_commit_seconds. Prints one Markdown row per binary with
# the medians, and the load average. A small update should cost what it touches, not a pass over
# the whole index (docs/PERFORMANCE.md, session 7).
set -euo pipefail
REPO=$(readlink -f "$(dirname "$0")/..")
INDEX=$(readlink -f "${1:?INDEX}")
UPDATE=$(readlink -f "${2:?UPDATE.jsonl}")
ROUNDS=${3:-5}
shift $(($# < 3 ? $# : 3))
BINARIES=("$@")
[[ ${#BINARIES[@]} -gt 0 ]] || BINARIES=("$REPO/build/release/indexer/dalil-index")
WORK=$(mktemp -d /tmp/dalil-update.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((r = 1; r <= ROUNDS; r++)); do
  for i in "${!BINARIES[@]}"; do
    rm -rf "$WORK/ix"
    cp -r "$INDEX" "$WORK/ix"
    /usr/bin/time -f "%e %U %S" -o "$WORK/time" "${BINARIES[$i]}" --index "$WORK/ix" --threads 1 -q \
      --summary-json "$UPDATE" > "$WORK/summary" 2> /dev/null
    read -r wall user sys < "$WORK/time"
    /usr/bin/python3 - "$WORK/summary" "$wall" "$user" "$sys" >> "$WORK/rows.$i" <<'EOF'
import json, sys
s = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
# Older builds have no table passes (0).
print(sys.argv[2], float(sys.argv[3]) + float(sys.argv[4]), s.get("spelling_seconds", 0), s.get("name_table_seconds", 0),
      s.get("table_commit_seconds", 0))
EOF
  done
done
echo "| binary | rounds | wall s | CPU s | spelling table s | name table s | table commit s |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for i in "${!BINARIES[@]}"; do
  /usr/bin/python3 - "$WORK/rows.$i" "${BINARIES[$i]}" <<'EOF'
import statistics, sys
rows = [list(map(float, line.split())) for line in open(sys.argv[1])]
med = [statistics.median(col) for col in zip(*rows)]
print(f"| {sys.argv[2]} | {len(rows)} | {med[0]:.2f} | {med[1]:.2f} | {med[2]:.3f} | {med[3]:.3f} | {med[4]:.3f} |")
EOF
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
