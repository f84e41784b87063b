//! Native speed benchmark of the repeated-games engine: turns per second of round-robin
//! tournaments.
//!
//! Run with `cargo run --release -p agora-engine --example bench_games`.
//!
//! Measures
//! - `games-axelrod`: the 16 classic strategies of the preset, 200 turns, 10 repetitions
//!   (136 matches per repetition with self-play: 272,000 turns), and the same with 100
//!   repetitions (a run long enough to time precisely);
//! - the 46 strategies that the Axelrod library also has, default parameters, 200 turns,
//!   5 repetitions, without and with 5 % noise (the same tournaments were timed with the
//!   Axelrod library for BENCHMARKS.md);
//! - every strategy, learning players included.
//!
//! Each measurement is the median of five runs, with the fastest in parentheses. Turns count
//! every match of the round robin, self-play included (the Axelrod library plays them too).
//! The results are written by hand into BENCHMARKS.md.

use agora_engine::games::presets;
use agora_engine::games::{GamesExperiment, StrategyConfig, TournamentConfig};
use std::time::{Duration, Instant};

const RUNS: usize = 5;

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn turns(t: &TournamentConfig) -> u64 {
    t.matches_per_repetition() as u64 * t.turns as u64 * t.repetitions as u64
}

fn measure(name: &str, t: &TournamentConfig) {
    let mut times = Vec::with_capacity(RUNS);
    let mut check = 0.0;
    for _ in 0..RUNS {
        let start = Instant::now();
        let r = t.run().expect("benchmark config is valid");
        times.push(start.elapsed());
        check = r.median_normalised_scores.iter().sum::<f64>();
    }
    let fastest = times.iter().min().copied().unwrap_or_default();
    let med = median(times);
    let n = turns(t);
    println!(
        "{name:<40} players {:>3}  turns {:>10}  median {:>8.3} s ({:.3} s)  {:>6.2} M turns/s  [check {check:.6}]",
        t.players.len(),
        n,
        med.as_secs_f64(),
        fastest.as_secs_f64(),
        n as f64 / med.as_secs_f64() / 1e6
    );
}

fn main() {
    let GamesExperiment::Tournament(axelrod) = presets::axelrod_first() else {
        unreachable!("the Axelrod preset is a tournament")
    };
    measure("games-axelrod (16 players, 10 reps)", &axelrod);
    let longer = TournamentConfig {
        repetitions: 100,
        ..axelrod.clone()
    };
    measure("games-axelrod field, 100 reps", &longer);
    // The strategies the Axelrod library also has (the learning players and the LLM are
    // Agora's own).
    let shared: Vec<StrategyConfig> = StrategyConfig::all_defaults()
        .into_iter()
        .filter(|s| !s.is_learner() && !s.is_llm())
        .collect();
    let everyone = TournamentConfig {
        players: shared,
        repetitions: 5,
        ..axelrod.clone()
    };
    measure("46 shared strategies (5 reps)", &everyone);
    let noisy = TournamentConfig {
        noise: 0.05,
        ..everyone
    };
    measure("46 shared strategies, 5 % noise (5 reps)", &noisy);
    let all = TournamentConfig {
        players: StrategyConfig::all_defaults(),
        repetitions: 5,
        ..axelrod.clone()
    };
    measure("every strategy incl. learners (5 reps)", &all);
}
