#!/usr/bin/env bash
# @file scripts/install_deps.sh
# @brief Installs the Debian 12 packages Dalil needs to build, test and run; a no-op when all are there.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config git curl ca-certificates
  libxapian-dev xapian-tools libicu-dev
  libcpp-httplib-dev libssl-dev zlib1g-dev libbrotli-dev
  nlohmann-json3-dev libsimdjson-dev libcli11-dev libtomlplusplus-dev catch2 python3
  libgumbo-dev libpoppler-cpp-dev libzstd-dev libjemalloc-dev
)
if [[ "${DALIL_WITH_BENCH:-0}" == 1 ]]; then
  packages+=(wrk python3 python3-matplotlib python3-xapian)
fi

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "install_deps: installing ${missing[*]}" >&2
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install_deps: need root or sudo to install ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
