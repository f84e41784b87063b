#!/usr/bin/env bash
# Writes www/pretrained/<preset>.json for every preset in the engine's presets::PRETRAINED:
# the results document `agora run` prints for the preset (the same bits on any machine and any
# number of threads). The app loads these when such a preset is picked, so its trained agents
# show at once; tests/pretrained.rs checks each file against the preset's pinned digest.
#
# Usage: scripts/pretrained.sh   (builds the release CLI if needed; about a minute and a half)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$AGORA_ROOT"

cargo build --quiet --release -p agora-cli
AGORA="$AGORA_TARGET/release/agora"
mkdir -p www/pretrained
names=$(sed -n '/^pub const PRETRAINED/,/^];/p' crates/engine/src/presets.rs | grep -o '"[a-z0-9-]*"' | tr -d '"')
for name in $names; do
  "$AGORA" preset "$name" | "$AGORA" run - > "www/pretrained/$name.json.tmp"
  mv "www/pretrained/$name.json.tmp" "www/pretrained/$name.json"
  echo "www/pretrained/$name.json: $(grep -o '"digest": "[0-9a-f]*"' "www/pretrained/$name.json")"
done
