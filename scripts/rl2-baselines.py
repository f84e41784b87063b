#!/usr/bin/env python3
"""An independent check of the meta-RL lab's baselines on RL^2's task (Duan et al. 2016):
k Bernoulli arms with means ~ U(0, 1), n pulls, total reward per episode.

Written from the algorithms' definitions with numpy only (no code shared with the engine),
vectorised over episodes. crates/engine/tests/metarl.rs compares with its Thompson figure.

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install numpy
    /tmp/venv/bin/python scripts/rl2-baselines.py [episodes]
"""
import sys

import numpy as np


def argmax_random_ties(values, rng):
    noise = rng.random(values.shape)
    best = values == values.max(axis=1, keepdims=True)
    return np.argmax(np.where(best, noise, -1.0), axis=1)


def run(policy, k, n, episodes, seed):
    rng = np.random.default_rng(seed)
    means = rng.random((episodes, k))
    s = np.zeros((episodes, k))
    f = np.zeros((episodes, k))
    total = np.zeros(episodes)
    rows = np.arange(episodes)
    for t in range(1, n + 1):
        if policy == "thompson":
            arm = np.argmax(rng.beta(s + 1, f + 1), axis=1)
        elif policy == "greedy":
            arm = argmax_random_ties((s + 1) / (s + f + 2), rng)
        elif policy == "random":
            arm = rng.integers(0, k, episodes)
        elif policy == "ucb1":
            pulls = s + f
            with np.errstate(divide="ignore", invalid="ignore"):
                index = np.where(pulls > 0, s / pulls + np.sqrt(2 * np.log(t) / pulls), np.inf)
            arm = argmax_random_ties(index, rng)
        reward = rng.random(episodes) < means[rows, arm]
        s[rows, arm] += reward
        f[rows, arm] += ~reward
        total += reward
    return total.mean(), total.std(ddof=1) / np.sqrt(episodes)


def main():
    episodes = int(sys.argv[1]) if len(sys.argv) > 1 else 400_000
    for policy in ["random", "greedy", "ucb1", "thompson"]:
        m, se = run(policy, 5, 10, episodes, 1)
        print(f"n=10 k=5 {policy:<9} {m:.4f} ± {se:.4f}  ({episodes} episodes)")


if __name__ == "__main__":
    main()
