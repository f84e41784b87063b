#!/usr/bin/env python3
"""Times the AI Economist's own Saez planner update (ai-economist 1.7.1, PyPI; class
PeriodicBracketTax in ai_economist/foundation/components/redistribution.py, tax_model="saez") on
tables of 1,000, 10,000 and 100,000 (income, marginal rate) observations: the peer of the
`saez` section of Agora's native benchmark (crates/engine/examples/bench_tax.rs), which times
Agora's equivalent (crates/engine/src/tax/saez.rs and the data-driven Saez planner) on the same
tables. The numbers go to BENCHMARKS.md ("Tax planner") by hand.

Not part of the test command (it needs the ai-economist package). To install and run, from the
root of the Agora repository (the same throwaway environment as scripts/aie-saez-fixture.py):
    python3 -m venv /tmp/aie-venv
    /tmp/aie-venv/bin/pip install --no-deps ai-economist==1.7.1 numpy scipy lz4 pycryptodome GPUtil pyyaml
    /tmp/aie-venv/bin/python scripts/bench-aie-saez.py [RUNS]     (default 5)
and compare with
    cargo run --release -p agora-engine --example bench_tax saez

The tables. Both programs make them the same way, bit for bit: observation k = 1..N has rate
tau = 0.6 frac(k * 0.7548776662466927) and income z = 20 / sqrt(1 - 0.999 u) * sqrt(1 - tau)
with u = frac(k * 0.6180339887498949) (Weyl sequences; a Pareto(2) body from 20 coin reaching
above the top cutoff 510.3 coin, and an elasticity of 0.5). Units are the AI Economist's coin
(usd_scaling 1000), so its bins and brackets apply unchanged. Both print the rates of their
first update, which agree (to about 1e-12), so the two sides do the same computation.

How their code is driven. A real PeriodicBracketTax is built by its own __init__ on a real
(small, empty) ai_economist World with n_agents = N / 10 agents (Agora's data-driven planner
keeps 10 years of every worker's observations: N / 10 workers), tax_model="saez", every other
argument at its default. Then the table is fed through their _update_saez_buffer, ten "tax
periods" of N / 10 observations.

The one attribute changed: their buffer keeps at most 500 observations (`_buffer_size = 500`, a
FIFO), so at their default the update never sees more than 500. For the timing `_buffer_size` is
raised to N, which is what the update would cost if it kept N observations (their planner has
no other limit on N; the gate that draws random rates until the buffer is full then opens by
itself). A row at the default cap of 500 is timed too.

What is timed, each the median of RUNS runs (short calls repeated within a run, per call):
  * buffer update: _update_saez_buffer with one more period (N / 10 observations in) into the
    full buffer (N / 10 out: list.pop(0), their FIFO);
  * whole update: compute_and_set_new_period_rates_from_saez_formula() on the full buffer;
  * its pieces: np.array(buffer) (the list of pairs to an array, the update's first step),
    estimate_uniform_income_elasticity, get_binned_saez_welfare_weight_and_pareto_params,
    get_saez_marginal_rates (with the gaps interpolated) and bracketize_schedule.
Building the per-agent dicts the buffer update reads (their step builds them from the agents'
incomes) is not timed.
"""
import contextlib
import importlib.metadata
import io
import math
import platform
import sys
import time

import numpy as np

with contextlib.redirect_stdout(io.StringIO()):  # the package prints GPU notices on import
    from ai_economist.foundation.base.world import World
    from ai_economist.foundation.components.redistribution import PeriodicBracketTax

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
MIN_RUN = 0.05  # seconds: a run of a short call repeats it until about this long
EPISODE_LENGTH = 1000
WEYL_U = 0.6180339887498949
WEYL_V = 0.7548776662466927
YEARS = 10  # Agora's default buffer: 10 years of every worker


def table(n):
    """The same (income, rate) observations as bench_tax.rs's table(n)."""
    z, t = [], []
    for k in range(1, n + 1):
        u = (k * WEYL_U) % 1.0
        tau = 0.6 * ((k * WEYL_V) % 1.0)
        z.append(20.0 / math.sqrt(1.0 - 0.999 * u) * math.sqrt(1.0 - tau))
        t.append(tau)
    return z, t


def per_call(f):
    """Median and fastest seconds per call of f over RUNS runs."""
    t0 = time.perf_counter()
    f()
    once = max(time.perf_counter() - t0, 1e-7)
    reps = max(1, math.ceil(MIN_RUN / once))
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        for _ in range(reps):
            f()
        times.append((time.perf_counter() - t0) / reps)
    times.sort()
    return times[len(times) // 2], times[0]


def fmt(s):
    """Seconds in us, ms or s, whichever reads best (as bench_tax.rs prints them)."""
    if s < 1e-3:
        return "{:.1f} us".format(s * 1e6)
    if s < 1.0:
        return "{:.2f} ms".format(s * 1e3)
    return "{:.3f} s".format(s)


def show(name, t, extra=""):
    med, fast = t
    print("{:<66} {:>10} ({:>10})  {}".format(name, fmt(med), fmt(fast), extra))


def component(n_agents, buffer_size):
    world = World([5, 5], n_agents, [], [], False, False)
    comp = PeriodicBracketTax(world, EPISODE_LENGTH, tax_model="saez")
    comp._buffer_size = buffer_size  # raised from their 500 (see the docstring)
    return comp


def periods(z, t, p):
    """The table as tax periods of p agents, in the dict form _update_saez_buffer reads."""
    return [{str(i): {"income": z[k * p + i], "marginal_rate": t[k * p + i]} for i in range(p)}
            for k in range(len(z) // p)]


def bench(n, buffer_size):
    z, t = table(n)
    p = n // YEARS
    comp = component(p, buffer_size)
    feed = periods(z, t, p)
    for d in feed:
        comp._update_saez_buffer(d)
    assert len(comp.saez_buffer) == min(n, buffer_size)
    label = "N = {:>7}".format(n) if buffer_size >= n else "N = {:>7}, cap {}".format(n, buffer_size)

    comp.compute_and_set_new_period_rates_from_saez_formula()
    assert comp._reached_min_samples
    print("{}: {} agents x {} periods; first update: elas_t {!r}, rates {}".format(
        label, p, YEARS, comp.elas_t, [float(r) for r in comp.curr_bracket_tax_rates]))

    # The observations the pieces are timed on: the buffer as the first update saw it.
    buffer = list(comp.saez_buffer)
    k = [0]

    def update_buffer():
        # The oldest period goes in again as it drops out: an uncapped buffer keeps the table.
        comp._update_saez_buffer(feed[k[0]])
        k[0] = (k[0] + 1) % len(feed)

    show("  {}: buffer update ({} observations in, {} out)".format(label, p, p), per_call(update_buffer))
    show("  {}: whole update (compute_and_set_new_..._saez_formula)".format(label),
         per_call(comp.compute_and_set_new_period_rates_from_saez_formula))

    show("  {}: np.array(buffer)".format(label), per_call(lambda: np.array(buffer)))
    obs = np.array(buffer)
    e_first, _ = comp.estimate_uniform_income_elasticity(obs, elas_df=0.0, elas_tm1=0.5, log_z0_tm1=0.0)
    show("  {}: elasticity estimate (OLS)".format(label),
         per_call(lambda: comp.estimate_uniform_income_elasticity(obs, elas_df=0.98, elas_tm1=0.5,
                                                                  log_z0_tm1=0.0)),
         "[e_hat {:.12f}]".format(float(e_first)))
    incomes = obs[:, 0]
    show("  {}: binned weights and Pareto parameters".format(label),
         per_call(lambda: comp.get_binned_saez_welfare_weight_and_pareto_params(population_incomes=incomes)))
    gz, az = comp.get_binned_saez_welfare_weight_and_pareto_params(population_incomes=incomes)
    elas = 0.02 * float(e_first) + 0.98 * 0.5
    show("  {}: bin rates (Saez formula, gaps filled)".format(label),
         per_call(lambda: comp.get_saez_marginal_rates(gz, az, elas)))
    taus = comp.get_saez_marginal_rates(gz, az, elas)
    show("  {}: bracketize".format(label),
         per_call(lambda: comp.bracketize_schedule(bin_marginal_rates=taus,
                                                   bin_edges=comp._saez_income_bin_edges,
                                                   bin_sizes=comp._saez_income_bin_sizes)))


def main():
    print("ai-economist {}, numpy {}, Python {}; {} runs each: median (fastest), per call".format(
        importlib.metadata.version("ai-economist"), np.__version__, platform.python_version(), RUNS))
    for n in (1_000, 10_000, 100_000):
        bench(n, n)
    # Their default: the FIFO keeps the last 500 observations whatever N is.
    bench(10_000, 500)


if __name__ == "__main__":
    main()
