#!/usr/bin/env bash
# Fuzz the engine: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#
# Targets (fuzz/fuzz_targets/): link_decode (any text as a share link), experiment_json (any text
# as an experiment file), edited_presets (presets with numbers, names and lists changed; small
# ones are also run). Each must answer every input with a value or an error, never a panic, an
# overflow or a hang (10 s).
#
# The test command runs each target for 20 s. The long run the docs record (at least 10 million
# executions in all): scripts/fuzz.sh 1800. The committed corpus (fuzz/corpus/TARGET: the
# presets, their links, and every input that once crashed) is read, never written: new inputs
# go to a scratch directory, and a crash is saved to fuzz/artifacts/TARGET/ to be added to the
# corpus once fixed. Installs cargo-fuzz (from crates.io) the first time. Runs on the stable
# toolchain, without a sanitizer: safe Rust needs none, and the overflow checks are on.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$AGORA_ROOT/fuzz"

SECONDS_EACH="${1:-20}"
shift || true
TARGETS=("$@")
if [ "${#TARGETS[@]}" -eq 0 ]; then TARGETS=(link_decode experiment_json edited_presets); fi

CARGO_FUZZ_VERSION="0.13.2"
if [ "$(cargo fuzz --version 2>/dev/null || true)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
  echo "fuzz.sh: cargo install cargo-fuzz $CARGO_FUZZ_VERSION (about 2 minutes, once)"
  cargo install --locked cargo-fuzz --version "$CARGO_FUZZ_VERSION"
fi

FUZZ_TARGET_DIR="$AGORA_TARGET/fuzz"
OPTS=(--sanitizer none -O --target-dir "$FUZZ_TARGET_DIR")
cargo fuzz build "${OPTS[@]}"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/agora-fuzz.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
total=0
failed=()
for t in "${TARGETS[@]}"; do
  mkdir -p "$scratch/$t" "artifacts/$t"
  case "$t" in
    edited_presets) len=(-max_len=200 -len_control=0) ;;
    *) len=(-max_len=65536) ;;
  esac
  log="$scratch/$t.log"
  if cargo fuzz run "${OPTS[@]}" "$t" "$scratch/$t" "corpus/$t" -- \
    -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=4096 "${len[@]}" \
    -artifact_prefix="artifacts/$t/" >"$log" 2>&1; then
    runs="$(grep -o '^Done [0-9]* runs' "$log" | grep -o '[0-9]*' || echo 0)"
    total=$(( total + runs ))
    echo "fuzz.sh: $t: $runs executions in ${SECONDS_EACH} s, no crash"
  else
    failed+=("$t")
    echo "fuzz.sh: $t FAILED; the end of its log ($log):"
    grep -v '^#' "$log" | tail -40
  fi
done
echo "fuzz.sh: $total executions in all ($(date -u +%Y-%m-%d))"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz.sh: crashes in: ${failed[*]} (inputs in fuzz/artifacts/)"
  trap - EXIT
  exit 1
fi
