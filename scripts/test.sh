#!/usr/bin/env bash
# @file scripts/test.sh
# @brief Installs what is missing, builds and runs every test with CTest: warnings as errors, then
#        again under AddressSanitizer + UBSan. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install_deps.sh
jobs="$(nproc)"

for preset in ci asan; do
  echo "== ${preset}: configure and build" >&2
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  echo "== ${preset}: test" >&2
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --preset "$preset" -j "$jobs"
done
