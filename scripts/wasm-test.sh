#!/usr/bin/env bash
# The web crate's browser tests (tests/web.rs) in headless Chromium via wasm-bindgen-test.
# Computes the native digests first (the tests compare the wasm engine against them).
#
# Usage: scripts/wasm-test.sh [extra cargo test args]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$AGORA_ROOT"

cargo build --quiet -p agora-cli
scripts/native-digests.sh "$AGORA_TARGET/native-digests.json"
AGORA_NATIVE_DIGESTS="$(cat "$AGORA_TARGET/native-digests.json")"
export AGORA_NATIVE_DIGESTS
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
# webdriver.json (repository root) adds Chromium's path and flags to the runner's own.
exec cargo test -p agora-web --target wasm32-unknown-unknown --test web "$@"
