#!/usr/bin/env bash
# @file bench/export_rss.sh
# @brief Peak memory (VmHWM) and time of dalil-searchd streaming /api/export as CSV and JSONL for ~1,000,
#        ~10,000 and every hit (>= 30,000 on ANT): memory must not grow with the number of rows.
#
# Usage: bench/export_rss.sh INDEX_DIR
#   SEARCHD_BIN   dalil-searchd to run (default: build/release of this checkout)
#   SMALL_PARAMS  filters of the ~1,000-row export, k=v&k=v (default: ANT's Sky News Arabia, 2018-08)
#   MEDIUM_PARAMS filters of the ~10,000-row export (default: from=2018-05&to=2018-06)
#   LARGE_PARAMS  filters of the large export (default: q= , every document, newest first)
#   MIN_LARGE     fewest rows the large export must have (default 30000)
#   REPEAT        large CSV exports in a row on one server, to show nothing accumulates (default 3);
#                 then, on that server, the small and the large export again with VmHWM reset before each
# Each export runs on a fresh server (VmHWM only ever grows), after one search that opens the index;
# the response is read by a row counter that discards it (JSONL: lines; CSV: records, quoted
# newlines included) and the count is checked against the search's exact total.
# Prints a Markdown table. Exit status 1 if a row count is wrong or the large export is too small.
set -euo pipefail

index="${1:?usage: bench/export_rss.sh INDEX_DIR}"
root="$(cd "$(dirname "$0")/.." && pwd)"
searchd="${SEARCHD_BIN:-}"
if [[ -z "$searchd" ]]; then
  for candidate in "$root/build/release/searchd/dalil-searchd"; do
    if [[ -x "$candidate" ]]; then searchd="$candidate"; break; fi
  done
fi
[[ -x "$searchd" ]] || { echo "export_rss: no dalil-searchd (set SEARCHD_BIN)" >&2; exit 2; }
small="${SMALL_PARAMS-source=Sky News Arabia&from=2018-08&to=2018-08}"
medium="${MEDIUM_PARAMS-from=2018-05&to=2018-06}"
large="${LARGE_PARAMS-q=}"
min_large="${MIN_LARGE:-30000}"
repeat="${REPEAT:-3}"

work="$(mktemp -d)"
pid=""
stop_server() {
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    wait "$pid" 2>/dev/null || true
  fi
  pid=""
}
trap 'stop_server; rm -rf "$work"' EXIT

# Starts dalil-searchd on a free port (without the caller's DALIL_* settings); sets pid and port.
start_server() {
  local unset_args=()
  local name
  for name in $(compgen -e | grep '^DALIL_' || true); do unset_args+=(-u "$name"); done
  env "${unset_args[@]}" "$searchd" --index "$index" --bind 127.0.0.1 --port 0 --threads 2 \
    --http-timeout-s 600 --query-time-limit-s 600 >"$work/out" 2>"$work/err" &
  pid=$!
  port=""
  for _ in $(seq 1 300); do
    port="$(sed -n 's/.* on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/out")"
    [[ -n "$port" ]] && return 0
    kill -0 "$pid" 2>/dev/null || { echo "export_rss: dalil-searchd failed: $(cat "$work/err")" >&2; exit 2; }
    sleep 0.1
  done
  echo "export_rss: dalil-searchd did not start" >&2
  exit 2
}

kib() { awk '/^'"$1"':/ {print $2}' "/proc/$pid/status"; }
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }

# curl --get arguments for "k=v&k=v" plus extra pairs.
params() {
  local spec="$1"; shift
  local args=() pair
  IFS='&' read -r -a pairs <<<"$spec"
  for pair in "${pairs[@]}" "$@"; do [[ -n "$pair" ]] && args+=(--data-urlencode "$pair"); done
  [[ " ${args[*]} " == *" q="* ]] || args+=(--data-urlencode "q=")
  printf '%s\n' "${args[@]}"
}

count_rows() {  # stdin: the export; stdout: its number of rows
  if [[ "$1" == jsonl ]]; then
    wc -l
  else
    python3 -c 'import csv, io, sys
rows = sum(1 for _ in csv.reader(io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", newline="")))
print(rows - 1)'
  fi
}

status=0
declare -a table

# One export on the running server: appends a table row.
export_once() {
  local label="$1" spec="$2" format="$3"
  local -a args
  mapfile -t args < <(params "$spec")
  local total
  total="$(curl -sS --get "http://127.0.0.1:$port/api/search" "${args[@]}" --data-urlencode exact_total=true \
             --data-urlencode size=1 | python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])')"
  local hwm_before rss_before
  hwm_before="$(kib VmHWM)"; rss_before="$(kib VmRSS)"
  local rows
  rows="$(curl -sS -N --get "http://127.0.0.1:$port/api/export" "${args[@]}" --data-urlencode "format=$format" \
            -w '%{stderr}%{http_code} %{time_total} %{size_download}\n' 2>"$work/curl" | count_rows "$format")"
  read -r code seconds bytes < <(tail -n 1 "$work/curl")
  local hwm_after rss_after
  hwm_after="$(kib VmHWM)"; rss_after="$(kib VmRSS)"
  local check="ok"
  if [[ "$code" != 200 || "$rows" != "$total" ]]; then check="WRONG (HTTP $code, $rows rows of $total)"; status=1; fi
  table+=("| $label | $format | $rows | $check | $(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1e6}') | $seconds | $(awk -v r="$rows" -v s="$seconds" 'BEGIN {printf "%.0f", (s > 0 ? r / s : 0)}') | $(mib "$rss_before") | $(mib "$hwm_before") | $(mib "$hwm_after") | $(mib "$rss_after") | $(mib $((hwm_after - hwm_before))) |")
  last_rows="$rows"
}

warm_up() {
  curl -sS -o /dev/null "http://127.0.0.1:$port/api/search?q=&size=10"
}

for format in csv jsonl; do
  for size in small medium large; do
    spec="${!size}"
    start_server
    warm_up
    export_once "$size: \`${spec}\`" "$spec" "$format"
    if [[ "$size" == large && "$last_rows" -lt "$min_large" ]]; then
      echo "export_rss: the large export has $last_rows rows, fewer than $min_large" >&2
      status=1
    fi
    stop_server
  done
done
start_server
warm_up
for i in $(seq 1 "$repeat"); do export_once "large, run $i of $repeat on one server" "$large" csv; done
# Same server, its word caches now warm: reset the high-water mark to the current RSS (Linux >= 4.0)
# before each export, so the growth is what that export alone needed.
for size in small large; do
  echo 5 >"/proc/$pid/clear_refs"
  export_once "$size again on that server (HWM reset first)" "${!size}" csv
done
stop_server

echo "dalil-searchd \`$searchd\` on \`$index\`; MiB from /proc/PID/status; \"before\" is after one search."
echo
echo "| export | format | rows | row count | MB | seconds | rows/s | VmRSS before | VmHWM before | VmHWM after | VmRSS after | HWM growth |"
echo "|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${table[@]}"
exit "$status"
