//! Native speed benchmark of the tax-planner lab.
//!
//! Run with `cargo run --release -p agora-engine --example bench_tax`. Pass section names to
//! run only some: `year`, `runner`, `planners`, `oracle`, `saez` (e.g. `... --example
//! bench_tax saez`).
//!
//! Measures
//! - `year`: one economy-year of 100,000 workers (`Economy::year`: every worker's exact best
//!   response, tax, rebate, consumption, utility, then every metric), on the presets'
//!   economies, with the best responses and the metrics also timed alone;
//! - `runner`: a run of 100,000 workers with one planner (US federal 2024) for 1 and for 10 tax
//!   years, so that the difference gives the cost of a year inside a run (what the browser
//!   benchmark measures the same way);
//! - `planners`: Saez (data-driven and analytic), coordinate search and the cross-entropy
//!   method at 10,000 workers over 50 tax years, each alone and the four together;
//! - `oracle`: the oracle's lattice (11 rates on 3 brackets: 1,331 schedules) at 1,000
//!   workers, alone and inside the `tax-compare` run;
//! - `saez`: the Saez planner's update on tables of 1,000 / 10,000 / 100,000 (income, rate)
//!   observations, piece by piece; `scripts/bench-aie-saez.py` times the AI Economist's own
//!   code on the same tables (both generate them the same way, bit for bit).
//!
//! Each measurement is the median of five runs, with the fastest in parentheses (short
//! operations are repeated within a run and reported per call). Runs are timed as the
//! browser's run statistics count them: the planners' runs (`LabRunner::step`), without
//! setting up the runner (the status quo settled and summarised), which is printed apart. The
//! results are written by hand into BENCHMARKS.md ("Tax planner").

use agora_engine::lab::LabRunner;
use agora_engine::rng::{Key, Rng};
use agora_engine::tax::economy::{Economy, Year};
use agora_engine::tax::labour::Budget;
use agora_engine::tax::metrics::{gini, inverse_income_welfare, Welfare};
use agora_engine::tax::planner::{Plan, Setup};
use agora_engine::tax::planners::oracle::{Oracle, OracleParams};
use agora_engine::tax::planners::saez_data::SaezDataParams;
use agora_engine::tax::planners::us_federal::UsFederalParams;
use agora_engine::tax::saez::{
    bin_rates, estimate_elasticity, estimate_elasticity_of, Bins, Observation, Weights,
};
use agora_engine::tax::schedule::{FastSchedule, Schedule};
use agora_engine::tax::{presets, Mode, PlannerConfig, TaxExperiment, TaxRunner, Utility};
use agora_engine::tax::{TaxResults, WorkerConfig};
use std::hint::black_box;
use std::time::{Duration, Instant};

const RUNS: usize = 5;
/// A run of a short operation repeats it until about this long.
const MIN_RUN: Duration = Duration::from_millis(50);

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

/// Median and fastest time of one call of `f` over five runs; a run repeats `f` until it has
/// taken at least [`MIN_RUN`] (calls of a run are averaged).
fn per_call<T>(mut f: impl FnMut() -> T) -> (Duration, Duration) {
    let start = Instant::now();
    black_box(f());
    let once = start.elapsed().max(Duration::from_nanos(100));
    let reps = (MIN_RUN.as_secs_f64() / once.as_secs_f64()).ceil().max(1.0) as u32;
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        for _ in 0..reps {
            black_box(f());
        }
        times.push(start.elapsed() / reps);
    }
    let fastest = times.iter().min().copied().unwrap_or_default();
    (median(times), fastest)
}

/// A duration in us, ms or s, whichever reads best.
fn fmt(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 1e-3 {
        format!("{:.1} us", s * 1e6)
    } else if s < 1.0 {
        format!("{:.2} ms", s * 1e3)
    } else {
        format!("{s:.3} s")
    }
}

fn show(name: &str, (med, fast): (Duration, Duration), extra: &str) {
    println!("{name:<60} {:>10} ({:>10})  {extra}", fmt(med), fmt(fast));
}

/// Runs `cfg` to the end five times. Returns the median and fastest time of the planners' runs
/// (`LabRunner::step`, what the browser's run statistics count), the median time of setting
/// up the runner before them (`TaxRunner::new`: the status quo settled and summarised), and
/// the results.
fn run(cfg: &TaxExperiment) -> ((Duration, Duration), Duration, TaxResults) {
    let mut times = Vec::with_capacity(RUNS);
    let mut setups = Vec::with_capacity(RUNS);
    let mut last = None;
    for _ in 0..RUNS {
        let start = Instant::now();
        let mut runner = TaxRunner::new(cfg).expect("benchmark config is valid");
        setups.push(start.elapsed());
        let start = Instant::now();
        runner.step(usize::MAX);
        times.push(start.elapsed());
        last = Some(runner.results());
    }
    let fastest = times.iter().min().copied().unwrap_or_default();
    (
        (median(times), fastest),
        median(setups),
        last.expect("at least one run"),
    )
}

/// The metrics part of `Economy::year`, as it computes them (two sorted copies, two Ginis,
/// sums, the inverse-income welfare).
fn metrics_only(y: &Year) -> f64 {
    let mut pre = y.incomes.clone();
    pre.sort_by(f64::total_cmp);
    let mut post = y.consumption.clone();
    post.sort_by(f64::total_cmp);
    let n = pre.len() as f64;
    let productivity: f64 = y.incomes.iter().sum();
    let equality = 1.0 - gini(&post, true);
    let mean_c = post.iter().sum::<f64>() / n;
    productivity
        + equality * mean_c
        + (1.0 - gini(&pre, true))
        + y.utilities.iter().sum::<f64>() / n
        + inverse_income_welfare(&y.incomes, &y.utilities)
        + y.hours.iter().sum::<f64>() / n
}

/// Every worker's exact best response and tax under `schedule` (the loop of `Economy::year`
/// without its bookkeeping and metrics).
fn best_responses(e: &Economy, schedule: &Schedule, rebate: f64) -> f64 {
    let budget = Budget {
        schedule: FastSchedule::new(schedule),
        rebate,
        utility: &e.utility,
        max_hours: e.max_hours,
    };
    let mut acc = 0.0;
    for &s in &e.skills {
        let l = budget.best_response(s);
        let (t, _) = budget.schedule.tax_and_rate(s * l);
        acc += l + t;
    }
    acc
}

fn year_section() {
    println!("\n== One economy-year of 100,000 workers (Economy::year: best responses + metrics)");
    let cases: Vec<(&str, TaxExperiment, Schedule)> = vec![
        (
            "tax-compare economy, 3 brackets (0/20/40 %)",
            presets::compare(),
            Schedule::three_brackets(),
        ),
        (
            "tax-compare economy, US 2024 (7 brackets)",
            presets::compare(),
            Schedule::us_federal(2024).expect("known year"),
        ),
        (
            "tax-llm-economist economy (l^3.5), US 2023",
            presets::llm_economist(),
            Schedule::us_federal(2023).expect("known year"),
        ),
        (
            "tax-ai-economist economy (CRRA, hours grid), US 2019",
            presets::ai_economist(),
            Schedule::us_federal(2019).expect("known year"),
        ),
        (
            "tax-slow-workers economy (adaptive), 3 brackets",
            presets::slow_workers(),
            Schedule::three_brackets(),
        ),
    ];
    for (i, (name, base, schedule)) in cases.into_iter().enumerate() {
        let cfg = TaxExperiment {
            workers: 100_000,
            ..base
        };
        cfg.validate().expect("benchmark config is valid");
        let e = cfg.economy();
        let mut w = cfg.labour.build();
        let prev = e.settle(&cfg.schedule, w.as_mut(), None, 0);
        let t = per_call(|| {
            e.year(&schedule, w.as_mut(), Some(&prev.hours), prev.rebate, 1)
                .metrics
                .productivity
        });
        let y = e.year(&schedule, w.as_mut(), Some(&prev.hours), prev.rebate, 1);
        show(
            &format!("year: {name}"),
            t,
            &format!(
                "{:.1} M workers/s  [welfare {:.9}]",
                e.workers() as f64 / t.0.as_secs_f64() / 1e6,
                y.welfare(cfg.objective)
            ),
        );
        if i == 0 || i == 3 {
            let s = per_call(|| e.settle(&schedule, w.as_mut(), None, 0).metrics.revenue);
            let rounds = if cfg.rebate && !cfg.utility.no_income_effect() {
                4
            } else {
                1
            };
            show(&format!("  settle (rounds of rebating: {rounds})"), s, "");
        }
        if i == 0 {
            let br = per_call(|| best_responses(&e, &schedule, prev.rebate));
            show(
                "  of which: 100,000 best responses + tax alone",
                br,
                &format!(
                    "{:.0} ns per worker",
                    br.0.as_secs_f64() * 1e9 / e.workers() as f64
                ),
            );
            let m = per_call(|| metrics_only(&y));
            show(
                "  of which: metrics alone (2 sorts, 2 Ginis, welfare)",
                m,
                "",
            );
        }
    }
}

fn runner_section() {
    println!(
        "\n== A run of 100,000 workers with one planner (US federal 2024), tax-compare economy"
    );
    let mut per = Vec::new();
    for years in [1, 10] {
        let cfg = TaxExperiment {
            workers: 100_000,
            mode: Mode::TaxYears { years, period: 1 },
            planners: vec![PlannerConfig::UsFederal(UsFederalParams { year: 2024 })],
            ..presets::compare()
        };
        let (t, setup, res) = run(&cfg);
        show(
            &format!("the planner's run, {years} tax year(s)"),
            t,
            &format!(
                "setup {}  [final welfare {:.9}]",
                fmt(setup),
                res.planners[0].last.welfare
            ),
        );
        per.push(t);
    }
    let d = |a: Duration, b: Duration| b.saturating_sub(a) / 9;
    show(
        "  per economy-year inside the run",
        (d(per[0].0, per[1].0), d(per[0].1, per[1].1)),
        "(10 years - 1 year) / 9",
    );
}

fn planners_section() {
    println!("\n== Planners at 10,000 workers over 50 tax years (tax-compare economy)");
    let planners = [
        (
            "Saez, data-driven (saez_data)",
            PlannerConfig::SaezData(Default::default()),
        ),
        (
            "Saez, analytic (saez_analytic)",
            PlannerConfig::SaezAnalytic(Default::default()),
        ),
        (
            "coordinate search (search)",
            PlannerConfig::Search(Default::default()),
        ),
        (
            "cross-entropy method (cem)",
            PlannerConfig::Cem(Default::default()),
        ),
    ];
    let cfg = |ps: Vec<PlannerConfig>| TaxExperiment {
        workers: 10_000,
        mode: Mode::TaxYears {
            years: 50,
            period: 1,
        },
        planners: ps,
        ..presets::compare()
    };
    for (name, p) in &planners {
        let (t, setup, res) = run(&cfg(vec![p.clone()]));
        show(
            name,
            t,
            &format!(
                "setup {}  [final welfare {:.9}]",
                fmt(setup),
                res.planners[0].last.welfare
            ),
        );
    }
    let all = cfg(planners.iter().map(|p| p.1.clone()).collect());
    let (t, _, res) = run(&all);
    let sum: f64 = res.planners.iter().map(|p| p.last.welfare).sum();
    show(
        "the four in one experiment",
        t,
        &format!("{} planner runs  [sum {sum:.9}]", res.planners.len()),
    );
    let only_baseline = cfg(vec![PlannerConfig::FreeMarket(Default::default())]);
    let (t, _, _) = run(&only_baseline);
    show("(free market, for scale: the economy alone)", t, "");
}

fn oracle_section() {
    println!("\n== The oracle: 11 rates on 3 brackets (1,331 schedules) at 1,000 workers");
    let cfg = TaxExperiment {
        planners: vec![PlannerConfig::Oracle(Default::default())],
        ..presets::compare()
    };
    let e = cfg.economy();
    let plan = Plan {
        economy: &e,
        workers: &cfg.labour,
        baseline: &cfg.schedule,
        objective: cfg.objective,
        proposals: cfg.mode.proposals(),
    };
    let p = OracleParams::default();
    let solve = per_call(|| Oracle::solve(&p, &plan).1);
    let (rates, w) = Oracle::solve(&p, &plan);
    show(
        "Oracle::solve (1,331 settled economies)",
        solve,
        &format!("best {rates:?} [welfare {w:.9}]"),
    );
    let (t, _, _) = run(&cfg);
    show("oracle alone, tax-compare run (50 years)", t, "");
    let (t, _, res) = run(&presets::compare());
    show(
        "the tax-compare preset (7 planners, oracle included)",
        t,
        &format!("{} planner runs", res.planners.len()),
    );
}

/// The golden-ratio and plastic-number Weyl sequences: `frac(k a)`, exact in any IEEE
/// arithmetic, so `scripts/bench-aie-saez.py` makes the same table bit for bit.
const WEYL_U: f64 = 0.618_033_988_749_894_9;
const WEYL_V: f64 = 0.754_877_666_246_692_7;

/// `n` (income, marginal rate) observations in the AI Economist's units (coin): rates
/// uniform on [0, 0.6), incomes a Pareto(2) body from 20 coin (up to about 630, above the top
/// cutoff 510.3) with elasticity 0.5, `z = 20 / sqrt(1 - 0.999 u) * sqrt(1 - tau)`.
pub fn table(n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut z = Vec::with_capacity(n);
    let mut t = Vec::with_capacity(n);
    for k in 1..=n {
        let u = (k as f64 * WEYL_U).fract();
        let tau = 0.6 * (k as f64 * WEYL_V).fract();
        z.push(20.0 / (1.0 - 0.999 * u).sqrt() * (1.0 - tau).sqrt());
        t.push(tau);
    }
    (z, t)
}

fn saez_section() {
    println!("\n== The Saez planner's update on N (income, rate) observations (the AI Economist's units)");
    // The AI Economist's brackets: the 2019 US cutoffs / 1000 (usd_scaling).
    let us = Schedule::ai_economist();
    let cutoffs: Vec<f64> = us.cutoffs.iter().map(|c| c / 1000.0).collect();
    let baseline = Schedule::new(cutoffs.clone(), us.rates.clone());
    let economy = Economy {
        skills: Vec::new(),
        utility: Utility::default(),
        max_hours: 100.0,
        rebate: false,
        seed: 0,
    };
    let workers = WorkerConfig::default();
    let plan = Plan {
        economy: &economy,
        workers: &workers,
        baseline: &baseline,
        objective: Welfare::InverseIncome,
        proposals: 1,
    };
    for n in [1_000, 10_000, 100_000] {
        let (z, tau) = table(n);
        // Agora's data-driven planner with its default buffer of 10 years: n / 10 workers.
        let p = n / 10;
        let params = SaezDataParams {
            explore_periods: 0,
            ..Default::default()
        };
        let setup = Setup {
            brackets: baseline.brackets(),
            workers: p,
            utility: &economy.utility,
            proposals: 1,
        };
        let mut planner = PlannerConfig::SaezData(params.clone()).build(&setup);
        let years: Vec<Year> = (0..params.buffer_years)
            .map(|k| Year {
                incomes: z[k * p..(k + 1) * p].to_vec(),
                rates: tau[k * p..(k + 1) * p].to_vec(),
                ..Year::default()
            })
            .collect();
        for y in &years {
            planner.observe(y, 0.0);
        }
        let mut rng = Rng::stream(0, &[Key::Str("bench")]);
        let first = planner.propose(&plan, &mut rng);
        println!(
            "N = {n} ({p} workers x {} years): first update's rates {:?}",
            params.buffer_years, first.rates
        );
        // The buffer is full: each observe adds a year of p pairs and drops the oldest.
        let mut k = 0;
        show(
            &format!("  N = {n:>7}: buffer update ({p} observations in, {p} out)"),
            per_call(|| {
                // The oldest year goes in again as it drops out: the buffer keeps the table.
                planner.observe(&years[k], 0.0);
                k = (k + 1) % years.len();
            }),
            "",
        );
        show(
            &format!("  N = {n:>7}: whole update (propose)"),
            per_call(|| planner.propose(&plan, &mut rng).rates[0]),
            "",
        );
        let e = estimate_elasticity(z.iter().copied().zip(tau.iter().copied()));
        show(
            &format!("  N = {n:>7}: elasticity estimate (OLS, logarithms taken)"),
            per_call(|| estimate_elasticity(z.iter().copied().zip(tau.iter().copied()))),
            &format!("[e_hat {:.12}]", e.unwrap_or(f64::NAN)),
        );
        // The planner's buffer keeps each observation's logarithms from when it came in.
        let observed: Vec<Observation> = z
            .iter()
            .zip(&tau)
            .map(|(&z, &t)| Observation::new(z, t))
            .collect();
        show(
            &format!("  N = {n:>7}: the same on the buffer (logarithms kept)"),
            per_call(|| estimate_elasticity_of(observed.iter())),
            "",
        );
        let top = cutoffs[cutoffs.len() - 1];
        show(
            &format!("  N = {n:>7}: binned weights and Pareto parameters"),
            per_call(|| Bins::new(top).binned(&z, Weights::InverseIncome).gz[0]),
            "",
        );
        let bins = Bins::new(top);
        let binned = bins.binned(&z, Weights::InverseIncome);
        let el = 0.02 * e.unwrap_or(0.5) + 0.98 * 0.5;
        show(
            &format!("  N = {n:>7}: bin rates (Saez formula, gaps filled)"),
            per_call(|| bin_rates(&binned, el).1[0]),
            "",
        );
        let taus = bin_rates(&binned, el).1;
        show(
            &format!("  N = {n:>7}: bracketize"),
            per_call(|| bins.bracketize(&taus, &cutoffs)[0]),
            "",
        );
    }
}

fn main() {
    let names: Vec<String> = std::env::args().skip(1).collect();
    let wanted = |s: &str| names.is_empty() || names.iter().any(|n| n == s);
    println!("{RUNS} runs each: median (fastest)");
    if wanted("year") {
        year_section();
    }
    if wanted("runner") {
        runner_section();
    }
    if wanted("planners") {
        planners_section();
    }
    if wanted("oracle") {
        oracle_section();
    }
    if wanted("saez") {
        saez_section();
    }
}
