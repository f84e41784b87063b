#!/usr/bin/env bash
# Quick-start command 1: install what is missing, build the app and serve it on
# http://127.0.0.1:8080/ (set PORT to use another port). Ctrl-C stops it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$AGORA_ROOT"

scripts/setup.sh
PORT="${PORT:-8080}"
echo "serve: building and serving Agora on http://127.0.0.1:$PORT/"
exec trunk serve --release --address 127.0.0.1 --port "$PORT"
