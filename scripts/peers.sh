#!/usr/bin/env bash
# The peers' benchmarks, on this machine, for scripts/bench.sh: SMPyBandits 0.9.7 on the
# `bandits-benchmark` instance and the Axelrod library 4.14.0 on the tournaments Agora times.
# Each peer lives in its own throwaway Python environment under $AGORA_PEERS_HOME (default
# ~/.cache/agora/peers), made once (pip from PyPI) and reused. Appends one JSON line per
# measurement to target/bench-peers.json.
#
# Usage: scripts/peers.sh [smpybandits|axelrod|all] [RUNS]   (default: all, 3 runs)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$AGORA_ROOT"

WHICH="${1:-all}"
RUNS="${2:-3}"
HOME_DIR="${AGORA_PEERS_HOME:-$HOME/.cache/agora/peers}"
OUT="$AGORA_ROOT/target/bench-peers.json"
mkdir -p "$HOME_DIR" "$AGORA_ROOT/target"

# venv NAME PACKAGE==VERSION [MORE PINS...]: the environment's python, made (once) with them.
venv() {
  local dir="$HOME_DIR/$1"
  shift
  if ! "$dir/bin/python" -c "import importlib.metadata as m; assert m.version('${1%%==*}') == '${1##*==}'" >/dev/null 2>&1; then
    echo "==> python3 -m venv $dir && pip install $*" >&2
    python3 -m venv "$dir"
    "$dir/bin/pip" install --quiet "$@" >&2
  fi
  echo "$dir/bin/python"
}

if [ "$WHICH" = all ] || [ "$WHICH" = smpybandits ]; then
  # SMPyBandits 0.9.7 (2019) needs scipy's btdtri (gone in scipy 1.12) and so numpy 1; numba is
  # its optional accelerator (its kl-UCB indices), installed so it runs at its best.
  py="$(venv smpy SMPyBandits==0.9.7 scipy==1.11.4 numpy==1.26.4 pandas==2.1.4 numba==0.59.1)"
  echo "==> SMPyBandits: scripts/bench-smpybandits.py $RUNS"
  "$py" scripts/bench-smpybandits.py "$RUNS" | grep "^{" | tee -a "$OUT"
fi
if [ "$WHICH" = all ] || [ "$WHICH" = axelrod ]; then
  py="$(venv axl axelrod==4.14.0)"
  cargo build --quiet -p agora-cli
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  "$AGORA_TARGET/debug/agora" preset games-axelrod > "$tmp/field.json"
  "$AGORA_TARGET/debug/agora" strategies > "$tmp/kinds.tsv"
  echo "==> Axelrod: scripts/bench-axelrod.py $RUNS"
  "$py" scripts/bench-axelrod.py "$tmp/field.json" "$tmp/kinds.tsv" "$RUNS" | grep "^{" | tee -a "$OUT"
fi
