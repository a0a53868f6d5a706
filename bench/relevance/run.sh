#!/usr/bin/env bash
# @file bench/relevance/run.sh
# @brief One command: build Dalil (Release), index the judged corpora (reused if present), serve, run run.py, stop.
#
#   bench/relevance/run.sh [WORKDIR] [--label NAME] [--index-flags "FLAGS"]
#
# WORKDIR (default /tmp/dalil-relevance) holds index/ and results.jsonl. The index is reused when
# WORKDIR/index exists; delete it to re-index (needed after an analyzer change). --index-flags go to
# dalil-index (e.g. "--arabic-stemmer snowball"). The label defaults to the index's 'dalil.analyzer' metadata.
# Environment: DALIL_CORPORA (default ../shared/corpora beside the repo); DALIL_BUILD_PRESET (default
# release) picks the CMake preset whose binaries are used (ci reuses a test build on a busy machine).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
WORKDIR=/tmp/dalil-relevance
LABEL=
INDEX_FLAGS=
while [[ $# -gt 0 ]]; do
  case $1 in
    --label) LABEL=$2; shift 2 ;;
    --index-flags) INDEX_FLAGS=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) WORKDIR=$1; shift ;;
  esac
done
CORPORA=${DALIL_CORPORA:-$REPO/../shared/corpora}
mkdir -p "$WORKDIR"
WORKDIR=$(readlink -f "$WORKDIR")
log() { echo "relevance: $*" >&2; }

PRESET=${DALIL_BUILD_PRESET:-release}
log "building ($PRESET)"
(cd "$REPO" && cmake --preset "$PRESET" >&2 &&
  cmake --build --preset "$PRESET" --target dalil-index dalil-searchd >&2)
INDEX_BIN=$REPO/build/$PRESET/indexer/dalil-index
SEARCHD_BIN=$REPO/build/$PRESET/searchd/dalil-searchd

if [[ -d $WORKDIR/index ]]; then
  log "reusing $WORKDIR/index"
else
  log "indexing into $WORKDIR/index (ANT takes about a minute per core-minute)"
  # shellcheck disable=SC2086 # the flags are words
  "$INDEX_BIN" --index "$WORKDIR/index" $INDEX_FLAGS \
    "$CORPORA"/ant-multisource-ar/ant-multisource-ar.part0{1,2,3}.jsonl \
    "$CORPORA"/reuters21578-en/reuters21578-en.jsonl \
    "$CORPORA"/bbc-news-en/bbc-news-en.jsonl \
    "$CORPORA"/quran-ar-en/quran-ar-en.jsonl >&2
fi

if [[ -z $LABEL ]]; then
  # the analyzer name is index metadata (xapian-tools)
  LABEL=$(xapian-metadata get "$WORKDIR/index" dalil.analyzer 2>/dev/null || true)
  LABEL=${LABEL:-dalil}
  LABEL="$LABEL@$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"
fi

OUT=$WORKDIR/searchd.out
"$SEARCHD_BIN" --index "$WORKDIR/index" --port 0 > "$OUT" 2> "$WORKDIR/searchd.err" &
PID=$!
trap 'kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true' EXIT
PORT=
for _ in $(seq 1 100); do
  PORT=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$OUT" | head -1 | sed 's/.*://' || true)
  [[ -n $PORT ]] && break
  kill -0 "$PID" 2>/dev/null || { cat "$WORKDIR/searchd.err" >&2; log "dalil-searchd exited"; exit 1; }
  sleep 0.1
done
[[ -n $PORT ]] || { log "no port in $OUT"; exit 1; }
log "dalil-searchd on port $PORT, label $LABEL"
/usr/bin/python3 "$HERE/run.py" --url "http://127.0.0.1:$PORT" --label "$LABEL" --out "$WORKDIR/results.jsonl"
