#!/usr/bin/env bash
# @file bench/run.sh
# @brief One-command benchmark: build, index, latency and load over HTTP, optional peers; JSON line + Markdown.
#
#   bench/run.sh CORPUS.jsonl QUERIES.txt [WORKDIR]
#
# Markdown report on stdout (also WORKDIR/report.md), progress on stderr, one JSON line appended
# to WORKDIR/results.jsonl. Settings (environment, defaults in brackets): see bench/README.md.
set -euo pipefail

if [[ $# -lt 2 || $# -gt 3 ]]; then
  echo "usage: $0 CORPUS.jsonl QUERIES.txt [WORKDIR]" >&2
  exit 2
fi
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$BENCH_DIR")
CORPUS=$(readlink -f "$1")
QUERIES=$(readlink -f "$2")
[[ -r "$CORPUS" ]] || { echo "bench: cannot read corpus $1" >&2; exit 2; }
[[ -r "$QUERIES" ]] || { echo "bench: cannot read queries $2" >&2; exit 2; }
WORKDIR=${3:-$(mktemp -d /tmp/dalil-bench.XXXXXX)}
mkdir -p "$WORKDIR"
WORKDIR=$(readlink -f "$WORKDIR")

RUNS=${BENCH_RUNS:-3}
LOAD_SECONDS=${BENCH_LOAD_SECONDS:-10}
LOAD_CONNECTIONS=${BENCH_LOAD_CONNECTIONS:-"1 8 64"}
LOAD_SETS=${BENCH_LOAD_SETS:-plain}
WRK_TIMEOUT=${BENCH_WRK_TIMEOUT:-5}
PEERS_MODE=${BENCH_PEERS:-auto}
PEERS_DIR=${BENCH_PEERS_DIR:-$REPO/../shared/peer-bench}
PEER_LIST=${BENCH_PEER_LIST:-"sqlite_fts5:default postgres:default sphinx:default xapian:default"}
PEER_TIMEOUT=${BENCH_PEER_TIMEOUT:-1800}
INDEX_TIMEOUT=${BENCH_INDEX_TIMEOUT:-7200}
LATENCY_TIMEOUT=${BENCH_LATENCY_TIMEOUT:-1800}
PY=${BENCH_PYTHON:-/usr/bin/python3}
read -r -a SEARCHD_ARGS <<< "${BENCH_SEARCHD_ARGS:-}"
read -r -a INDEX_ARGS <<< "${BENCH_INDEX_ARGS:-}"
INDEX_BIN=$REPO/build/release/indexer/dalil-index
SEARCHD_BIN=$REPO/build/release/searchd/dalil-searchd

log() { echo "bench: $*" >&2; }
die() { echo "bench: error: $*" >&2; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
run_start=$(now)
INFO=()  # key=value pairs handed to report.py
info() { INFO+=(--info "$1=$2"); }
# bounded SECONDS OUT ERR CMD...: runs CMD under timeout(1) in the background, stdout to OUT and
# stderr to ERR (OUT "-": both left as they are), and waits for it, so that Ctrl-C or TERM
# reaches this script at once; the trap then ends CMD's process group.
CHILD=""
bounded() {
  local limit=$1 out=$2 err=$3 rc=0
  shift 3
  if [[ "$out" == - ]]; then   # keep the script's own stdout and stderr
    timeout "$limit" "$@" &
  else
    timeout "$limit" "$@" > "$out" 2> "$err" &
  fi
  CHILD=$!
  wait "$CHILD" || rc=$?
  CHILD=""
  return "$rc"
}
descendants() {
  local p
  for p in $(ps -o pid= --ppid "$1" 2>/dev/null); do echo "$p"; descendants "$p"; done
}
on_signal() {
  # timeout(1) leads its own process group: end it and whatever runs under it, including
  # processes in groups of their own (the peers' own timeouts); their EXIT traps clean up.
  if [[ -n "$CHILD" ]]; then
    local pids
    pids=$(descendants "$CHILD")
    kill -TERM -- "-$CHILD" 2>/dev/null || true
    # shellcheck disable=SC2086
    if [[ -n "$pids" ]]; then kill -TERM $pids 2>/dev/null || true; fi
  fi
  log "interrupted"
  exit 130
}
trap on_signal INT TERM

# ---- packages ---------------------------------------------------------------------------------
APT_UPDATED=0
missing_packages() {
  local p status
  for p in "$@"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || echo "$p"
  done
}
# install_packages PKG...: apt-get install when root; returns 1 when that is not possible.
install_packages() {
  local missing
  missing=$(missing_packages "$@" | tr '\n' ' ')
  [[ -z "${missing// /}" ]] && return 0
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
    log "missing packages (need root to install): $missing"
    return 1
  fi
  log "installing $missing"
  export DEBIAN_FRONTEND=noninteractive
  if [[ $APT_UPDATED == 0 ]]; then apt-get update -qq >&2 && APT_UPDATED=1; fi
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing > "$WORKDIR/apt.log" 2>&1 \
    || { log "apt-get install failed, see $WORKDIR/apt.log"; return 1; }
}

if [[ "${BENCH_INSTALL:-1}" != 0 ]]; then
  DALIL_WITH_BENCH=1 "$REPO/scripts/install_deps.sh" || log "scripts/install_deps.sh failed; going on with what is installed"
  install_packages time curl xapian-tools python3 wrk || true
fi
for tool in "$PY" /usr/bin/time wrk curl xapian-compact; do
  command -v "$tool" >/dev/null || die "$tool not found (install it, or run as root so that bench/run.sh installs it)"
done

# ---- build ------------------------------------------------------------------------------------
if [[ "${BENCH_BUILD:-1}" != 0 ]]; then
  log "building release (log: $WORKDIR/build.log)"
  t0=$(now)
  (
    cd "$REPO"
    [[ -f build/release/CMakeCache.txt ]] || cmake --preset release
    cmake --build --preset release ${BENCH_BUILD_JOBS:+-j "$BENCH_BUILD_JOBS"}
  ) > "$WORKDIR/build.log" 2>&1 || die "release build failed: $(tail -5 "$WORKDIR/build.log")"
  info build_s "$(elapsed "$t0" "$(now)")"
fi
[[ -x "$INDEX_BIN" && -x "$SEARCHD_BIN" ]] || die "no release binaries in $REPO/build/release (BENCH_BUILD=0?)"

# ---- corpus figures ---------------------------------------------------------------------------
log "corpus: $CORPUS; queries: $QUERIES; workdir: $WORKDIR"
"$PY" "$BENCH_DIR/corpus_meta.py" "$CORPUS" "$WORKDIR/corpus_meta.json"

# ---- indexing ---------------------------------------------------------------------------------
rm -rf "$WORKDIR/index" "$WORKDIR/index.compact"
sync
log "indexing"
t0=$(now)
rc=0
bounded "$INDEX_TIMEOUT" "$WORKDIR/index.summary.json" "$WORKDIR/index.err" \
  /usr/bin/time -v -o "$WORKDIR/index.time" \
  "$INDEX_BIN" --index "$WORKDIR/index" -q --summary-json "${INDEX_ARGS[@]}" "$CORPUS" || rc=$?
t1=$(now)
[[ $rc == 0 ]] || die "dalil-index exited with $rc: $(tail -c 400 "$WORKDIR/index.err")"
info index_wall_s "$(elapsed "$t0" "$t1")"
log "indexed in $(elapsed "$t0" "$t1") s; compacting"
t0=$(now)
xapian-compact -m "$WORKDIR/index" "$WORKDIR/index.compact" > "$WORKDIR/compact.log" 2>&1 \
  || die "xapian-compact failed: $(tail -c 300 "$WORKDIR/compact.log")"
info compact_wall_s "$(elapsed "$t0" "$(now)")"

# ---- server -----------------------------------------------------------------------------------
SPID=""
stop_server() {
  if [[ -n "$SPID" ]] && kill -0 "$SPID" 2>/dev/null; then
    kill -TERM "$SPID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SPID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$SPID" 2>/dev/null && { log "server $SPID did not stop on TERM in 5 s; killing it"; kill -KILL "$SPID" 2>/dev/null || true; }
    wait "$SPID" 2>/dev/null || true
  fi
  SPID=""
}
trap stop_server EXIT

SERVE_INDEX=$WORKDIR/index
[[ "${BENCH_SERVE_COMPACT:-0}" == 1 ]] && SERVE_INDEX=$WORKDIR/index.compact
"$SEARCHD_BIN" --index "$SERVE_INDEX" --port 0 "${SEARCHD_ARGS[@]}" \
  > "$WORKDIR/searchd.out" 2> "$WORKDIR/searchd.err" &
SPID=$!
PORT=""
for _ in $(seq 300); do
  PORT=$(sed -n 's|^dalil-searchd: serving .* on http://127\.0\.0\.1:\([0-9][0-9]*\).*|\1|p' "$WORKDIR/searchd.out" | head -1)
  [[ -n "$PORT" ]] && break
  kill -0 "$SPID" 2>/dev/null || die "dalil-searchd exited: $(tail -c 400 "$WORKDIR/searchd.err")"
  sleep 0.1
done
[[ -n "$PORT" ]] || die "dalil-searchd printed no port in 30 s"
BASE=http://127.0.0.1:$PORT
health=""
for _ in $(seq 300); do
  health=$(curl -sf --max-time 2 "$BASE/healthz" || true)
  [[ -n "$health" ]] && break
  sleep 0.1
done
[[ -n "$health" ]] || die "no answer from $BASE/healthz in 30 s"
log "server pid $SPID on port $PORT: $health"
printf '%s\n' "$health" > "$WORKDIR/healthz.json"
info server_pid_threads "$(awk '$1 == "Threads:" { print $2 }' "/proc/$SPID/status" 2>/dev/null || true)"
info served_index "$SERVE_INDEX"
info searchd_args "${BENCH_SEARCHD_ARGS:-}"
rss_of() { awk -v k="$2:" '$1 == k { printf "%.1f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || true; }
info server_rss_start_mb "$(rss_of "$SPID" VmRSS)"

# ---- latency, one client ----------------------------------------------------------------------
log "latency: ${RUNS} runs of each query set over one keep-alive connection"
t0=$(now)
bounded "$LATENCY_TIMEOUT" - - "$PY" "$BENCH_DIR/latency.py" --port "$PORT" --queries "$QUERIES" \
  --meta "$WORKDIR/corpus_meta.json" --out "$WORKDIR/latency.json" --paths-dir "$WORKDIR/paths" \
  --runs "$RUNS" || die "latency client failed or timed out"
info latency_phase_s "$(elapsed "$t0" "$(now)")"
info server_rss_after_latency_mb "$(rss_of "$SPID" VmRSS)"

# ---- load (wrk) -------------------------------------------------------------------------------
rm -f "$WORKDIR"/wrk-*.txt
# conn_sample: "ESTABLISHED WAITING" for the server's port: established connections, and those
# with request bytes the server has not read yet (from /proc/net/tcp; no ss needed).
conn_sample() {
  awk -v p=":$(printf '%04X' "$PORT")" '
    function hex(s, i, n) { n = 0; s = toupper(s); for (i = 1; i <= length(s); i++) n = n * 16 + index("0123456789ABCDEF", substr(s, i, 1)) - 1; return n }
    $2 ~ p "$" && $4 == "01" { split($5, q, ":"); n++; if (hex(q[2]) > 0) w++ }
    END { print n + 0, w + 0 }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}
# listen_overflows: the kernel's count of handshakes dropped because a listen queue was full.
listen_overflows() {
  awk '/^TcpExt:/ { if (!seen) { seen = 1; for (i = 2; i <= NF; i++) names[i] = $i; next }
                    for (i = 2; i <= NF; i++) if (names[i] == "ListenOverflows") print $i }' \
    /proc/net/netstat 2>/dev/null || echo 0
}
if [[ "$LOAD_SECONDS" != 0 ]]; then
  for set in $LOAD_SETS; do
    [[ -f "$WORKDIR/paths/$set.paths" ]] || { log "no query set $set (plain, phrase, filtered); skipped"; continue; }
    for conns in $LOAD_CONNECTIONS; do
      threads=$(( conns < 2 ? conns : 2 ))
      out=$WORKDIR/wrk-$set-c$conns.txt
      log "wrk: $set, $conns connections, $threads threads, ${LOAD_SECONDS}s"
      # wrk's figures cover answered requests only; sample the server's socket queues to see
      # connections whose request waits unread (starved), at 1/4, 1/2 and 3/4 of the step.
      ( for _ in 1 2 3; do sleep "$(awk -v s="$LOAD_SECONDS" 'BEGIN { print s / 4 }')"; conn_sample; done ) \
        > "$out.conns" 2>/dev/null &
      sampler=$!
      drops_before=$(listen_overflows)
      bounded $(( LOAD_SECONDS + WRK_TIMEOUT + 30 )) "$out" "$out.err" \
        wrk -t "$threads" -c "$conns" -d "${LOAD_SECONDS}s" --timeout "${WRK_TIMEOUT}s" --latency \
        -s "$BENCH_DIR/wrk_queries.lua" "$BASE" -- "$WORKDIR/paths/$set.paths" \
        || log "wrk exited with $? (see $out)"
      cat "$out.err" >> "$out" && rm -f "$out.err"
      wait "$sampler" || true
      sed 's/^/CONNS /' "$out.conns" >> "$out" && rm -f "$out.conns"
      # handshakes the kernel dropped for a full listen queue (counted for the whole network
      # namespace, so other programs' drops count too); each costs its client a retransmission of 1 s or more
      echo "LISTEN_DROPS $(( $(listen_overflows) - drops_before ))" >> "$out"
      # the server must still answer after each load step
      if ! curl -sf --max-time 10 "$BASE/healthz" > /dev/null; then
        echo "SERVER_UNHEALTHY after this step" >> "$out"
        log "server did not answer /healthz after $set c$conns"
        kill -0 "$SPID" 2>/dev/null || die "dalil-searchd died under load: $(tail -c 400 "$WORKDIR/searchd.err")"
      fi
      sleep 1
    done
  done
fi
info server_rss_end_mb "$(rss_of "$SPID" VmRSS)"
info server_hwm_mb "$(rss_of "$SPID" VmHWM)"
stop_server

# ---- peers ------------------------------------------------------------------------------------
# package needs of each peer script (peer-bench README "Install")
peer_packages() {
  case $1 in
    sqlite_fts5) echo "python3 sqlite3" ;;
    postgres) echo "postgresql python3-psycopg2" ;;
    sphinx) echo "sphinxsearch python3-pymysql" ;;
    xapian) echo "libxapian-dev xapian-tools g++ pkg-config" ;;
    omega) echo "xapian-omega xapian-tools" ;;
    lucene) echo "liblucene++-dev libboost-filesystem-dev libboost-system-dev libboost-thread-dev libboost-date-time-dev libboost-iostreams-dev libboost-regex-dev g++ pkg-config" ;;
    *) echo "" ;;
  esac
}
PEERS_ARGS=()
if [[ "$PEERS_MODE" == 0 ]]; then
  log "peers: off (BENCH_PEERS=0)"
elif [[ ! -x "$PEERS_DIR/run_peers.sh" ]]; then
  log "peers: no peer harness at $PEERS_DIR; skipped"
  info peers_skipped "no peer harness at $PEERS_DIR"
else
  run_list=()
  skipped=()
  for pv in $PEER_LIST; do
    peer=${pv%%:*}
    # shellcheck disable=SC2046
    need=$(missing_packages $(peer_packages "$peer") | tr '\n' ' ')
    if [[ -n "${need// /}" && "$PEERS_MODE" == 1 ]]; then
      # shellcheck disable=SC2046
      install_packages $(peer_packages "$peer") || true
      # shellcheck disable=SC2046
      need=$(missing_packages $(peer_packages "$peer") | tr '\n' ' ')
    fi
    if [[ -n "${need// /}" ]]; then
      skipped+=("$pv (missing: ${need% })")
    else
      run_list+=("$pv")
    fi
  done
  if [[ ${#skipped[@]} -gt 0 ]]; then
    log "peers skipped: ${skipped[*]}; BENCH_PEERS=1 (as root) installs what they need"
    info peers_skipped "${skipped[*]}"
  fi
  if [[ ${#run_list[@]} -gt 0 ]]; then
    # A private copy of the peer harness: its C++ peers are compiled into its own build/.
    mkdir -p "$WORKDIR/peer-bench" "$WORKDIR/peers"
    for part in run_peers.sh common peers src; do
      [[ -e "$PEERS_DIR/$part" ]] && cp -a "$PEERS_DIR/$part" "$WORKDIR/peer-bench/"
    done
    chmod -R u+w "$WORKDIR/peer-bench"
    chmod 711 "$WORKDIR"   # the postgres peer runs its cluster as user postgres under WORKDIR/peers
    log "peers: ${run_list[*]} (progress: $WORKDIR/peers/run.log)"
    t0=$(now)
    rc=0
    PEERS="${run_list[*]}" BENCH_RUNS=$RUNS PEER_TIMEOUT=$PEER_TIMEOUT KEEP_WORK=0 \
      bounded $(( PEER_TIMEOUT * ${#run_list[@]} + 600 )) "$WORKDIR/peers/table.md" "$WORKDIR/peers/run.log" \
      "$WORKDIR/peer-bench/run_peers.sh" "$CORPUS" "$QUERIES" "$WORKDIR/peers" || rc=$?
    [[ $rc == 0 ]] || log "peer harness exited with $rc (see $WORKDIR/peers/run.log)"
    info peers_phase_s "$(elapsed "$t0" "$(now)")"
    [[ -s "$WORKDIR/peers/results.jsonl" ]] && PEERS_ARGS=(--peers "$WORKDIR/peers/results.jsonl")
  fi
fi

# ---- report -----------------------------------------------------------------------------------
info total_s "$(elapsed "$run_start" "$(now)")"
commit=$(git -C "$REPO" rev-parse HEAD 2>/dev/null || echo unknown)
dirty=$(git -C "$REPO" --no-optional-locks status --porcelain --untracked-files=no 2>/dev/null | wc -l)
"$PY" "$BENCH_DIR/report.py" --workdir "$WORKDIR" --corpus "$CORPUS" --queries "$QUERIES" \
  --runs "$RUNS" --load-seconds "$LOAD_SECONDS" --git-commit "$commit" --git-dirty "$dirty" \
  --results "$WORKDIR/results.jsonl" "${PEERS_ARGS[@]}" "${INFO[@]}" | tee "$WORKDIR/report.md"
log "done in $(elapsed "$run_start" "$(now)") s; results appended to $WORKDIR/results.jsonl"
