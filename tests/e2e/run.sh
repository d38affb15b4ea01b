#!/usr/bin/env bash
# End-to-end test of the Rapport desktop app in a real WebKit window:
# tauri-driver (port 4444) + WebKitWebDriver, all under one `xvfb-run -a`, driven by
# `node --test e2e.test.mjs`. Builds nothing: the app must already be built
#   (cd ui && npm ci && npm run build) && cargo build -p rapport-desktop
# and so must the CLI (cargo build -p rapport-cli), whose numbers the test compares against.
# Exit code = test result (0 pass; 1 test failures; 2 missing prerequisites).
#
# Environment (all optional):
#   RAPPORT_E2E_APP   the app binary (default: target/debug/rapport-desktop; made absolute)
#   RAPPORT_E2E_CLI   the CLI binary (default: target/debug/rapport, else target/release/rapport)
#   E2E_TIMEOUT       whole-run limit in seconds (default 600)
#   E2E_KEEP_TMP=1    keep the temp dir (app HOME, exported files, driver log)
#   E2E_OPEN          what "Choose a file" opens (default: a truncated copy of the sample)
# Argument: `measure.mjs` runs the desktop measurements (measure.mjs) instead of the test.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"

# --- 1. Outside the virtual display: check prerequisites, then re-run inside xvfb-run. ---
if [ -z "${RAPPORT_E2E_IN_XVFB:-}" ]; then
  app="${RAPPORT_E2E_APP:-$ROOT/target/debug/rapport-desktop}"
  case "$app" in /*) ;; *) app="$PWD/$app" ;; esac
  if [ ! -x "$app" ]; then
    echo "e2e: no app binary at $app. Build it first: (cd ui && npm ci && npm run build) && cargo build -p rapport-desktop" >&2
    exit 2
  fi
  cli="${RAPPORT_E2E_CLI:-}"
  if [ -z "$cli" ]; then
    if [ -x "$ROOT/target/debug/rapport" ]; then cli="$ROOT/target/debug/rapport"
    elif [ -x "$ROOT/target/release/rapport" ]; then cli="$ROOT/target/release/rapport"; fi
  fi
  if [ -z "$cli" ] || [ ! -x "$cli" ]; then
    echo "e2e: no CLI binary (target/debug/rapport). Build it: cargo build -p rapport-cli" >&2
    exit 2
  fi
  missing=()
  for tool in xvfb-run xauth WebKitWebDriver tauri-driver node python3; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  [ -f "$HERE/node_modules/axe-core/axe.min.js" ] || missing+=("axe-core (npm ci in tests/e2e)")
  python3 -c 'import openpyxl' >/dev/null 2>&1 || missing+=("python3 openpyxl")
  if ((${#missing[@]})); then
    echo "e2e: missing ${missing[*]}; run tests/e2e/setup.sh" >&2
    exit 2
  fi
  export RAPPORT_E2E_APP="$app" RAPPORT_E2E_CLI="$cli" RAPPORT_E2E_IN_XVFB=1
  # A screen larger than the 1366x768 window, 24-bit colour (xvfb-run's default is 640x480x8).
  exec timeout --kill-after=20 "${E2E_TIMEOUT:-600}" \
    xvfb-run -a -s "-screen 0 1920x1080x24 -nolisten tcp" bash "$0" "$@"
fi

# --- 2. Inside xvfb-run: a fresh profile, the driver, the test. ---
TMP="$(mktemp -d -t rapport-e2e.XXXXXX)"
TD_PID=""
cleanup() {
  local rc=$?
  if [ -n "$TD_PID" ]; then
    # tauri-driver was started in its own process group (setsid): end it and its
    # WebKitWebDriver/app children by that group id.
    kill -TERM -- "-$TD_PID" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$TD_PID" 2>/dev/null || break; sleep 0.3; done
    kill -KILL -- "-$TD_PID" 2>/dev/null || true
  fi
  if [ "$rc" -ne 0 ] && [ -s "$TMP/tauri-driver.log" ]; then
    echo "--- tauri-driver / app log (last 40 lines) ---"
    tail -n 40 "$TMP/tauri-driver.log"
  fi
  if [ -n "${E2E_KEEP_TMP:-}" ]; then echo "e2e: kept $TMP"; else rm -rf "$TMP"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Recent files and WebKit state start empty: a fresh HOME and XDG dirs.
mkdir -p "$TMP/home" "$TMP/config" "$TMP/data" "$TMP/cache" "$TMP/export" "$TMP/bad"
export HOME="$TMP/home" XDG_CONFIG_HOME="$TMP/config" XDG_DATA_HOME="$TMP/data" XDG_CACHE_HOME="$TMP/cache"
unset RAPPORT_OPEN  # the test opens the sample through the Welcome screen
# No accessibility bus under Xvfb: keep GTK quiet about it.
export NO_AT_BRIDGE=1
# No dconf/D-Bus here: GTK settings in memory (else a GTK dialog floods the log with dconf warnings).
export GSETTINGS_BACKEND=memory
# Test hooks honoured by the app (see README.md): exports skip the save dialog and land in
# this folder; the Welcome screen's "Open a file" skips the open dialog and opens this path.
export RAPPORT_E2E_SAVE_DIR="$TMP/export"
half=$(( $(stat -c %s "$ROOT/samples/riverside-2026.xlsx") / 2 ))
head -c "$half" "$ROOT/samples/riverside-2026.xlsx" > "$TMP/bad/riverside-truncated.xlsx"
export RAPPORT_E2E_OPEN="${E2E_OPEN:-$TMP/bad/riverside-truncated.xlsx}"
export RAPPORT_E2E_ROOT="$ROOT" RAPPORT_E2E_SCREENSHOTS="$HERE/screenshots"
export WEBDRIVER_URL="http://127.0.0.1:4444"

setsid tauri-driver --port 4444 --native-driver "$(command -v WebKitWebDriver)" \
  >"$TMP/tauri-driver.log" 2>&1 &
TD_PID=$!

cd "$HERE"
set +e
if [ "${1:-}" = measure.mjs ]; then node measure.mjs; else node --test --test-reporter=tap e2e.test.mjs; fi
rc=$?
set -e
exit "$rc"
