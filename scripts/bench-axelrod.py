#!/usr/bin/env python3
"""Times the Axelrod library (4.14.0, PyPI) on the tournaments Agora's benchmarks time
(tests/bench/kernels.mjs natively and in WebAssembly, tests/bench/games.mjs in the browser):

- the `games-axelrod` preset's field (16 strategies), 200 turns, 10 repetitions;
- every strategy both libraries have (Agora's strategy kinds are Axelrod's class names), 200
  turns, 5 repetitions, without noise and with 5 % noise.

Each is `axl.Tournament(players, turns=200, repetitions=R, noise=...).play(progress_bar=False)`
in one process (the library's default), results built. Prints one JSON line per tournament:
players, turns played (every match of the round robin, self-play included, as both libraries
count them), the median and fastest of RUNS runs in seconds.

Run by scripts/bench.sh in a throwaway environment (scripts/peers.sh makes it and passes the
field and the strategy list from the CLI):
    scripts/peers.sh axelrod [RUNS]      (default 3)
Usage: python bench-axelrod.py FIELD_JSON STRATEGY_KINDS_FILE [RUNS]
"""
import json
import sys
import time
import warnings

import axelrod as axl

warnings.simplefilter("ignore")
field_file, kinds_file = sys.argv[1], sys.argv[2]
RUNS = int(sys.argv[3]) if len(sys.argv) > 3 else 3
TURNS = 200

field = [p["kind"] for p in json.load(open(field_file))["players"]]
kinds = [line.split("\t")[0].strip() for line in open(kinds_file) if line.strip()]
shared = [k for k in kinds if hasattr(axl, k)]


def tournament(name, names, repetitions, noise):
    times = []
    for _ in range(RUNS):
        players = [getattr(axl, k)() for k in names]
        t = axl.Tournament(players, turns=TURNS, repetitions=repetitions, noise=noise)
        start = time.perf_counter()
        t.play(progress_bar=False)
        times.append(time.perf_counter() - start)
    times.sort()
    n = len(names)
    print(json.dumps({
        "peer": f"Axelrod {axl.__version__}",
        "case": name,
        "players": n,
        "turns": n * (n + 1) // 2 * TURNS * repetitions,
        "runs": RUNS,
    "median": times[len(times) // 2],
        "fastest": times[0],
    }), flush=True)


tournament("games-axelrod field, 10 reps", field, 10, 0.0)
tournament(f"{len(shared)} strategies, 5 reps", shared, 5, 0.0)
tournament(f"{len(shared)} strategies, 5 % noise, 5 reps", shared, 5, 0.05)
