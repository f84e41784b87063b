//! The engine kernels timed in WebAssembly and natively side by side (`tests/bench/kernels.mjs`):
//! one list, compiled into `kernels_native` (a binary) and `kernels_wasm` (a wasm module).
//! Each case returns a checksum: the first 52 bits of the run's digest for whole experiments,
//! so the harness also checks that WebAssembly computed the same bits as native code.

use agora_engine::bandits::{BanditExperiment, EnvironmentConfig, PolicyConfig};
use agora_engine::experiment::Experiment;
use agora_engine::games::{GamesExperiment, StrategyConfig, TournamentConfig};
use agora_engine::metarl::MetarlExperiment;
use agora_engine::presets;

/// The cases, in order: their names as the harness prints them.
pub const NAMES: [&str; 13] = [
    "bandits-benchmark preset (4 M pulls)",
    "Uniform, K = 10, 1 M pulls (the loop and reward draws)",
    "UCB1, K = 10, 1 M pulls",
    "Thompson (Beta), K = 10, 1 M pulls",
    "KL-UCB, K = 10, 1 M pulls",
    "games-axelrod field, 100 reps (2.72 M turns)",
    "46 strategies, 5 reps (1.08 M turns)",
    "46 strategies, 5 % noise, 5 reps",
    "tax-compare preset (7 planners, 10,000 workers)",
    "meta-RL: 200 greedy-Q updates (metarl-blocks)",
    "meta-RL: 40 actor-critic updates (metarl-rl2)",
    "Bernoulli rewards alone, K = 10, 1 M rounds (10 M draws)",
    "ChaCha8 alone: 10 M uniform draws",
];

/// One policy on K = 10 Bernoulli arms (means 1/11..10/11), T = 100,000, 10 repetitions.
pub fn single_policy(policy: PolicyConfig) -> BanditExperiment {
    BanditExperiment {
        seed: 2024,
        horizon: 100_000,
        repetitions: 10,
        environment: EnvironmentConfig::Bernoulli {
            means: (1..=10).map(|i| i as f64 / 11.0).collect(),
        },
        policies: vec![policy],
        transcript: Default::default(),
    }
}

fn single(kind: &str) -> Experiment {
    let policy = PolicyConfig::all_defaults()
        .into_iter()
        .find(|p| p.kind() == kind)
        .expect("a policy kind");
    Experiment::Bandits(single_policy(policy))
}

fn preset(name: &str) -> Experiment {
    presets::find(name).expect("a preset").experiment
}

fn tournament(players: Vec<StrategyConfig>, repetitions: usize, noise: f64) -> Experiment {
    let Experiment::Games(GamesExperiment::Tournament(axelrod)) = preset("games-axelrod") else {
        unreachable!("games-axelrod is a tournament")
    };
    Experiment::Games(GamesExperiment::Tournament(TournamentConfig {
        players: if players.is_empty() {
            axelrod.players.clone()
        } else {
            players
        },
        repetitions,
        noise,
        ..axelrod
    }))
}

/// The strategies both Agora and the Axelrod library have: all but the learners and the LLM.
pub fn shared_strategies() -> Vec<StrategyConfig> {
    StrategyConfig::all_defaults()
        .into_iter()
        .filter(|s| !s.is_learner() && !s.is_llm())
        .collect()
}

fn digest_bits(e: &Experiment) -> f64 {
    let out = e.run().expect("a valid benchmark experiment");
    u64::from_str_radix(&out.digest[..13], 16).expect("hex digest") as f64
}

/// `updates` training updates of the preset's first agent on its first task; the checksum is
/// the high bits of the sum of every update's loss and gradient norm.
fn updates(cfg: &MetarlExperiment, updates: u64) -> f64 {
    let task = cfg.training_task(0);
    let mut learner = cfg.agents[0].train.build(&task, 1);
    let mut sum = 0.0;
    for u in 0..updates {
        let stats = learner.update(&task, 1, u);
        sum += stats.loss + stats.grad_norm;
    }
    (sum.to_bits() >> 12) as f64
}

/// The environment's work in the single-policy cases without any policy: a Bernoulli reward for
/// each of 10 arms in each of 100,000 rounds, 10 repetitions. The checksum is the rewards' sum.
fn rewards_alone() -> f64 {
    let env = EnvironmentConfig::Bernoulli {
        means: (1..=10).map(|i| i as f64 / 11.0).collect(),
    };
    let mut sum = 0.0;
    for rep in 0..10 {
        let mut run = env.realize(2024, rep, 100_000);
        for t in 1..=100_000 {
            sum += run.round(t).rewards.iter().sum::<f64>();
        }
    }
    sum
}

/// The random number generator alone: 10 M uniform draws from one ChaCha8 stream, summed.
fn uniforms() -> f64 {
    let mut rng = agora_engine::rng::Rng::stream(1, &[]);
    let mut sum = 0.0;
    for _ in 0..10_000_000 {
        sum += rng.uniform();
    }
    sum
}

fn metarl(name: &str) -> MetarlExperiment {
    let Experiment::Metarl(cfg) = preset(name) else {
        unreachable!("{name} is a meta-RL preset")
    };
    cfg
}

/// Run case `case` (an index into [`NAMES`]); its checksum.
pub fn run(case: usize) -> f64 {
    match case {
        0 => digest_bits(&preset("bandits-benchmark")),
        1 => digest_bits(&single("uniform")),
        2 => digest_bits(&single("ucb1")),
        3 => digest_bits(&single("thompson")),
        4 => digest_bits(&single("kl_ucb")),
        5 => digest_bits(&tournament(Vec::new(), 100, 0.0)),
        6 => digest_bits(&tournament(shared_strategies(), 5, 0.0)),
        7 => digest_bits(&tournament(shared_strategies(), 5, 0.05)),
        8 => digest_bits(&preset("tax-compare")),
        9 => updates(&metarl("metarl-blocks"), 200),
        10 => updates(&metarl("metarl-rl2"), 40),
        11 => rewards_alone(),
        12 => uniforms(),
        _ => f64::NAN,
    }
}
