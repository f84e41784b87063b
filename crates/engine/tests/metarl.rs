//! The meta-RL lab's baselines against RL^2's table (Duan et al. 2016, Table 1: Bernoulli
//! arms with U(0, 1) means, total reward per episode) and against an independent
//! implementation (`scripts/rl2-baselines.py`, numpy).
//!
//! Tolerance: 0.05 (the table's rounding) plus three combined standard errors, where the
//! table's own error is taken as that of 1,000 episodes, as RL^2 evaluated.

#![allow(clippy::disallowed_methods)] // the tests combine errors with std

use agora_engine::bandits::policies::gittins::GittinsParams;
use agora_engine::bandits::policies::thompson::ThompsonParams;
use agora_engine::bandits::policies::uniform::UniformParams;
use agora_engine::bandits::policies::PolicyConfig;
use agora_engine::metarl::baselines::Baseline;
use agora_engine::metarl::bayes::BayesOptimal;
use agora_engine::metarl::eval::{evaluate, EvalStats};
use agora_engine::metarl::tasks::BanditTask;

fn play(task: &BanditTask, b: &Baseline, blocks: u64) -> EvalStats {
    b.validate(task).unwrap();
    let mut p = b.build(task).unwrap();
    evaluate(task, p.as_mut(), 2016, 0, blocks)
}

/// `got` agrees with a published value rounded to 0.1 whose own error is that of 1,000
/// episodes with the same spread.
fn agrees(what: &str, got: &EvalStats, published: f64) {
    let published_se = got.se_episode_total * (got.blocks as f64 / 1000.0).sqrt();
    let se = (got.se_episode_total.powi(2) + published_se.powi(2)).sqrt();
    let tol = 0.05 + 3.0 * se;
    assert!(
        (got.episode_total - published).abs() <= tol,
        "{what}: {:.3} ± {:.3} vs published {published} (tolerance {tol:.3})",
        got.episode_total,
        got.se_episode_total
    );
}

fn gittins(discount: f64, table_pulls: usize) -> Baseline {
    Baseline::policy(PolicyConfig::Gittins(GittinsParams {
        discount,
        table_pulls,
        ..GittinsParams::default()
    }))
}

#[test]
fn rl2_table_ten_pulls_of_five_arms() {
    let task = BanditTask::rl2(5, 10);
    let g = play(&task, &gittins(0.9, 10), 20_000);
    agrees("Gittins", &g, 6.6);
    let r = play(
        &task,
        &Baseline::policy(PolicyConfig::Uniform(UniformParams::default())),
        20_000,
    );
    agrees("Random", &r, 5.0);
    let greedy = play(&task, &Baseline::Greedy, 20_000);
    agrees("Greedy", &greedy, 6.6);
}

#[test]
fn baselines_match_an_independent_implementation() {
    // scripts/rl2-baselines.py (numpy, 400,000 episodes), n = 10, k = 5. RL^2 prints 5.7 for
    // Thompson sampling and 6.7 for UCB1: exact Beta(1, 1) Thompson sampling earns more, and
    // UCB1 as Auer et al. define it (each arm once, then mean + sqrt(2 ln t / n)) far less,
    // since half of its 10 pulls go to trying every arm once.
    let task = BanditTask::rl2(5, 10);
    let all = PolicyConfig::all_defaults();
    let by_kind = |k: &str| Baseline::policy(all.iter().find(|p| p.kind() == k).unwrap().clone());
    for (baseline, want, want_se) in [
        (by_kind("thompson"), 5.8325, 0.0032),
        (by_kind("ucb1"), 5.6747, 0.0030),
        (Baseline::Greedy, 6.6282, 0.0035),
        (by_kind("uniform"), 4.9968, 0.0032),
    ] {
        let t = play(&task, &baseline, 40_000);
        let se = (t.se_episode_total.powi(2) + want_se * want_se).sqrt();
        assert!(
            (t.episode_total - want).abs() <= 3.0 * se,
            "{}: {} ± {} vs {want}",
            baseline.label(),
            t.episode_total,
            t.se_episode_total
        );
    }
}

#[test]
fn the_bayes_optimal_player_earns_the_dynamic_programming_value() {
    let task = BanditTask::rl2(5, 10);
    let v = BayesOptimal::solve(5, 10).unwrap().value_at_start();
    let p = play(&task, &Baseline::BayesOptimal, 20_000);
    assert!(
        (p.episode_total - v).abs() <= 3.0 * p.se_episode_total,
        "{} ± {} vs {v}",
        p.episode_total,
        p.se_episode_total
    );
    // RL^2's best entries (6.7) are the ceiling, rounded.
    assert!((v - 6.7).abs() < 0.05, "{v}");
}

#[test]
fn rl2_table_five_hundred_pulls_of_fifty_arms() {
    let task = BanditTask::rl2(50, 500);
    let g = play(&task, &gittins(0.99, 500), 1_000);
    agrees("Gittins", &g, 463.7);
}

#[test]
fn on_block_tasks_gittins_with_the_block_discount_is_the_best_baseline() {
    // One-pull episodes, blocks of mean length 10: the Bayes-optimal player (Gittins with
    // gamma = 0.9) beats Thompson sampling and greedy play on the same draws.
    let task = BanditTask::blocks(3, 10.0);
    let blocks = 20_000;
    let bayes = play(&task, &Baseline::BayesOptimal, blocks);
    let ts = play(
        &task,
        &Baseline::policy(PolicyConfig::Thompson(ThompsonParams::default())),
        blocks,
    );
    let greedy = play(&task, &Baseline::Greedy, blocks);
    assert!(bayes.reward_per_pull > ts.reward_per_pull + 2.0 * bayes.se_per_pull);
    assert!(bayes.reward_per_pull > greedy.reward_per_pull);
    // Everyone starts a block at the prior mean, 1/2, and the informed players climb.
    assert!((bayes.by_episode[0] - 0.5).abs() < 0.02);
    assert!(bayes.by_episode[9] > bayes.by_episode[0] + 0.1);
}

/// RL^2's table as this engine plays it (`cargo test -p agora-engine --release --test metarl
/// -- --ignored --nocapture`); docs/metarl.md quotes the output.
#[test]
#[ignore]
fn print_rl2_table() {
    let all = PolicyConfig::all_defaults();
    let by_kind = |k: &str| all.iter().find(|p| p.kind() == k).unwrap().clone();
    for (arms, pulls, blocks, discount) in [(5, 10, 40_000u64, 0.9), (50, 500, 2_000, 0.99)] {
        let task = BanditTask::rl2(arms, pulls);
        let mut rows = vec![
            Baseline::policy(by_kind("uniform")),
            Baseline::Greedy,
            Baseline::policy(by_kind("epsilon_greedy")),
            Baseline::policy(by_kind("ucb1")),
            Baseline::policy(by_kind("ucb_alpha")),
            Baseline::policy(by_kind("bayes_ucb")),
            Baseline::policy(by_kind("kl_ucb")),
            Baseline::policy(by_kind("thompson")),
            gittins(discount, pulls),
        ];
        if arms * pulls <= 200 {
            rows.push(Baseline::BayesOptimal);
        }
        for b in rows {
            let s = play(&task, &b, blocks);
            println!(
                "n={pulls} k={arms}  {:<28} {:8.3} ± {:.3}",
                b.label(),
                s.episode_total,
                s.se_episode_total
            );
        }
    }
}
