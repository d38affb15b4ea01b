#!/usr/bin/env bash
# Install what the end-to-end test needs, idempotently (quiet when everything is there):
#   - xvfb-run + xauth (a virtual display) and WebKitWebDriver (apt: xvfb xauth webkit2gtk-driver)
#   - tauri-driver 2.x (cargo install tauri-driver --locked; lands in ~/.cargo/bin)
#   - axe-core, exactly as locked in package-lock.json (npm ci)
#   - openpyxl for python3 (reads the exported report independently of the Rust writer)
set -euo pipefail
cd "$(dirname "$0")"

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"

need_apt=()
command -v xvfb-run >/dev/null 2>&1 || need_apt+=(xvfb)
command -v xauth >/dev/null 2>&1 || need_apt+=(xauth)
command -v WebKitWebDriver >/dev/null 2>&1 || need_apt+=(webkit2gtk-driver)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
if ((${#need_apt[@]})); then
  echo "e2e setup: installing ${need_apt[*]} (apt-get)"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${need_apt[@]}"
fi

export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v tauri-driver >/dev/null 2>&1; then
  echo "e2e setup: installing tauri-driver (cargo install tauri-driver --locked, about a minute)"
  cargo install tauri-driver --version 2.1.0 --locked --quiet
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

if ! python3 -c 'import openpyxl' >/dev/null 2>&1; then
  echo "e2e setup: installing openpyxl (pip)"
  python3 -m pip install -q openpyxl \
    || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends python3-openpyxl
fi
