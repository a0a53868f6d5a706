#!/usr/bin/env bash
# @file bench/scale.sh
# @brief Scale curve: builds 10k/100k/1M passage sets from the real corpora, indexes and queries each.
#
#   bench/scale.sh [WORKDIR]        (default /tmp/dalil-scale; never inside the repository)
#
# For each size in SCALE_SIZES (default "10000 100000 1000000"): bench/make_passages.py builds the
# set from SCALE_INPUTS (default: the three ANT Arabic parts in ../shared/corpora), dalil-index
# builds a new index under /usr/bin/time -v (wall, CPU, peak RSS, text MB/s), the index size is
# read after xapian-compact, dalil-searchd serves it and bench/latency.py runs SCALE_QUERIES
# (default ../shared/peer-bench/queries/news-ar.txt) SCALE_RUNS times (default 3) per set.
# One JSON line per size is appended to WORKDIR/scale.jsonl; then bench/plot_scale.py writes
# WORKDIR/scale.png and a Markdown table (WORKDIR/scale.md, also on stdout).
# Uses the release binaries in build/release (built when missing). SCALE_INDEX_ARGS adds
# dalil-index flags (e.g. --threads 2).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$BENCH_DIR")
CORPORA=${SCALE_CORPORA:-$REPO/../shared/corpora}
WORKDIR=${1:-/tmp/dalil-scale}
SIZES=${SCALE_SIZES:-"10000 100000 1000000"}
QUERIES=${SCALE_QUERIES:-$REPO/../shared/peer-bench/queries/news-ar.txt}
RUNS=${SCALE_RUNS:-3}
PY=/usr/bin/python3
read -r -a INPUTS <<< "${SCALE_INPUTS:-$(ls "$CORPORA"/ant-multisource-ar/ant-multisource-ar.part*.jsonl | tr '\n' ' ')}"
read -r -a INDEX_ARGS <<< "${SCALE_INDEX_ARGS:-}"
INDEX_BIN=$REPO/build/release/indexer/dalil-index
SEARCHD_BIN=$REPO/build/release/searchd/dalil-searchd

log() { echo "scale: $*" >&2; }
die() { echo "scale: error: $*" >&2; exit 1; }

case "$(readlink -m "$WORKDIR")/" in
  "$(readlink -m "$REPO")"/*) die "WORKDIR must be outside the repository (the corpora's text must not enter it)" ;;
esac
mkdir -p "$WORKDIR"
WORKDIR=$(readlink -f "$WORKDIR")
[[ -r "$QUERIES" ]] || die "cannot read queries $QUERIES"
if [[ ! -x "$INDEX_BIN" || ! -x "$SEARCHD_BIN" ]]; then
  (cd "$REPO" && { [[ -f build/release/CMakeCache.txt ]] || cmake --preset release; } &&
    cmake --build --preset release) > "$WORKDIR/build.log" 2>&1 || die "release build failed"
fi

SPID=""
stop_server() {
  if [[ -n "$SPID" ]] && kill -0 "$SPID" 2>/dev/null; then
    kill -TERM "$SPID" 2>/dev/null || true
    wait "$SPID" 2>/dev/null || true
  fi
  SPID=""
}
trap stop_server EXIT

time_field() { awk -F': ' -v k="$2" '$1 ~ k { print $2 }' "$1" | head -1; }

for n in $SIZES; do
  set_file=$WORKDIR/passages-$n.jsonl
  if [[ ! -s "$set_file" ]]; then
    log "building $n passages"
    "$PY" "$BENCH_DIR/make_passages.py" "$n" "$set_file" "${INPUTS[@]}"
  fi
  "$PY" "$BENCH_DIR/corpus_meta.py" "$set_file" "$WORKDIR/meta-$n.json"
  ix=$WORKDIR/index-$n
  rm -rf "$ix" "$ix.compact"
  sync
  log "indexing $n passages"
  t0=$(date +%s.%N)
  /usr/bin/time -v -o "$WORKDIR/index-$n.time" "$INDEX_BIN" --index "$ix" -q --summary-json \
    "${INDEX_ARGS[@]}" "$set_file" > "$WORKDIR/index-$n.summary.json" 2> "$WORKDIR/index-$n.err" \
    || die "dalil-index failed on $n: $(tail -c 300 "$WORKDIR/index-$n.err")"
  t1=$(date +%s.%N)
  xapian-compact -m "$ix" "$ix.compact" > /dev/null
  index_mb=$(du -sm "$ix" | cut -f1)
  compact_mb=$(du -sm "$ix.compact" | cut -f1)
  rm -rf "$ix.compact"

  "$SEARCHD_BIN" --index "$ix" --port 0 > "$WORKDIR/searchd-$n.out" 2> "$WORKDIR/searchd-$n.err" &
  SPID=$!
  port=""
  for _ in $(seq 300); do
    port=$(sed -n 's|^dalil-searchd: serving .* on http://127\.0\.0\.1:\([0-9][0-9]*\).*|\1|p' "$WORKDIR/searchd-$n.out" | head -1)
    [[ -n "$port" ]] && break
    kill -0 "$SPID" 2>/dev/null || die "dalil-searchd exited: $(tail -c 300 "$WORKDIR/searchd-$n.err")"
    sleep 0.1
  done
  [[ -n "$port" ]] || die "dalil-searchd printed no port"
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" > /dev/null && break; sleep 0.1; done
  log "latency on $n passages (port $port)"
  "$PY" "$BENCH_DIR/latency.py" --port "$port" --queries "$QUERIES" --meta "$WORKDIR/meta-$n.json" \
    --out "$WORKDIR/latency-$n.json" --paths-dir "$WORKDIR/paths-$n" --runs "$RUNS"
  server_rss=$(awk '$1 == "VmHWM:" { printf "%.1f", $2 / 1024 }' "/proc/$SPID/status")
  stop_server

  "$PY" - "$n" "$t0" "$t1" "$WORKDIR" "$index_mb" "$compact_mb" "$server_rss" "$(nproc)" \
    "$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    "$(cut -d' ' -f1-3 /proc/loadavg)" >> "$WORKDIR/scale.jsonl" <<'EOF'
import json, sys
n, t0, t1, w, index_mb, compact_mb, rss, nproc, commit, load = sys.argv[1:]
tv = {}
for line in open('%s/index-%s.time' % (w, n)):
    if ':' in line:
        k, v = line.strip().rsplit(': ', 1) if ': ' in line else (line.strip(), '')
        tv[k.strip()] = v.strip()
meta = json.load(open('%s/meta-%s.json' % (w, n)))
lat = json.load(open('%s/latency-%s.json' % (w, n)))
wall = float(t1) - float(t0)
cpu = float(tv['User time (seconds)']) + float(tv['System time (seconds)'])
row = {'passages': int(n), 'text_mb': meta['text_mb'], 'jsonl_mb': meta.get('input_mb'),
       'index_wall_s': round(wall, 2), 'index_cpu_s': round(cpu, 2),
       'text_mb_per_s': round(meta['text_mb'] / wall, 3),
       'index_peak_rss_mb': round(int(tv['Maximum resident set size (kbytes)']) / 1024, 1),
       'index_mb': int(index_mb), 'compacted_mb': int(compact_mb), 'server_hwm_mb': float(rss),
       'nproc': int(nproc), 'commit': commit, 'loadavg_end': load}
for name, s in lat['sets'].items():
    row[name + '_p50_ms'] = s['lat_ms'].get('p50')
    row[name + '_p99_ms'] = s['lat_ms'].get('p99')
    row[name + '_took_p50_ms'] = s['took_ms'].get('p50')
    row[name + '_errors'] = s['errors']
row['filtered_mode'] = lat['filtered']['mode']
print(json.dumps(row))
EOF
  log "$(tail -1 "$WORKDIR/scale.jsonl")"
done

"$PY" "$BENCH_DIR/plot_scale.py" "$WORKDIR/scale.jsonl" "$WORKDIR/scale.png" | tee "$WORKDIR/scale.md"
