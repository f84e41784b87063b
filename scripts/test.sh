#!/usr/bin/env bash
# Quick-start command 2: everything that checks Agora, in one go.
#
#   setup (idempotent) -> cargo fmt --check -> clippy (native, and the web crate for wasm32)
#   -> a real small language model and the fault server in front of it (scripts/llm-server.sh,
#      tests/llm/faulty_server.py; AGORA_LLM_URL and AGORA_FAULTY_URL name them for every later
#      step) -> cargo test (native) -> fuzzing, 20 s per target (scripts/fuzz.sh)
#   -> cargo doc (engine, warnings are errors)
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
LLM_PID=""
FAULTY_PID=""

cleanup() {
  local pid
  for pid in "$SERVER_PID" "$FAULTY_PID" "$LLM_PID"; do
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
  done
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
  # The site's oEmbed documents, for the address it is served at (as a deployment writes them).
  "$AGORA_TARGET/debug/agora" oembed --base "$AGORA_URL" --out "$AGORA_ROOT/dist" || return 1
  mkdir -p tests/e2e/artifacts
  # One test file at a time: each drives its own Chromium, and there are only so many cores.
  # (Node 18, which Debian ships, lacks the flag and keeps its default.)
  local one_at_a_time=()
  if node --test-concurrency=1 -e 0 2>/dev/null; then one_at_a_time=(--test-concurrency=1); fi
  AGORA_CLI="$AGORA_TARGET/debug/agora" \
    node --test "${one_at_a_time[@]}" tests/e2e/*.test.mjs
  local rc=$?
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
  return $rc
}

# The real model (installed the first time: llama.cpp compiles once, several minutes) on a free
# port, and the fault server in front of it on another. Without them the LLM tests skip, so
# a failure here is a failed step.
start_llm_servers() {
  local port fport log i
  port="$(agora_free_port)" || return 1
  LLM_PID="$(AGORA_LLM_PORT="$port" scripts/llm-server.sh start)" || {
    LLM_PID=""
    echo "the language model could not be started (see the messages above)" >&2
    return 1
  }
  echo "language model on http://127.0.0.1:$port/v1 (pid $LLM_PID)"
  fport="$(agora_free_port)" || return 1
  log="${TMPDIR:-/tmp}/agora-faulty-server.$$.log"
  python3 tests/llm/faulty_server.py --port "$fport" --upstream "http://127.0.0.1:$port" \
    >"$log" 2>&1 &
  FAULTY_PID=$!
  for i in $(seq 1 100); do
    if python3 -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=2)" \
      "http://127.0.0.1:$fport/stats" 2>/dev/null; then
      echo "fault server on http://127.0.0.1:$fport (pid $FAULTY_PID, log $log)"
      export AGORA_LLM_URL="http://127.0.0.1:$port/v1"
      export AGORA_FAULTY_URL="http://127.0.0.1:$fport"
      return 0
    fi
    if ! kill -0 "$FAULTY_PID" 2>/dev/null; then break; fi
    sleep 0.1
  done
  echo "the fault server did not start; its log:" >&2
  cat "$log" >&2
  return 1
}

if ! step "setup" scripts/setup.sh; then
  echo "test.sh: FAILED: setup did not complete, nothing was checked ($(elapsed "$START"))"
  exit 1
fi
step "cargo fmt --check" cargo fmt --all --check
step "clippy (native)" cargo clippy --workspace --all-targets -- -D warnings
step "clippy (web crate, wasm32)" \
  cargo clippy -p agora-web --target wasm32-unknown-unknown --all-targets -- -D warnings
# The engine's WebAssembly-only code (its SIMD ChaCha8) and the wasm kernels harness.
step "clippy (engine, wasm32)" \
  cargo clippy -p agora-engine --lib --example kernels_wasm --target wasm32-unknown-unknown -- -D warnings
step "LLM servers (real model, fault server)" start_llm_servers
step "cargo test (native)" cargo test --workspace
# Links, experiment files and edited presets thrown at the engine: no panic, overflow or hang.
step "fuzz (20 s per target)" scripts/fuzz.sh 20
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
