#!/usr/bin/env python3
"""Times SMPyBandits (0.9.7, PyPI) on the instance of Agora's `bandits-benchmark` preset: nine
Bernoulli arms with means 0.1, 0.2, ..., 0.9, horizon 10,000, 100 repetitions, UCB1, Thompson
sampling (Beta(1, 1) prior), KL-UCB (Bernoulli divergence, c = 1) and epsilon-greedy (epsilon =
0.1): 4,000,000 pulls in all, the work Agora's benchmark preset does.

SMPyBandits is driven the way its own documentation runs an experiment: an Evaluator built from
a configuration dict, `startOneEnv` on the environment, one process (n_jobs = 1), nothing
plotted or saved. Prints one JSON line: the median and fastest of RUNS runs, in seconds, and the
mean reward of each policy (to see that it did the same work: about 0.89 for UCB1's ~0.9 arm).

Run by scripts/bench.sh in a throwaway environment (scripts/peers.sh makes it):
    scripts/peers.sh smpybandits [RUNS]      (default 3)
"""
import contextlib
import importlib.util
import io
import json
import os
import sys
import time
import warnings

warnings.simplefilter("ignore")
# SMPyBandits imports its own modules (plotsettings, ...) as top-level ones.
sys.path.insert(0, os.path.dirname(importlib.util.find_spec("SMPyBandits").origin))

from SMPyBandits.Arms import Bernoulli  # noqa: E402
from SMPyBandits.Environment import Evaluator  # noqa: E402
from SMPyBandits.Policies import UCB, Thompson, klUCB, EpsilonGreedy  # noqa: E402

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 3
MEANS = [i / 10 for i in range(1, 10)]
HORIZON, REPETITIONS = 10_000, 100


def run():
    configuration = {
        "horizon": HORIZON,
        "repetitions": REPETITIONS,
        "n_jobs": 1,
        "verbosity": 0,
        "environment": [{"arm_type": Bernoulli, "params": MEANS}],
        "policies": [
            {"archtype": UCB, "params": {}},
            {"archtype": Thompson, "params": {}},
            {"archtype": klUCB, "params": {}},
            {"archtype": EpsilonGreedy, "params": {"epsilon": 0.1}},
        ],
    }
    # SMPyBandits reports as it goes: keep its prints out of the JSON line.
    with contextlib.redirect_stdout(io.StringIO()):
        evaluation = Evaluator(configuration)
        start = time.perf_counter()
        for env_id, env in enumerate(evaluation.envs):
            evaluation.startOneEnv(env_id, env)
        elapsed = time.perf_counter() - start
    rewards = [float(evaluation.getAverageRewards(p, 0)[-1]) for p in range(4)]
    return elapsed, rewards


times, rewards = [], None
for _ in range(RUNS):
    t, rewards = run()
    times.append(t)
times.sort()
print(json.dumps({
    "peer": "SMPyBandits 0.9.7",
    "case": "bandits-benchmark instance (4,000,000 pulls)",
    "pulls": 4 * HORIZON * REPETITIONS,
    "runs": RUNS,
    "median": times[len(times) // 2],
    "fastest": times[0],
    "mean_reward_last_round": rewards,
}))
