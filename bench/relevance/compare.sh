#!/usr/bin/env bash
# @file bench/relevance/compare.sh
# @brief One command: the four analyzer variants (no Arabic normalisation / normalisation only / Snowball /
#        light stemmer) indexed on the judged corpora, measured by run.sh, printed as one Markdown table.
#
#   bench/relevance/compare.sh [WORKDIR] [--fresh]
#
# WORKDIR (default /tmp/dalil-relevance-compare) holds one folder per variant (index/, results.jsonl). Indexes
# are reused when present; --fresh deletes them first (needed after an analyzer change). Each variant takes
# about as long as one run.sh (indexing dominates).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORKDIR=/tmp/dalil-relevance-compare
FRESH=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --fresh) FRESH=1; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) WORKDIR=$1; shift ;;
  esac
done

# variant name | dalil-index flags
VARIANTS=(
  "no-normalisation|--no-arabic-normalisation --arabic-stemmer none"
  "normalisation-only|--arabic-stemmer none"
  "snowball|--arabic-stemmer snowball"
  "light|--arabic-stemmer light"
)
DIRS=()
for entry in "${VARIANTS[@]}"; do
  name=${entry%%|*}
  flags=${entry#*|}
  dir=$WORKDIR/$name
  [[ $FRESH == 1 ]] && rm -rf "$dir/index"
  mkdir -p "$dir"
  rm -f "$dir/results.jsonl"
  echo "compare: $name ($flags)" >&2
  "$HERE/run.sh" "$dir" --index-flags "$flags" --label "$name" > "$dir/table.md"
  DIRS+=("$name=$dir/results.jsonl")
done
/usr/bin/python3 "$HERE/compare.py" "${DIRS[@]}"
