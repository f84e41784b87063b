#!/usr/bin/env bash
# Writes target/native-digests.json: a few preset experiments (with fewer repetitions, or for
# meta-RL fewer updates, to keep the debug-build wasm tests quick) and recorded LLM runs, each with the digest and share link
# the native CLI gives.
# tests/web.rs runs the same experiments in WebAssembly and must get the same digests.
#
# Usage: scripts/native-digests.sh [OUT]   (needs target/debug/agora: cargo build -p agora-cli)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$AGORA_ROOT"

OUT="${1:-$AGORA_TARGET/native-digests.json}"
AGORA="${AGORA_CLI:-$AGORA_TARGET/debug/agora}"
PRESETS=(bandits-classic bandits-gaussian bandits-linear bandits-adversarial
  games-axelrod-noisy games-trust-noise games-moran games-rps-hedge games-bos-regret-matching games-match
  tax-llm-economist tax-ai-economist metarl-ablation metarl-sweep metarl-rl2 metarl-gridworld)
MAX_REPETITIONS=3
# Experiments with LLM players and their replies recorded from the real model: replaying them
# must give the same bits in WebAssembly (prompts, parsing, fallbacks, sampling).
RECORDED=(crates/engine/tests/data/llm-tft-recorded.json crates/engine/tests/data/llm-bandit-recorded.json)

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for name in "${PRESETS[@]}"; do
  "$AGORA" preset "$name" | python3 -c '
import json, sys
exp = json.load(sys.stdin)
if "repetitions" in exp:
    exp["repetitions"] = min(exp["repetitions"], int(sys.argv[1]))
if "updates" in exp:  # meta-RL: a few updates of one seed, evaluated on a few blocks
    exp["updates"] = min(exp["updates"], 40)
    exp["seeds"] = 1
    exp["eval"]["every"] = min(exp["eval"]["every"], 20)
    exp["eval"]["blocks"] = min(exp["eval"]["blocks"], 50)
json.dump(exp, sys.stdout, indent=2)
' "$MAX_REPETITIONS" > "$tmp/$name.json"
  "$AGORA" run --digest-only "$tmp/$name.json" > "$tmp/$name.digest"
  "$AGORA" link --digest "$tmp/$name.json" > "$tmp/$name.link"
done
NAMES=("${PRESETS[@]}")
for file in "${RECORDED[@]}"; do
  name="$(basename "$file" .json)"
  cp "$file" "$tmp/$name.json"
  "$AGORA" run --digest-only "$tmp/$name.json" > "$tmp/$name.digest"
  "$AGORA" link --digest "$tmp/$name.json" > "$tmp/$name.link"
  NAMES+=("$name")
done
python3 - "$tmp" "$OUT" "${NAMES[@]}" <<'PY'
import json, os, sys
tmp, out, names = sys.argv[1], sys.argv[2], sys.argv[3:]
entries = []
for n in names:
    read = lambda ext: open(os.path.join(tmp, n + ext)).read().strip()
    entries.append({"name": n, "experiment": json.loads(read(".json")),
                    "digest": read(".digest"), "link": read(".link")})
os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
with open(out, "w") as f:
    json.dump({"presets": entries}, f, indent=2)
    f.write("\n")
PY
echo "native-digests: wrote $OUT (${NAMES[*]})"
