# Environment shared by Agora's scripts: `source scripts/env.sh` (from any directory).
#
# Puts the npm tools of tests/e2e (binaryen's wasm-opt, playwright-core) first on PATH so trunk
# uses binaryen 132's wasm-opt rather than an older system one, and cargo's bin dir after it
# (trunk, wasm-bindgen, wasm-bindgen-test-runner).

AGORA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export AGORA_ROOT
export AGORA_NPM_DIR="$AGORA_ROOT/tests/e2e"
# Where cargo builds (CARGO_TARGET_DIR, if set, as cargo itself reads it).
export AGORA_TARGET="${CARGO_TARGET_DIR:-$AGORA_ROOT/target}"

case ":$PATH:" in
  *":$HOME/.cargo/bin:"*) ;;
  *) PATH="$HOME/.cargo/bin:$PATH" ;;
esac
case ":$PATH:" in
  *":$AGORA_NPM_DIR/node_modules/.bin:"*) ;;
  *) PATH="$AGORA_NPM_DIR/node_modules/.bin:$PATH" ;;
esac
export PATH

# Pinned tool versions (wasm-bindgen must equal the version in Cargo.lock; setup.sh reads it).
export AGORA_TRUNK_VERSION="0.21.14"
export AGORA_WASM_BINDGEN_VERSION_DEFAULT="0.2.130"

# Browser used by the wasm tests, the end-to-end tests and the benchmark.
export AGORA_CHROMIUM="${AGORA_CHROMIUM:-/usr/bin/chromium}"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"

# trunk: no update check, never download tools.
export TRUNK_SKIP_VERSION_CHECK=true
export TRUNK_OFFLINE=true

# The wasm-bindgen version Cargo.lock pins (the one wasm-bindgen-cli must match).
agora_wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' \
    "$AGORA_ROOT/Cargo.lock" 2>/dev/null | grep . || echo "$AGORA_WASM_BINDGEN_VERSION_DEFAULT"
}

# A free TCP port on 127.0.0.1.
agora_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Start `python3 -m http.server` on a free port serving $1; sets AGORA_SERVER_PID and
# AGORA_URL and waits until the server answers. The caller stops it by PID (trap).
agora_serve_dir() {
  local dir="$1" port i
  port="$(agora_free_port)"
  python3 -m http.server "$port" --bind 127.0.0.1 --directory "$dir" >/dev/null 2>&1 &
  AGORA_SERVER_PID=$!
  AGORA_URL="http://127.0.0.1:$port/"
  export AGORA_URL
  for i in $(seq 1 100); do
    if python3 -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=2)" "$AGORA_URL" 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "$AGORA_SERVER_PID" 2>/dev/null; then
      echo "the local web server did not start" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "the local web server did not answer on $AGORA_URL" >&2
  return 1
}
