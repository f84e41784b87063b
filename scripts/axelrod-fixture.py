#!/usr/bin/env python3
"""Writes crates/engine/tests/data/axelrod-deterministic.json: the mean payoff per turn of every
pair of Agora's deterministic strategies that the Axelrod library also has, computed by the
Axelrod library itself (an independent implementation), 200-turn matches of the Prisoner's
Dilemma (3, 0, 5, 1) without noise. crates/engine/tests/games_axelrod.rs checks Agora against it.

Not part of the test command (it needs the axelrod package):
    python3 -m venv /tmp/axl && /tmp/axl/bin/pip install axelrod==4.14.0
    target/debug/agora strategies | cut -f1 | /tmp/axl/bin/python scripts/axelrod-fixture.py
"""
import json
import sys
import warnings

import axelrod as axl

warnings.simplefilter("ignore")
TURNS = 200
kinds = [k.strip() for k in sys.stdin if k.strip()]
use = [k for k in kinds
       if hasattr(axl, k) and not axl.Classifiers["stochastic"](getattr(axl, k)())]
n = len(use)
matrix = [[0.0] * n for _ in range(n)]
for i in range(n):
    for j in range(i, n):
        match = axl.Match((getattr(axl, use[i])(), getattr(axl, use[j])()), turns=TURNS)
        match.play()
        a, b = match.final_score_per_turn()
        if i == j:
            matrix[i][i] = (a + b) / 2
        else:
            matrix[i][j], matrix[j][i] = a, b
out = {
    "source": f"Axelrod library {axl.__version__}: axl.Match((P_i(), P_j()), turns={TURNS}).final_score_per_turn()",
    "game": [3, 0, 5, 1],
    "turns": TURNS,
    "kinds": use,
    "payoff_matrix": matrix,
}
path = "crates/engine/tests/data/axelrod-deterministic.json"
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print(f"wrote {path}: {n} strategies", file=sys.stderr)
