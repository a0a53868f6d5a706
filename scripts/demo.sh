#!/usr/bin/env bash
# @file scripts/demo.sh
# @brief Installs what is missing, builds (Release), indexes corpora/ and serves it on http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."

port="${DALIL_PORT:-8080}"
index_dir="${DALIL_DEMO_INDEX:-var/demo-index}"

scripts/install_deps.sh
cmake --preset release >/dev/null
cmake --build --preset release

# Upserts by id: a second run finds every document unchanged and writes nothing. A demo index built
# by an older analyzer cannot be updated; it holds only corpora/, so it is rebuilt.
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! build/release/indexer/dalil-index --index "$index_dir" corpora/ 2> >(tee "$log" >&2); then
  if grep -q "was built with analyzer" "$log"; then
    echo "demo: ${index_dir} was built by another analyzer; rebuilding it from corpora/" >&2
    rm -rf "$index_dir"
    build/release/indexer/dalil-index --index "$index_dir" corpora/
  else
    exit 1
  fi
fi

base="http://127.0.0.1:${port}"
cat <<TXT

Dalil is serving the sample archive on ${base}. Try, in another terminal:

  curl -sG '${base}/api/search' --data-urlencode 'q=الامم المتحدة'
  curl -sG '${base}/api/search' --data-urlencode 'q="heart attack" OR "cardiac arrest"'
  curl -sG '${base}/api/search' --data-urlencode 'q=market' --data-urlencode 'lang=en' --data-urlencode 'type=testimony'

  curl -s '${base}/api/documents/sample:news-ar-006'
  curl -s '${base}/healthz'

Stop it with Ctrl-C.
TXT
exec build/release/searchd/dalil-searchd --index "$index_dir" --port "$port"
