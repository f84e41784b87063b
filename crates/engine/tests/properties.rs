//! Invariants of the engine on random experiments (proptest): what must hold for any config
//! that validates, not only for the presets. Each property is a mathematical fact about the
//! model, not a number computed by the code under test:
//! - bandits: pseudo-regret `sum_t (mu* - mu_{A_t})` is never negative and never decreases;
//!   the best-arm fraction is a fraction; pulls per arm add up to the rounds played;
//! - tax: with marginal rates in [0, 1], `0 <= T(z) <= z`, `T` is non-decreasing, and the
//!   fast evaluator gives the same bits as the direct sum;
//! - games: every per-turn score lies between the game's smallest and largest payoff; the
//!   ecology's shares are a distribution (non-negative, summing to 1) at every step;
//! - any lab: the digest does not depend on the number of threads.
#![cfg(not(target_arch = "wasm32"))]

use agora_engine::bandits::{BanditExperiment, EnvironmentConfig, PolicyConfig};
use agora_engine::games::evolution::EcologyConfig;
use agora_engine::games::{GameConfig, StrategyConfig, TournamentConfig};
use agora_engine::tax::schedule::{FastSchedule, Schedule};
use agora_engine::{Experiment, Results};
use proptest::prelude::*;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Policies that need no context and no model.
fn plain_policies() -> Vec<PolicyConfig> {
    PolicyConfig::all_defaults()
        .into_iter()
        .filter(|p| !p.needs_context() && !p.is_llm())
        .collect()
}

fn bandit() -> impl Strategy<Value = BanditExperiment> {
    let n_policies = plain_policies().len();
    (
        any::<u64>(),
        2usize..7,
        1usize..300,
        1usize..4,
        proptest::collection::vec(0usize..n_policies, 1..4),
        proptest::collection::vec(0.0f64..=1.0, 6),
    )
        .prop_map(|(seed, k, horizon, repetitions, picks, means)| {
            let all = plain_policies();
            BanditExperiment {
                seed,
                horizon,
                repetitions,
                environment: EnvironmentConfig::Bernoulli {
                    means: means[..k].to_vec(),
                },
                policies: picks.into_iter().map(|i| all[i].clone()).collect(),
                ..BanditExperiment::default()
            }
        })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn bandit_regret_is_never_negative_and_never_decreases(b in bandit()) {
        // Some policies refuse some setups (a horizon too short for their schedule): those
        // are refused by validation, and the property is about what runs.
        prop_assume!(b.validate().is_ok());
        let Results::Bandits(results) = Experiment::Bandits(b.clone()).run().unwrap().results else {
            unreachable!("a bandit experiment gives bandit results")
        };
        for p in &results.policies {
            let mut last = 0.0;
            for (i, &r) in p.regret_mean.iter().enumerate() {
                prop_assert!(r >= -1e-9, "{}: regret {r} at checkpoint {i}", p.label);
                prop_assert!(r >= last - 1e-9, "{}: regret fell from {last} to {r}", p.label);
                last = r;
            }
            for &f in &p.best_arm_fraction {
                prop_assert!((0.0..=1.0 + 1e-12).contains(&f), "{}: best-arm fraction {f}", p.label);
            }
            for &r in &p.final_regret {
                prop_assert!(r >= -1e-9, "{}: final regret {r}", p.label);
            }
            let pulls: f64 = p.pulls_mean.iter().sum();
            prop_assert!((pulls - b.horizon as f64).abs() < 1e-6, "{}: {pulls} pulls", p.label);
        }
    }

    #[test]
    fn tax_is_between_zero_and_income_and_grows_with_it(
        rates in proptest::collection::vec(0.0f64..=1.0, 1..8),
        gaps in proptest::collection::vec(1.0f64..200_000.0, 8),
        incomes in proptest::collection::vec(0.0f64..2_000_000.0, 1..20),
    ) {
        let mut cutoffs = vec![0.0];
        for g in gaps.iter().take(rates.len() - 1) {
            cutoffs.push(cutoffs.last().unwrap() + g);
        }
        let s = Schedule::new(cutoffs, rates);
        prop_assert!(s.validate().is_ok());
        let fast = FastSchedule::new(&s);
        let mut sorted = incomes.clone();
        sorted.sort_by(f64::total_cmp);
        let mut last = 0.0;
        for z in sorted {
            let t = s.tax(z);
            prop_assert!(t >= 0.0 && t <= z * (1.0 + 1e-12), "T({z}) = {t}");
            prop_assert!(t >= last - 1e-9 * z.max(1.0), "T fell to {t} at {z}");
            prop_assert_eq!(fast.tax_and_rate(z).0.to_bits(), t.to_bits(), "at {}", z);
            last = t;
        }
    }

    #[test]
    fn tournament_scores_lie_within_the_payoffs(
        seed in any::<u64>(),
        payoffs in proptest::collection::vec(-5.0f64..10.0, 4),
        picks in proptest::collection::vec(any::<proptest::sample::Index>(), 2..6),
        turns in 1usize..40,
        noise in 0.0f64..0.5,
        repetitions in 1usize..3,
    ) {
        let all: Vec<StrategyConfig> = StrategyConfig::all_defaults()
            .into_iter()
            .filter(|s| !s.is_llm())
            .collect();
        let game = GameConfig::symmetric("random", ["C", "D"], payoffs[0], payoffs[1], payoffs[2], payoffs[3]);
        let t = TournamentConfig {
            seed,
            game,
            players: picks.iter().map(|i| i.get(&all).clone()).collect(),
            turns,
            noise,
            prob_end: 0.0,
            repetitions,
            transcript: Default::default(),
        };
        prop_assume!(t.validate().is_ok());
        let r = t.run().unwrap();
        let lo = payoffs.iter().cloned().fold(f64::INFINITY, f64::min);
        let hi = payoffs.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        let tol = 1e-9 * (1.0 + hi.abs().max(lo.abs()));
        for (i, row) in r.normalised_scores.iter().enumerate() {
            for &s in row {
                prop_assert!(s >= lo - tol && s <= hi + tol, "player {i}: {s} outside [{lo}, {hi}]");
            }
        }
        for row in &r.payoff_matrix {
            for &s in row {
                prop_assert!(s >= lo - tol && s <= hi + tol, "payoff {s} outside [{lo}, {hi}]");
            }
        }
        for &c in &r.cooperation_rating {
            prop_assert!((0.0..=1.0).contains(&c));
        }
    }

    #[test]
    fn ecology_shares_stay_a_distribution(
        n in 2usize..6,
        payoff in proptest::collection::vec(-3.0f64..6.0, 36),
        initial in proptest::collection::vec(0.0f64..10.0, 6),
        steps in 1usize..200,
    ) {
        let cfg = EcologyConfig {
            payoff: (0..n).map(|i| payoff[i * 6..i * 6 + n].to_vec()).collect(),
            initial: initial[..n].to_vec(),
            steps,
        };
        prop_assume!(cfg.validate().is_ok());
        let r = cfg.run().unwrap();
        for (t, x) in r.shares.iter().enumerate() {
            let sum: f64 = x.iter().sum();
            prop_assert!((sum - 1.0).abs() < 1e-9, "step {t}: shares sum to {sum}");
            prop_assert!(x.iter().all(|&s| s >= 0.0), "step {t}: {x:?}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..config() })]

    #[test]
    fn digests_do_not_depend_on_the_number_of_threads(b in bandit(), threads in 2usize..5) {
        prop_assume!(b.validate().is_ok());
        let e = Experiment::Bandits(b);
        let one = e.run_on_threads(1).unwrap().digest;
        let many = e.run_on_threads(threads).unwrap().digest;
        prop_assert_eq!(one, many);
    }
}
