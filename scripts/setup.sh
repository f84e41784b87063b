#!/usr/bin/env bash
# Installs what building and testing Agora needs, skipping whatever is already there:
#   - the Rust target wasm32-unknown-unknown (+ rustfmt and clippy)
#   - trunk (crates.io, pinned) and wasm-bindgen-cli (crates.io, the version in Cargo.lock)
#   - Chromium and chromedriver (Debian packages), Node.js and python3 if missing
#   - npm packages of tests/e2e (binaryen's wasm-opt, playwright-core, axe-core), from its lock file
#   - the crates of Cargo.lock (`cargo fetch`), because trunk builds offline
# Every step is idempotent; run it as often as you like. Nothing is downloaded from anywhere
# but crates.io, npm and the Debian archive.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$AGORA_ROOT"

say() { echo "setup: $*"; }

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
APT_UPDATED=0
apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: please install $* with your system's package manager" >&2
    return 1
  fi
  if [ "$APT_UPDATED" = 0 ]; then
    say "apt-get update"
    $SUDO apt-get update -qq
    APT_UPDATED=1
  fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# --- Rust -----------------------------------------------------------------------------------
if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: Rust is not installed; get it from https://rustup.rs and run this again" >&2
  exit 1
fi
if command -v rustup >/dev/null 2>&1; then
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  for comp in rustfmt clippy; do
    if ! rustup component list --installed 2>/dev/null | grep -q "^$comp"; then
      say "rustup component add $comp"
      rustup component add "$comp"
    fi
  done
fi

# --- trunk and wasm-bindgen-cli (crates.io) ----------------------------------------------------
if [ "$(trunk --version 2>/dev/null || true)" != "trunk $AGORA_TRUNK_VERSION" ]; then
  say "cargo install trunk $AGORA_TRUNK_VERSION (about 10 minutes, once)"
  cargo install --locked trunk --version "$AGORA_TRUNK_VERSION"
fi
WBG_VERSION="$(agora_wasm_bindgen_version)"
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WBG_VERSION" ] \
  || ! command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
  # Without --locked: its lock file wants a crate version the registry no longer serves.
  say "cargo install wasm-bindgen-cli $WBG_VERSION (about 5 minutes, once)"
  cargo install --force wasm-bindgen-cli --version "$WBG_VERSION"
fi

# --- system packages (Debian) ------------------------------------------------------------------
missing=()
if [ ! -x "$AGORA_CHROMIUM" ]; then missing+=(chromium); fi
if [ ! -x "$CHROMEDRIVER" ]; then missing+=(chromium-driver); fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then missing+=(nodejs npm); fi
if ! command -v python3 >/dev/null 2>&1; then missing+=(python3); fi
if [ "${#missing[@]}" -gt 0 ]; then
  apt_install "${missing[@]}"
fi

# --- npm packages (tests/e2e/package-lock.json) -------------------------------------------------
LOCK="$AGORA_NPM_DIR/package-lock.json"
STAMP="$AGORA_NPM_DIR/node_modules/.agora-lock.sha256"
lock_sum="$(sha256sum "$LOCK" | cut -d' ' -f1)"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$lock_sum" ] || [ ! -x "$AGORA_NPM_DIR/node_modules/.bin/wasm-opt" ]; then
  say "npm ci in tests/e2e (binaryen's wasm-opt, playwright-core, axe-core)"
  (cd "$AGORA_NPM_DIR" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" > "$STAMP"
fi

# --- crates (trunk builds with --offline) --------------------------------------------------------
if ! cargo fetch --locked --quiet 2>/dev/null; then
  say "cargo fetch"
  cargo fetch
fi

say "ready: $(trunk --version), $(wasm-bindgen --version), $(wasm-opt --version | cut -d' ' -f1-3), $("$AGORA_CHROMIUM" --version 2>/dev/null | cut -d' ' -f1-2), node $(node --version)"
