#!/usr/bin/env bash
# Quick-start command 2: everything that checks Agora, in one go.
#
#   setup (idempotent) -> cargo fmt --check -> clippy (native, and the web crate for wasm32)
#   -> cargo test (native) -> cargo doc (engine, warnings are errors)
#   -> wasm tests in headless Chromium -> trunk build --release
#   -> serve dist/ locally -> end-to-end tests (node --test + playwright-core)
#
# Keeps going after a failed check so one run shows every problem; exits non-zero if anything
# failed. The end-to-end tests need the site, so they are skipped if the build fails.
# Screenshots of every page land in tests/e2e/artifacts/.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$AGORA_ROOT"

START=$SECONDS
PASSED=()
FAILED=()
SKIPPED=()
SERVER_PID=""

cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT
trap 'echo "test.sh: interrupted"; exit 130' INT TERM

elapsed() {
  local s=$(( SECONDS - $1 ))
  printf '%dm%02ds' $(( s / 60 )) $(( s % 60 ))
}

# step NAME COMMAND...: run one check, remember whether it passed.
step() {
  local name="$1" t0=$SECONDS
  shift
  echo
  echo "==> $name"
  if "$@"; then
    PASSED+=("$name")
    echo "--- $name: ok ($(elapsed "$t0"))"
    return 0
  else
    FAILED+=("$name")
    echo "--- $name: FAILED ($(elapsed "$t0"))"
    return 1
  fi
}

run_e2e() {
  cargo build --quiet -p agora-cli || return 1
  agora_serve_dir "$AGORA_ROOT/dist" || return 1
  SERVER_PID="$AGORA_SERVER_PID"
  echo "serving dist/ on $AGORA_URL (pid $SERVER_PID)"
  mkdir -p tests/e2e/artifacts
  # One test file at a time: each drives its own Chromium, and there are only so many cores.
  # (Node 18, which Debian ships, lacks the flag and keeps its default.)
  local one_at_a_time=()
  if node --test-concurrency=1 -e 0 2>/dev/null; then one_at_a_time=(--test-concurrency=1); fi
  AGORA_CLI="$AGORA_ROOT/target/debug/agora" \
    node --test "${one_at_a_time[@]}" tests/e2e/*.test.mjs
  local rc=$?
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
  return $rc
}

if ! step "setup" scripts/setup.sh; then
  echo "test.sh: FAILED: setup did not complete, nothing was checked ($(elapsed "$START"))"
  exit 1
fi
step "cargo fmt --check" cargo fmt --all --check
step "clippy (native)" cargo clippy --workspace --all-targets -- -D warnings
step "clippy (web crate, wasm32)" \
  cargo clippy -p agora-web --target wasm32-unknown-unknown --all-targets -- -D warnings
step "cargo test (native)" cargo test --workspace
# The engine's docs carry every formula and source: broken links there are bugs too.
step "cargo doc (engine)" env RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet -p agora-engine
step "wasm tests (headless Chromium)" scripts/wasm-test.sh
if step "trunk build --release" trunk build --release; then
  step "end-to-end tests" run_e2e
else
  SKIPPED+=("end-to-end tests")
fi

echo
summary="${#PASSED[@]} passed, ${#FAILED[@]} failed"
if [ "${#SKIPPED[@]}" -gt 0 ]; then summary="$summary, ${#SKIPPED[@]} skipped"; fi
if [ "${#FAILED[@]}" -eq 0 ] && [ "${#SKIPPED[@]}" -eq 0 ]; then
  echo "test.sh: ALL OK: $summary in $(elapsed "$START")"
  exit 0
fi
details=""
if [ "${#FAILED[@]}" -gt 0 ]; then details="failed: $(printf '%s; ' "${FAILED[@]}")"; fi
if [ "${#SKIPPED[@]}" -gt 0 ]; then details="${details}skipped: $(printf '%s; ' "${SKIPPED[@]}")"; fi
echo "test.sh: FAILED: $summary in $(elapsed "$START") (${details%; })"
exit 1
