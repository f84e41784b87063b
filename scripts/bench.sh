#!/usr/bin/env bash
# Benchmarks (not part of scripts/test.sh), all in one run on this machine: the native engine;
# the same kernels natively and in WebAssembly (Node); the peers (SMPyBandits, the Axelrod
# library) on the same work; then the built site in headless Chromium. Numbers go to the
# terminal and target/bench-*.json; tests/bench/peers.mjs writes the side-by-side table into
# BENCHMARKS.md, the rest is recorded there by hand with the date and the machine.
#
# Usage: scripts/bench.sh [RUNS] [METARL_RUNS] [PEER_RUNS]   (browser runs per measurement,
# default 5; 2 for the meta-RL presets, which train for minutes; 1 for the peers, which take
# minutes: SMPyBandits needs about ten for the benchmark preset's 4,000,000 pulls)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$AGORA_ROOT"

scripts/setup.sh
echo "==> native: cargo run --release -p agora-engine --example bench_bandits"
cargo run --quiet --release -p agora-engine --example bench_bandits
echo "==> native: cargo run --release -p agora-engine --example bench_games"
cargo run --quiet --release -p agora-engine --example bench_games
echo "==> native: cargo run --release -p agora-engine --example bench_tax"
cargo run --quiet --release -p agora-engine --example bench_tax
echo "==> native: cargo run --release -p agora-engine --example bench_metarl"
cargo run --quiet --release -p agora-engine --example bench_metarl

echo "==> kernels: native and WebAssembly (Node), tests/bench/kernels.mjs"
cargo build --quiet --release -p agora-engine --example kernels_native
cargo build --quiet --release -p agora-engine --example kernels_wasm --target wasm32-unknown-unknown
node tests/bench/kernels.mjs "${1:-5}"

echo "==> peers: scripts/peers.sh (SMPyBandits, the Axelrod library)"
rm -f target/bench-peers.json
scripts/peers.sh all "${3:-1}"

echo "==> browser: trunk build --release, then tests/bench/bandits.mjs, games.mjs, pool.mjs, tax.mjs, jank.mjs and metarl.mjs"
cargo build --quiet -p agora-cli
trunk build --release
SERVER_PID=""
trap '[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true' EXIT
agora_serve_dir "$AGORA_ROOT/dist"
SERVER_PID="$AGORA_SERVER_PID"
AGORA_CLI="$AGORA_TARGET/debug/agora" node tests/bench/bandits.mjs "${1:-5}"
AGORA_CLI="$AGORA_TARGET/debug/agora" node tests/bench/games.mjs "${1:-5}"
AGORA_CLI="$AGORA_TARGET/debug/agora" node tests/bench/pool.mjs "${1:-5}"
AGORA_CLI="$AGORA_TARGET/debug/agora" node tests/bench/tax.mjs "${1:-5}"
AGORA_CLI="$AGORA_TARGET/debug/agora" node tests/bench/jank.mjs "${1:-5}"
# The meta-RL presets train for minutes: fewer runs.
AGORA_CLI="$AGORA_TARGET/debug/agora" node tests/bench/metarl.mjs "${2:-2}"

echo "==> Agora beside its peers: tests/bench/peers.mjs (writes the table into BENCHMARKS.md)"
node tests/bench/peers.mjs
