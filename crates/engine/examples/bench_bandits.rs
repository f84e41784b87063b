//! Native speed benchmark of the bandit engine.
//!
//! Run with `cargo run --release -p agora-engine --example bench_bandits`.
//!
//! Measures pulls per second of single policies (K = 10 Bernoulli arms, T = 100,000, 10
//! repetitions: one million pulls each) and the wall time of the `bandits-benchmark` preset
//! (UCB1 + Thompson + KL-UCB + epsilon-greedy on K = 9, T = 10,000, 100 repetitions: four
//! million pulls). Each measurement is the median of five runs, with the fastest run in
//! parentheses. The results are written by hand into BENCHMARKS.md ("Native").

use agora_engine::bandits::presets;
use agora_engine::bandits::{BanditExperiment, BanditRunner, PolicyConfig};
use std::time::{Duration, Instant};

#[allow(dead_code)] // the kernels' cases; this benchmark uses their single-policy setting
#[path = "kernels/cases.rs"]
mod cases;

const RUNS: usize = 5;

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

/// Median and fastest wall time of running `cfg` to the end, and a checksum so the work is
/// not optimized away (and to show the runs agree). On a shared machine the fastest run is the
/// one least disturbed by other work.
fn time(cfg: &BanditExperiment) -> (Duration, Duration, f64) {
    let mut times = Vec::with_capacity(RUNS);
    let mut check = 0.0;
    for _ in 0..RUNS {
        let start = Instant::now();
        let res = BanditRunner::new(cfg)
            .expect("benchmark config is valid")
            .run_to_end();
        times.push(start.elapsed());
        check = res.policies.iter().map(|p| p.reward_mean).sum();
    }
    let fastest = times.iter().min().copied().unwrap_or_default();
    (median(times), fastest, check)
}

fn main() {
    let names: Vec<String> = std::env::args().skip(1).collect();
    let wanted = |kind: &str| names.is_empty() || names.iter().any(|n| *n == kind);
    println!("{RUNS} runs each: median (fastest)");
    println!(
        "{:<34} {:>16} {:>22}",
        "policy (K=10, T=100,000, 10 reps)", "seconds", "pulls/second"
    );
    for p in PolicyConfig::all_defaults() {
        if !wanted(p.kind()) || p.needs_context() {
            continue;
        }
        let cfg = cases::single_policy(p.clone());
        let (med, fast, _) = time(&cfg);
        let pulls = cfg.total_pulls() as f64;
        println!(
            "{:<34} {:>7.3} ({:>6.3}) {:>11.0} ({:>8.0})",
            p.label(),
            med.as_secs_f64(),
            fast.as_secs_f64(),
            pulls / med.as_secs_f64(),
            pulls / fast.as_secs_f64()
        );
    }
    if wanted("benchmark") {
        let cfg = presets::benchmark();
        let (med, fast, check) = time(&cfg);
        println!(
            "benchmark preset ({} pulls): {:.3} s ({:.3} s), {:.0} pulls/second (checksum {check:.3})",
            cfg.total_pulls(),
            med.as_secs_f64(),
            fast.as_secs_f64(),
            cfg.total_pulls() as f64 / med.as_secs_f64()
        );
    }
}
