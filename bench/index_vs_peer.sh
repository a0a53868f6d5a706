#!/bin/bash
# @file bench/index_vs_peer.sh
# @brief Indexing only: dalil-index against the Xapian TermGenerator peer on one corpus, one run; prints the ratio.
#
#   bench/index_vs_peer.sh [CORPUS.jsonl] [WORKDIR]
#
# CORPUS defaults to /tmp/ant20k.jsonl (the peer harness's 20k ANT sample, see docs/PERFORMANCE.md).
# Runs, one after the other under `nice -n ${BENCH_NICE:-5}` and /usr/bin/time -v:
#   the peer  (../shared/peer-bench/src/xapian_peer.cc, compiled into WORKDIR as peers/xapian.sh does),
#   dalil-index --threads ${BENCH_THREADS:-2}            (default flags, spelling table and name keys)
#   dalil-index --threads ${BENCH_THREADS:-2} --no-name-keys
# and prints a Markdown table (wall s, CPU s = user + sys, text MB/s = the peer harness's text MB
# (title + body) / wall s, peak RSS) with each Dalil row's text MB/s ratio to the peer's, plus the
# load average before and after. BENCH_BUILD=0 uses the existing build/release/indexer/dalil-index;
# DALIL_INDEX=path uses another binary; BENCH_DALIL_FLAGS="..." replaces the two Dalil flag sets
# (each set separated by ';', e.g. "--no-spelling;--no-name-keys --no-spelling").
set -euo pipefail
REPO=$(readlink -f "$(dirname "$0")/..")
CORPUS=$(readlink -f "${1:-/tmp/ant20k.jsonl}")
WORKDIR=${2:-$(mktemp -d /tmp/dalil-ivp.XXXXXX)}
mkdir -p "$WORKDIR"
WORKDIR=$(readlink -f "$WORKDIR")
case $WORKDIR/ in "$REPO"/*) echo "WORKDIR must be outside the repository" >&2; exit 2 ;; esac
PEERS_DIR=${BENCH_PEERS_DIR:-$REPO/../shared/peer-bench}
THREADS=${BENCH_THREADS:-2}
NICE=${BENCH_NICE:-5}
PY=/usr/bin/python3
[[ -f $CORPUS ]] || { echo "no corpus $CORPUS" >&2; exit 2; }

if [[ -z ${DALIL_INDEX:-} ]]; then
  if [[ ${BENCH_BUILD:-1} == 1 ]]; then
    (cd "$REPO" && cmake --preset release >/dev/null && cmake --build --preset release --target dalil-index >&2)
  fi
  DALIL_INDEX=$REPO/build/release/indexer/dalil-index
fi
PEER_BIN=$WORKDIR/xapian_peer
if [[ ! -x $PEER_BIN || $PEERS_DIR/src/xapian_peer.cc -nt $PEER_BIN ]]; then
  # the same command as the harness's common/build.sh
  g++ -O2 -std=c++17 "$PEERS_DIR/src/xapian_peer.cc" $(xapian-config --cxxflags --libs) -o "$PEER_BIN"
fi
$PY "$PEERS_DIR/common/prep.py" "$CORPUS" "$WORKDIR/prep" >&2
TEXT_MB=$($PY -c "import json,sys; print(json.load(open(sys.argv[1]))['text_mb'])" "$WORKDIR/prep/meta.json")

load() { cut -d' ' -f1-3 /proc/loadavg; }
# run NAME CMD...: times CMD, appends "name wall cpu rss" to WORKDIR/rows
run() {
  local name=$1; shift
  local t0 t1
  sync
  t0=$(date +%s.%N)
  nice -n "$NICE" /usr/bin/time -f "%U %S %M" -o "$WORKDIR/$name.time" "$@" >"$WORKDIR/$name.out" 2>"$WORKDIR/$name.err" \
    || { echo "$name failed: $(tail -c 300 "$WORKDIR/$name.err")" >&2; exit 1; }
  t1=$(date +%s.%N)
  read -r user sys rss < <(tail -1 "$WORKDIR/$name.time")
  echo "$name $(echo "$t1 - $t0" | bc) $(echo "$user + $sys" | bc) $((rss / 1024))" >>"$WORKDIR/rows"
}

: >"$WORKDIR/rows"
LOAD_BEFORE=$(load)
rm -rf "$WORKDIR/peer-db"
run peer "$PEER_BIN" index "$WORKDIR/peer-db" "$WORKDIR/prep/docs.tsv"
IFS=';' read -r -a FLAG_SETS <<<"${BENCH_DALIL_FLAGS:-;--no-name-keys}"
i=0
for flags in "${FLAG_SETS[@]}"; do
  rm -rf "$WORKDIR/dalil-index-$i"
  # shellcheck disable=SC2086
  run "dalil$i" "$DALIL_INDEX" --index "$WORKDIR/dalil-index-$i" -q --threads "$THREADS" $flags "$CORPUS"
  echo "dalil$i ${flags:-(default flags)}" >>"$WORKDIR/flags"
  i=$((i + 1))
done
LOAD_AFTER=$(load)

$PY - "$WORKDIR/rows" "$TEXT_MB" "$THREADS" "${FLAG_SETS[@]}" <<'EOF'
import sys
rows = [l.split() for l in open(sys.argv[1])]
text_mb, threads, flag_sets = float(sys.argv[2]), sys.argv[3], sys.argv[4:]
peer_mbs = text_mb / float(rows[0][1])
print(f"| indexer | wall s | CPU s | text MB/s | peak RSS MB | MB/s ratio to peer | CPU ratio (peer / this) |")
print("|---|---:|---:|---:|---:|---:|---:|")
for name, wall, cpu, rss in rows:
    wall, cpu = float(wall), float(cpu)
    if name == "peer":
        label = "Xapian TermGenerator peer (1 thread)"
    else:
        flags = flag_sets[int(name[5:])].strip()
        label = f"dalil-index --threads {threads} {flags or '(default flags)'}"
    print(f"| {label} | {wall:.1f} | {cpu:.1f} | {text_mb / wall:.2f} | {rss} | "
          f"{text_mb / wall / peer_mbs:.2f} | {float(rows[0][2]) / cpu:.2f} |")
EOF
echo
echo "text: $TEXT_MB MB; load average before: $LOAD_BEFORE, after: $LOAD_AFTER; $(nproc) cores; work: $WORKDIR"
