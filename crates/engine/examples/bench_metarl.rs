//! Native speed benchmark of the meta-RL lab.
//!
//! Run with `cargo run --release -p agora-engine --example bench_metarl`. Pass section names
//! to run only some: `net`, `updates`, `rl2`, `ablation`, `baselines`.
//!
//! Measures
//! - `net`: the GRU's forward and forward + backward over a 100-step sequence (48 units, 7
//!   inputs, 6 outputs), per call;
//! - `updates`: updates per second of the greedy Q-learner on `metarl-blocks` (4 blocks
//!   played, 16 replayed per update) and of the actor-critic on `metarl-rl2` (16 blocks of 10
//!   pulls per update), without the evaluations;
//! - `rl2`: the `metarl-rl2` preset's training run to RL^2's level (8,000 updates with its
//!   evaluations), alone;
//! - `ablation`: the `metarl-ablation` preset (4 conditions x 3 seeds, 3,000 updates each, and
//!   its baselines) on 1 and 2 threads;
//! - `baselines`: the Gittins table (gamma 0.99, 500 pulls) and the exact Bayes-optimal
//!   solution for n = 10, k = 5.
//!
//! Median of five runs with the fastest in parentheses (three for `rl2`, one for `ablation`). The results
//! are written by hand into BENCHMARKS.md ("Meta-RL").

use agora_engine::bandits::policies::gittins::GittinsTable;
use agora_engine::experiment::Experiment;
use agora_engine::metarl::bayes::BayesOptimal;
use agora_engine::metarl::nn::{Net, NetConfig, Tape};
use agora_engine::metarl::{presets, MetarlExperiment};
use agora_engine::rng::Rng;
use std::time::Instant;

fn time<F: FnMut()>(runs: usize, mut f: F) -> (f64, f64) {
    let mut t: Vec<f64> = (0..runs)
        .map(|_| {
            let t0 = Instant::now();
            f();
            t0.elapsed().as_secs_f64()
        })
        .collect();
    t.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (t[t.len() / 2], t[0])
}

fn updates_per_second(cfg: &MetarlExperiment, updates: u64) -> (f64, f64) {
    let task = cfg.training_task(0);
    let (med, best) = time(5, || {
        let mut learner = cfg.agents[0].train.build(&task, 1);
        for u in 0..updates {
            learner.update(&task, 1, u);
        }
    });
    (updates as f64 / med, updates as f64 / best)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let on = |s: &str| args.is_empty() || args.iter().any(|a| a == s);

    if on("net") {
        let cfg = NetConfig {
            inputs: 7,
            hidden: 48,
            outputs: 6,
        };
        let net = Net::new(cfg.clone(), &mut Rng::stream(1, &[]));
        let mut rng = Rng::stream(2, &[]);
        let xs: Vec<f64> = (0..700).map(|_| rng.uniform()).collect();
        let resets: Vec<bool> = (0..100).map(|t| t == 0).collect();
        let dys: Vec<f64> = (0..600).map(|_| rng.uniform() - 0.5).collect();
        let mut grad = vec![0.0; cfg.param_count()];
        let mut tape = Tape::new();
        let h0 = net.zero_state();
        let reps = 200;
        let (f, fb) = time(5, || {
            for _ in 0..reps {
                net.forward(&h0, &xs, &resets, &mut tape);
            }
        });
        let (g, gb) = time(5, || {
            for _ in 0..reps {
                net.forward(&h0, &xs, &resets, &mut tape);
                net.backward(&tape, &dys, &mut grad);
            }
        });
        println!(
            "net: forward 100 steps {:.0} us ({:.0}); forward + backward {:.0} us ({:.0})",
            f / reps as f64 * 1e6,
            fb / reps as f64 * 1e6,
            g / reps as f64 * 1e6,
            gb / reps as f64 * 1e6
        );
    }
    if on("updates") {
        let (m, b) = updates_per_second(&presets::blocks(), 1000);
        println!("updates: greedy Q on metarl-blocks {m:.0} updates/s ({b:.0})");
        let (m, b) = updates_per_second(&presets::rl2(), 500);
        println!("updates: actor-critic on metarl-rl2 {m:.0} updates/s ({b:.0})");
    }
    if on("rl2") {
        let exp = Experiment::Metarl(presets::rl2());
        let (m, b) = time(3, || {
            exp.run_on_threads(1).unwrap();
        });
        println!("rl2: metarl-rl2 (8,000 updates and its baselines) {m:.1} s ({b:.1})");
    }
    if on("ablation") {
        let exp = Experiment::Metarl(presets::ablation());
        for threads in [1, 2] {
            let (m, _) = time(1, || {
                exp.run_on_threads(threads).unwrap();
            });
            println!("ablation: metarl-ablation on {threads} threads {m:.1} s (one run)");
        }
    }
    if on("baselines") {
        let (m, b) = time(5, || {
            GittinsTable::build(0.99, 1.0, 1.0, 500);
        });
        println!(
            "baselines: Gittins table gamma 0.99, 500 pulls {:.0} ms ({:.0})",
            m * 1e3,
            b * 1e3
        );
        let (m, b) = time(5, || {
            BayesOptimal::solve(5, 10).unwrap();
        });
        println!(
            "baselines: Bayes-optimal n = 10, k = 5 {:.0} ms ({:.0})",
            m * 1e3,
            b * 1e3
        );
    }
}
