#!/usr/bin/env bash
# Installs the Debian 12 packages flaskcpp needs, only those missing.
# Idempotent and quiet when everything is present, so `make` can call it every time.
set -euo pipefail

packages=(
  g++ cmake ninja-build make pkg-config python3 curl openssl
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libssl-dev zlib1g-dev libfmt-dev libspdlog-dev libcli11-dev libtomlplusplus-dev libsqlite3-dev libhiredis-dev redis-server
  libgtest-dev libgmock-dev libbenchmark-dev
  chromium clang libclang-rt-14-dev nginx-light
)
# Node.js and npm drive the browser tests (playwright-core); a machine may
# already have a newer Node than Debian's, which is fine.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  packages+=(nodejs npm)
fi
if [[ "${FLASKCPP_BENCH_TOOLS:-0}" == 1 ]]; then
  packages+=(wrk hyperfine util-linux)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
install_browser_driver() {
  # playwright-core (pinned in package-lock.json) drives Debian's chromium;
  # it downloads no browser of its own.
  local dir
  dir="$(cd "$(dirname "$0")/.." && pwd)/tests/e2e/browser"
  if [[ ! -d "$dir/node_modules/playwright-core" ]]; then
    echo "bootstrap: installing playwright-core into tests/e2e/browser"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

if [[ ${#missing[@]} -eq 0 ]]; then
  install_browser_driver
  exit 0
fi

echo "bootstrap: installing ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
if ! $sudo apt-get install -y --no-install-recommends "${missing[@]}"; then
  $sudo apt-get update
  $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi
install_browser_driver
