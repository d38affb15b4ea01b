#!/usr/bin/env bash
# Install what a fresh Debian/Ubuntu machine with Rust lacks to build, run and test Rapport:
# a C toolchain, the WebKitGTK stack Tauri builds against, Node.js and the front end's npm
# packages, then (tests/e2e/setup.sh) Xvfb, WebKitWebDriver and tauri-driver for the
# end-to-end tests.
# Idempotent and quiet when everything is there. Uses sudo for apt when not root.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v cc >/dev/null 2>&1 || need_apt+=(build-essential)
command -v pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
for lib in webkit2gtk-4.1:libwebkit2gtk-4.1-dev gtk+-3.0:libgtk-3-dev librsvg-2.0:librsvg2-dev \
  libsoup-3.0:libsoup-3.0-dev javascriptcoregtk-4.1:libjavascriptcoregtk-4.1-dev; do
  pkg-config --exists "${lib%%:*}" 2>/dev/null || need_apt+=("${lib##*:}")
done
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)

if ((${#need_apt[@]})); then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
    echo "setup: installing ${need_apt[*]} with sudo (apt-get)"
  else
    echo "setup: installing ${need_apt[*]} (apt-get)"
  fi
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${need_apt[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: Rust is missing. Install Rust 1.95 (rustup, https://rustup.rs) and run this again." >&2
  exit 1
fi
for component in rustfmt clippy; do
  if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
    rustup component add "$component"
  fi
done

# The front end's packages, exactly as locked (npm registry only; nothing at run time).
if [ ! -f ui/node_modules/.package-lock.json ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
fi

# What the end-to-end test adds: Xvfb, WebKitWebDriver, tauri-driver, axe-core, openpyxl.
bash tests/e2e/setup.sh
