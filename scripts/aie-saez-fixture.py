#!/usr/bin/env python3
"""Writes crates/engine/tests/data/aie-saez.json: reference numbers for Agora's data-driven Saez
tax planner, computed by the AI Economist's own code (ai-economist 1.7.1, PyPI; class
PeriodicBracketTax in ai_economist/foundation/components/redistribution.py, tax_model="saez").
Nothing here re-implements their algorithm: every number in the fixture's outputs comes from
their methods, called on income tables made below with fixed seeds.

Not part of the test command (it needs the ai-economist package). To recreate and rerun,
from the root of the Agora repository:
    python3 -m venv /tmp/aie-venv
    /tmp/aie-venv/bin/pip install --no-deps ai-economist==1.7.1 numpy scipy lz4 pycryptodome GPUtil pyyaml
    /tmp/aie-venv/bin/python scripts/aie-saez-fixture.py
(The fixture was made with numpy 2.4.6 and Python 3.11; the versions used are written into it.)

How their code is driven. A real PeriodicBracketTax is built by its own __init__ on a real
(small, empty) ai_economist World, with tax_model="saez" and every other argument at its default:
bracket_spacing="us-federal", usd_scaling=1000 (so the bracket cutoffs are
0, 9.7, 39.475, 84.2, 160.725, 204.1, 510.3 coin of income per tax period), rate_min=0,
rate_max=1, pareto_weight_type="inverse_income", no tax annealing, no fixed elasticity (one case
sets saez_fixed_elas). Each case's table of (income, marginal rate) observations is fed through
their _update_saez_buffer, one "tax period" of n_agents observations at a time (so the
500-observation FIFO cap is theirs too). Then:
  * the intermediate quantities are taken from their methods: estimate_uniform_income_elasticity,
    get_binned_saez_welfare_weight_and_pareto_params, get_saez_marginal_rates (with
    interpolate=False and True) and bracketize_schedule;
  * the planner's real update, compute_and_set_new_period_rates_from_saez_formula, is called
    (once, or several times for the history case) and its resulting curr_bracket_tax_rates,
    elas_t, elas_tm1 and running_avg_tax_rates are recorded. The script asserts that the
    intermediates reproduce the method's result bit for bit.
The one attribute set by hand: where a table has fewer than their 500-observation minimum, the
gate _reached_min_samples is set to True (their planner would otherwise draw uniform random rates
until 500 observations have been buffered); the case says "gate_bypassed": true.
"""
import contextlib
import importlib.metadata
import io
import json
import math
import platform
import sys

import numpy as np

with contextlib.redirect_stdout(io.StringIO()):  # the package prints GPU notices on import
    from ai_economist.foundation.base.world import World
    from ai_economist.foundation.components.redistribution import PeriodicBracketTax

OUT = "crates/engine/tests/data/aie-saez.json"
EPISODE_LENGTH = 1000


def fl(x):
    """A float for JSON: full precision (repr), NaN as null, infinities refused."""
    x = float(x)
    if math.isnan(x):
        return None
    assert math.isfinite(x), x
    return x


def fls(xs):
    return [fl(x) for x in np.asarray(xs, dtype=float).ravel()]


def component(n_agents, **kwargs):
    world = World([5, 5], n_agents, [], [], False, False)
    return PeriodicBracketTax(world, EPISODE_LENGTH, tax_model="saez", **kwargs)


def us2018_rates(incomes):
    """Marginal rate at each income under the US 2018 brackets, by their own marginal_rate()."""
    us = PeriodicBracketTax(World([5, 5], 1, [], [], False, False), EPISODE_LENGTH,
                            tax_model="us-federal-single-filer-2018-scaled")
    return [float(us.marginal_rate(z)) for z in incomes]


def run_case(name, description, incomes, rates, n_agents, calls=1, inputs_from=None, **kwargs):
    incomes = [float(z) for z in incomes]
    rates = [float(t) for t in rates]
    assert len(incomes) == len(rates) and len(incomes) % n_agents == 0
    comp = component(n_agents, **kwargs)
    for p in range(len(incomes) // n_agents):
        rows = range(p * n_agents, (p + 1) * n_agents)
        comp._update_saez_buffer({str(i - p * n_agents): {"income": incomes[i],
                                                          "marginal_rate": rates[i]}
                                  for i in rows})
    buffer = [list(r) for r in comp.saez_buffer]
    gate_bypassed = len(buffer) < comp._buffer_size
    if gate_bypassed:
        comp._reached_min_samples = True
    obs = np.array(buffer)
    buf_z, buf_t = obs[:, 0], obs[:, 1]

    # --- intermediates, from their methods (pure functions of the buffer) ---
    valid = [(z, t) for z, t in buffer if z > 0 and t < 1]
    regression_ran = len(valid) >= 10 and np.std([t for _, t in valid]) >= 1e-6
    e_inst, log_z0 = comp.estimate_uniform_income_elasticity(obs, elas_df=0.0, elas_tm1=0.5,
                                                             log_z0_tm1=0.0)
    e_first, _ = comp.estimate_uniform_income_elasticity(obs, elas_df=0.98,
                                                         elas_tm1=float(comp.elas_t),
                                                         log_z0_tm1=float(comp.log_z0_t))
    e_used = float(comp._saez_fixed_elas) if comp._saez_fixed_elas is not None else e_first
    gz, az = comp.get_binned_saez_welfare_weight_and_pareto_params(population_incomes=buf_z)
    counts, _ = np.histogram(buf_z, bins=comp._saez_income_bin_edges)
    edges, sizes = comp._saez_income_bin_edges, comp._saez_income_bin_sizes

    def schedule(elas):
        raw = comp.get_saez_marginal_rates(gz, az, elas, interpolate=False)
        taus = comp.get_saez_marginal_rates(gz, az, elas)
        unclipped = comp.bracketize_schedule(bin_marginal_rates=taus, bin_edges=edges,
                                             bin_sizes=sizes)
        final = np.clip(unclipped, comp.rate_min, comp.curr_rate_max)
        return {"elasticity": fl(elas), "bin_rates_raw": fls(raw), "bin_rates": fls(taus),
                "bracket_rates_unclipped": fls(unclipped), "bracket_rates": fls(final)}, final

    first, first_final = schedule(e_used)

    # --- the planner's real update ---
    history = []
    for _ in range(calls):
        comp.compute_and_set_new_period_rates_from_saez_formula()
        history.append({"elas_tm1": fl(comp.elas_tm1), "elas_t": fl(comp.elas_t),
                        "log_z0_t": fl(comp.log_z0_t),
                        "bracket_rates": fls(comp.curr_bracket_tax_rates),
                        "running_avg_tax_rates": fls(comp.running_avg_tax_rates)})
    assert history[0]["elas_t"] == fl(e_first)
    assert np.array_equal(np.asarray(history[0]["bracket_rates"]), first_final), name

    case = {
        "name": name,
        "description": description,
        "constructor_kwargs": kwargs,
        "n_agents": n_agents,
        "gate_bypassed": gate_bypassed,
        "inputs_from": inputs_from,
        "fed_incomes": None if inputs_from else incomes,
        "fed_rates": None if inputs_from else rates,
        "buffer_offset": len(incomes) - len(buffer),
        "n_buffer": len(buffer),
        "elasticity": {
            "n_valid": len(valid),
            "regression_ran": bool(regression_ran),
            "instant": fl(e_inst) if regression_ran else None,
            "log_z0": fl(log_z0) if regression_ran else None,
            "first_call": fl(e_first),
            "used": fl(e_used),
        },
        "histogram_counts": [int(c) for c in counts],
        "n_below": int(np.sum(buf_z < edges[0])),
        "n_above": int(np.sum(buf_z > edges[-1])),
        "gz": fls(gz),
        "az": fls(az),
        "schedule": first,
        "calls": history,
    }
    assert buffer == [[z, t] for z, t in zip(incomes[case["buffer_offset"]:],
                                             rates[case["buffer_offset"]:])]
    if regression_ran and comp._saez_fixed_elas is None:
        case["schedule_with_instant_elasticity"], _ = schedule(e_inst)
    return case


def main():
    cases = []

    # (a) z = 50 s (1 - tau)^0.4 on a full grid of 20 rates x 25 skills: OLS recovers 0.4.
    taus = [i / 20 for i in range(20)]                       # 0, 0.05, ..., 0.95
    skills = [float(s) for s in np.geomspace(0.1, 12.0, 25)]
    z_a, t_a = [], []
    for tau in taus:                                          # one tax period per rate
        for s in skills:
            z_a.append(50.0 * s * (1.0 - tau) ** 0.4)
            t_a.append(tau)
    cases.append(run_case(
        "a_elasticity_0.4",
        "z = 50*s*(1-tau)^0.4, tau in {0,0.05,..,0.95} (one period each), s = geomspace(0.1,12,25)"
        " (25 agents); exact log-linear data, balanced design: the OLS slope is 0.4",
        z_a, t_a, n_agents=25))

    # (b) 520 lognormal incomes, rates from the US 2018 brackets (their marginal_rate), fed as
    #     130 periods of 4 agents: the FIFO keeps the last 500.
    rng = np.random.default_rng(2018)
    z_b = rng.lognormal(mean=math.log(60.0), sigma=0.9, size=520)
    cases.append(run_case(
        "b_lognormal_us2018",
        "520 incomes ~ lognormal(ln 60, 0.9) (numpy default_rng(2018)); marginal rate = US 2018"
        " bracket rate at the income; 4 agents x 130 periods, the buffer keeps the last 500",
        z_b, us2018_rates(z_b), n_agents=4))

    # (c) lognormal body + Pareto(alpha=2) tail from 300, random rates, elasticity 0.25 + noise.
    rng = np.random.default_rng(7)
    base = np.concatenate([rng.lognormal(math.log(40.0), 0.7, 440),
                           300.0 * rng.uniform(0.0, 1.0, 60) ** (-1.0 / 2.0)])
    rng.shuffle(base)
    t_c = rng.uniform(0.0, 0.6, 500)
    z_c = base * (1.0 - t_c) ** 0.25 * rng.lognormal(0.0, 0.1, 500)
    cases.append(run_case(
        "c_pareto_tail",
        "base incomes: 440 lognormal(ln 40, 0.7) + 60 Pareto(alpha 2, from 300), shuffled;"
        " tau ~ U(0,0.6); z = base*(1-tau)^0.25*lognormal(0,0.1) (default_rng(7)); 5 agents",
        z_c, t_c, n_agents=5))

    # (d) a small table with zero / negative incomes, a bin edge, the top cutoff, a 100% rate.
    e = component(1)._saez_income_bin_edges  # e[1] == 5.103
    z_d = [0.0, 0.0, -3.5, 2.0, float(e[1]), 12.0, 30.0, 45.5, 80.0, 150.0,
           510.3, 700.0, 1000.0, 25.0, 60.0, 5.0]
    t_d = [0.1, 0.3, 0.0, 0.1, 0.12, 0.2, 0.25, 0.22, 0.3, 0.32,
           0.35, 0.37, 1.0, 0.15, 0.4, 0.05]
    cases.append(run_case(
        "d_small_with_zeros",
        "16 rows: two zero incomes, one negative, one exactly on bin edge 1, one exactly on the"
        " top cutoff 510.3 (inside the last bin, not above), two above, one row with rate 1.0"
        " (dropped from the regression); empty bins get interpolated rates",
        z_d, t_d, n_agents=16))

    # (e) constant rate: the regression is skipped (std of rates < 1e-6).
    rng = np.random.default_rng(5)
    z_e = rng.lognormal(math.log(60.0), 0.9, 500)
    cases.append(run_case(
        "e_constant_rate",
        "500 incomes ~ lognormal(ln 60, 0.9) (default_rng(5)), every rate 0.25: std(tau) < 1e-6,"
        " so the estimate falls back to the previous elasticity (0.5)",
        z_e, [0.25] * 500, n_agents=4))

    # (f) too few observations for the regression; no income in the first bins.
    z_f = [20.0, 55.0, 120.0, 300.0, 420.0, 800.0]
    t_f = [0.1, 0.2, 0.3, 0.35, 0.4, 0.45]
    cases.append(run_case(
        "f_too_few_rows",
        "6 rows (< 10 valid): the estimate falls back to the previous elasticity; bins 0..2 are"
        " empty, so their rates are interpolated from 0.0",
        z_f, t_f, n_agents=6))

    # (g) no income near the top: trailing empty bins are interpolated up to the top rate ~1.
    rng = np.random.default_rng(11)
    base = rng.uniform(1.0, 250.0, 500)
    t_g = rng.uniform(0.0, 0.5, 500)
    z_g = base * (1.0 - t_g) ** 0.6
    cases.append(run_case(
        "g_no_top_incomes",
        "base ~ U(1,250), tau ~ U(0,0.5), z = base*(1-tau)^0.6 (default_rng(11)), 4 agents: no"
        " income above the top cutoff, so the top-bin rate is 1/(1+1e-9) and empty upper bins"
        " are interpolated towards it",
        z_g, t_g, n_agents=4))

    # (h) history: case (a)'s table, three successive planner updates (elasticity smoothing).
    cases.append(run_case(
        "h_history_of_a",
        "case a's observations, then compute_and_set_new_period_rates_from_saez_formula called"
        " three times on the same buffer: elas_t = 0.02*0.4 + 0.98*elas_tm1 each call",
        z_a, t_a, n_agents=25, calls=3, inputs_from="a_elasticity_0.4"))

    # (i) fixed elasticity on case (b)'s table.
    cases.append(run_case(
        "i_fixed_elasticity_0.3",
        "case b's observations with saez_fixed_elas=0.3: the estimate is still tracked but the"
        " rates use 0.3",
        z_b, us2018_rates(z_b), n_agents=4, inputs_from="b_lognormal_us2018",
        saez_fixed_elas=0.3))

    # (j) a rate cap: the bracket rates are clipped to [rate_min, rate_max] = [0, 0.7].
    cases.append(run_case(
        "j_rate_max_0.7",
        "case a's observations with rate_max=0.7: bracketized rates above 0.7 are clipped"
        " (the bin rates are not)",
        z_a, t_a, n_agents=25, inputs_from="a_elasticity_0.4", rate_max=0.7))

    # (k) uniform welfare weights on case (c)'s table.
    cases.append(run_case(
        "k_uniform_weights",
        "case c's observations with pareto_weight_type='uniform' (weight 1 for every income)",
        z_c, t_c, n_agents=5, inputs_from="c_pareto_tail", pareto_weight_type="uniform"))

    c = component(1)
    out = {
        "source": ("ai-economist {} (PyPI), PeriodicBracketTax(tax_model='saez') in "
                   "ai_economist/foundation/components/redistribution.py, made by "
                   "scripts/aie-saez-fixture.py").format(importlib.metadata.version("ai-economist")),
        "numpy_version": np.__version__,
        "python_version": platform.python_version(),
        "units": ("coin of income per tax period; cutoffs = [0, 9700, 39475, 84200, 160725, "
                  "204100, 510300] / usd_scaling (1000.0)"),
        "params": {
            "bracket_cutoffs": fls(c.bracket_cutoffs),
            "bracket_sizes_finite": fls(c.bracket_sizes[:-1]),
            "n_bins": int(c._saez_n_estimation_bins),
            "top_cutoff": fl(c._saez_top_rate_cutoff),
            "bin_edges": fls(c._saez_income_bin_edges),
            "bin_sizes_finite": fls(c._saez_income_bin_sizes[:-1]),
            "buffer_size": int(c._buffer_size),
            "elas_df": 0.98,
            "initial_elas": fl(c.elas_t),
            "initial_log_z0": fl(c.log_z0_t),
            "rate_min": fl(c.rate_min),
            "rate_max": fl(c.rate_max),
            "pareto_weight_type": c.pareto_weight_type,
            "rate_grid": None,
        },
        "cases": cases,
    }
    text = json.dumps(out, allow_nan=False, separators=(",", ":"))
    with open(OUT, "w") as f:
        f.write(text + "\n")
    print("wrote {} ({} bytes, {} cases)".format(OUT, len(text) + 1, len(cases)), file=sys.stderr)


if __name__ == "__main__":
    main()
