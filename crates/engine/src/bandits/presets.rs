//! Named bandit experiments that tell a story, each with the policies that make its point.

use super::environment::{AdversarialSequence, EnvironmentConfig, Segment};
use super::policies::*;
use super::BanditExperiment;

fn means_01_09() -> Vec<f64> {
    (1..=9).map(|i| i as f64 / 10.0).collect()
}

/// The default: nine Bernoulli arms 0.1..0.9 and a spread of classic policies, from never
/// learning (uniform) and learning too little (epsilon-greedy) to asymptotically optimal
/// (KL-UCB, Thompson), with EXP3 paying the price of adversarial robustness.
pub fn classic() -> BanditExperiment {
    BanditExperiment {
        seed: 42,
        horizon: 2_000,
        repetitions: 50,
        environment: EnvironmentConfig::Bernoulli {
            means: means_01_09(),
        },
        policies: vec![
            PolicyConfig::Uniform(uniform::UniformParams::default()),
            PolicyConfig::EpsilonGreedy(epsilon_greedy::EpsilonGreedyParams::default()),
            PolicyConfig::Ucb1(ucb1::Ucb1Params::default()),
            PolicyConfig::KlUcb(kl_ucb::KlUcbParams::default()),
            PolicyConfig::Thompson(thompson::ThompsonParams::default()),
            PolicyConfig::Exp3(exp3::Exp3Params::default()),
        ],
        transcript: Default::default(),
    }
}

/// Krishnamurthy et al. (2024) hard instance: K = 5, best 0.6, others 0.4, T = 100.
pub fn hard_k5() -> BanditExperiment {
    BanditExperiment {
        seed: 7,
        horizon: 100,
        repetitions: 200,
        environment: EnvironmentConfig::Bernoulli {
            means: vec![0.6, 0.4, 0.4, 0.4, 0.4],
        },
        policies: vec![
            PolicyConfig::Ucb1(ucb1::Ucb1Params::default()),
            PolicyConfig::Thompson(thompson::ThompsonParams::default()),
            PolicyConfig::EpsilonGreedy(epsilon_greedy::EpsilonGreedyParams::default()),
            PolicyConfig::ExploreThenCommit(explore_then_commit::ExploreThenCommitParams::default()),
            PolicyConfig::Uniform(uniform::UniformParams::default()),
        ],
        transcript: Default::default(),
    }
}

/// The hard instance with an LLM player (the local model the tests serve; the page's LLM
/// settings change it) next to UCB1, Thompson sampling, epsilon-greedy and uniform play.
pub fn llm_hard_k5() -> BanditExperiment {
    BanditExperiment {
        repetitions: 5,
        policies: vec![
            PolicyConfig::Llm(llm::LlmParams {
                prompt: crate::llm::prompts::BanditPromptConfig {
                    history: crate::llm::prompts::HistoryStyle::Summarized,
                    ..Default::default()
                },
                ..Default::default()
            }),
            PolicyConfig::Ucb1(ucb1::Ucb1Params::default()),
            PolicyConfig::Thompson(thompson::ThompsonParams::default()),
            PolicyConfig::EpsilonGreedy(epsilon_greedy::EpsilonGreedyParams::default()),
            PolicyConfig::Uniform(uniform::UniformParams::default()),
        ],
        ..hard_k5()
    }
}

/// Krishnamurthy et al. (2024) easy instance: K = 4, best 0.75, others 0.25, T = 100.
pub fn easy_k4() -> BanditExperiment {
    BanditExperiment {
        seed: 7,
        horizon: 100,
        repetitions: 200,
        environment: EnvironmentConfig::Bernoulli {
            means: vec![0.75, 0.25, 0.25, 0.25],
        },
        ..hard_k5()
    }
}

/// "Bayesian" instances: fresh uniform means every repetition.
pub fn bayesian() -> BanditExperiment {
    BanditExperiment {
        seed: 11,
        horizon: 1_000,
        repetitions: 200,
        environment: EnvironmentConfig::Bayesian {
            arms: 10,
            prior_alpha: 1.0,
            prior_beta: 1.0,
        },
        ..classic()
    }
}

/// Gaussian arms.
pub fn gaussian() -> BanditExperiment {
    BanditExperiment {
        seed: 3,
        horizon: 2_000,
        repetitions: 50,
        environment: EnvironmentConfig::Gaussian {
            means: vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0],
            sigma: 1.0,
        },
        policies: vec![
            PolicyConfig::EpsilonGreedy(epsilon_greedy::EpsilonGreedyParams::default()),
            PolicyConfig::Ucb1(ucb1::Ucb1Params::default()),
            PolicyConfig::UcbOptimal(ucb_optimal::UcbOptimalParams::default()),
            PolicyConfig::ThompsonGaussian(thompson_gaussian::ThompsonGaussianParams::default()),
            PolicyConfig::Uniform(uniform::UniformParams::default()),
        ],
        transcript: Default::default(),
    }
}

/// Arms that change at set times: the best arm gets worse and another one better, twice.
/// UCB1 and Thompson sampling average over the whole past and are slow to notice; the
/// sliding window (tau = 500) and the discounting (gamma = 0.99, a memory of about
/// 1 / (1 - gamma) = 100 rounds) forget the old evidence.
pub fn piecewise() -> BanditExperiment {
    BanditExperiment {
        seed: 5,
        horizon: 3_000,
        repetitions: 50,
        environment: EnvironmentConfig::Piecewise {
            segments: vec![
                Segment {
                    start: 1,
                    means: vec![0.8, 0.5, 0.2],
                },
                Segment {
                    start: 1_001,
                    means: vec![0.4, 0.7, 0.2],
                },
                Segment {
                    start: 2_001,
                    means: vec![0.4, 0.3, 0.6],
                },
            ],
        },
        policies: vec![
            PolicyConfig::Ucb1(ucb1::Ucb1Params::default()),
            PolicyConfig::SwUcb(sw_ucb::SwUcbParams::default()),
            PolicyConfig::DiscountedThompson(discounted_thompson::DiscountedThompsonParams {
                gamma: 0.99,
            }),
            PolicyConfig::Thompson(thompson::ThompsonParams::default()),
        ],
        transcript: Default::default(),
    }
}

/// An oblivious adversary with a decoy arm. Regret is measured against the best fixed arm in
/// hindsight, and algorithms that move off the decoy after the switch beat every fixed arm:
/// negative regret. EXP3 stays within its worst-case guarantee but adapts more slowly.
pub fn adversarial_decoy() -> BanditExperiment {
    BanditExperiment {
        seed: 13,
        horizon: 5_000,
        repetitions: 50,
        environment: EnvironmentConfig::Adversarial {
            arms: 3,
            sequence: AdversarialSequence::Decoy {
                switch_fraction: 0.3,
            },
        },
        policies: vec![
            PolicyConfig::Ucb1(ucb1::Ucb1Params::default()),
            PolicyConfig::Thompson(thompson::ThompsonParams::default()),
            PolicyConfig::Exp3(exp3::Exp3Params::default()),
        ],
        transcript: Default::default(),
    }
}

/// The reward table of an adversary that knows UCB1 (two arms, `horizon` rounds).
///
/// Rounds 1 and 2 pay (1, 0): whichever arm UCB1 tries first, afterwards it has seen one
/// reward of 1 from arm 0 and one of 0 from arm 1. From then on UCB1 is deterministic unless
/// two indices tie exactly, so the adversary replays it with UCB1's own index
/// ([`ucb1::ucb1_index`]) and pays 0 to the arm it is about to pull and 1 to the other. UCB1
/// then earns nothing after round 2, while the better fixed arm earns at least (T - 2) / 2: its
/// regret is linear. Returns None if an exact tie would make UCB1's choice random (then the
/// table could not anticipate it); it does not happen for the horizons used here.
pub fn ucb1_trap_table(horizon: usize) -> Option<Vec<Vec<f64>>> {
    let mut rows = Vec::with_capacity(horizon);
    let (mut n, sum) = ([1u64, 1u64], [1.0, 0.0]);
    for t in 1..=horizon {
        if t <= 2 {
            rows.push(vec![1.0, 0.0]);
            continue;
        }
        let i0 = ucb1::ucb1_index(sum[0] / n[0] as f64, n[0], t);
        let i1 = ucb1::ucb1_index(sum[1] / n[1] as f64, n[1], t);
        if i0 == i1 {
            return None;
        }
        let a = if i0 > i1 { 0 } else { 1 };
        let mut row = vec![0.0, 0.0];
        row[1 - a] = 1.0;
        rows.push(row);
        n[a] += 1;
    }
    Some(rows)
}

/// An adversary that knows UCB1: every round the arm UCB1 will pull pays 0 and the other 1
/// ([`ucb1_trap_table`]). A deterministic rule can be exploited like this; randomized
/// algorithms (EXP3, Thompson sampling) cannot be predicted and keep their guarantees.
pub fn adversary_knows_ucb1() -> BanditExperiment {
    let horizon = 1_000;
    BanditExperiment {
        seed: 23,
        horizon,
        repetitions: 50,
        environment: EnvironmentConfig::Adversarial {
            arms: 2,
            sequence: AdversarialSequence::Table {
                // No exact tie occurs at this horizon (tests::the_trap_table_anticipates_ucb1_without_ties).
                rewards: ucb1_trap_table(horizon).expect("UCB1 never ties on this table"),
            },
        },
        policies: vec![
            PolicyConfig::Ucb1(ucb1::Ucb1Params::default()),
            PolicyConfig::Thompson(thompson::ThompsonParams::default()),
            PolicyConfig::Exp3(exp3::Exp3Params::default()),
        ],
        transcript: Default::default(),
    }
}

/// Full feedback against bandit feedback on the classic nine arms: Hedge sees every arm's
/// reward each round, EXP3 only the pulled arm's. The same exponential weights, with guarantees
/// sqrt(T ln K / 2) and sqrt(2 T K ln K): K times more information.
pub fn full_feedback() -> BanditExperiment {
    BanditExperiment {
        seed: 19,
        policies: vec![
            PolicyConfig::Hedge(hedge::HedgeParams::default()),
            PolicyConfig::Exp3(exp3::Exp3Params::default()),
        ],
        ..classic()
    }
}

/// Linear contextual bandit.
pub fn linear() -> BanditExperiment {
    BanditExperiment {
        seed: 17,
        horizon: 2_000,
        repetitions: 30,
        environment: EnvironmentConfig::Linear {
            arms: 10,
            dim: 5,
            noise_sigma: 0.1,
            theta: None,
        },
        policies: vec![
            PolicyConfig::Ucb1(ucb1::Ucb1Params::default()),
            PolicyConfig::LinUcb(lin_ucb::LinUcbParams::default()),
            PolicyConfig::LinTs(lin_ts::LinTsParams::default()),
        ],
        transcript: Default::default(),
    }
}

/// The benchmark experiment: K = 9 Bernoulli 0.1..0.9, T = 10,000, 100 repetitions,
/// UCB1 + Thompson + KL-UCB + epsilon-greedy (4M pulls).
pub fn benchmark() -> BanditExperiment {
    BanditExperiment {
        seed: 1,
        horizon: 10_000,
        repetitions: 100,
        environment: EnvironmentConfig::Bernoulli {
            means: means_01_09(),
        },
        policies: vec![
            PolicyConfig::Ucb1(ucb1::Ucb1Params::default()),
            PolicyConfig::Thompson(thompson::ThompsonParams::default()),
            PolicyConfig::KlUcb(kl_ucb::KlUcbParams::default()),
            PolicyConfig::EpsilonGreedy(epsilon_greedy::EpsilonGreedyParams::default()),
        ],
        transcript: Default::default(),
    }
}

/// All bandit presets: (name, title, description, experiment).
pub fn all() -> Vec<(&'static str, &'static str, &'static str, BanditExperiment)> {
    vec![
        ("bandits-classic", "Nine arms, 0.1 to 0.9", "Bernoulli arms with means 0.1..0.9: how fast do the classic algorithms find the 0.9 arm?", classic()),
        ("bandits-hard-k5", "Hard instance (K=5, Δ=0.2)", "Krishnamurthy et al. (2024): best arm 0.6, four arms 0.4, T=100.", hard_k5()),
        ("bandits-easy-k4", "Easy instance (K=4, Δ=0.5)", "Krishnamurthy et al. (2024): best arm 0.75, three arms 0.25, T=100.", easy_k4()),
        ("bandits-bayesian", "Bayesian instances", "Every repetition draws fresh arm means from Uniform[0,1]: average performance over problems.", bayesian()),
        ("bandits-gaussian", "Gaussian arms", "Six Gaussian arms with unit noise: algorithms built for rewards in [0, 1] (UCB1) against ones built for Gaussian noise.", gaussian()),
        ("bandits-piecewise", "Arms that change", "At rounds 1,001 and 2,001 the best arm gets worse and another one better: algorithms that forget (sliding window, discounting) notice sooner than those that average the whole past.", piecewise()),
        ("bandits-adversarial", "A decoy adversary", "An oblivious adversary: the arm that pays early stops paying. Regret is against the best fixed arm in hindsight, so algorithms that switch in time score below zero.", adversarial_decoy()),
        ("bandits-adversary-knows-ucb1", "An adversary that knows UCB1", "The reward table was computed by replaying UCB1: each round the arm UCB1 is about to pull pays 0 and the other pays 1. A deterministic rule can be exploited; randomized EXP3 and Thompson sampling cannot.", adversary_knows_ucb1()),
        ("bandits-full-feedback", "Full vs bandit feedback", "Hedge sees what every arm paid each round, EXP3 only the arm it pulled: the same exponential weights with K times more information, on the nine classic arms.", full_feedback()),
        ("bandits-linear", "Linear contextual", "Ten arms with fresh 5-dimensional features every round; the reward is linear in the features. LinUCB and LinTS learn the shared model, UCB1 cannot.", linear()),
        ("bandits-llm", "Does an LLM explore?", "Krishnamurthy et al. (2024)'s hard instance (K=5, best arm 0.6, four arms 0.4, T=100) with a language model among the classic policies, prompted with buttons, neutral framing, summarized history and one arm per answer. Set your model in the LLM settings and run: the table adds their exploration metrics, SuffFailFreq(T/2) (the best arm never chosen in the second half) and K*MinFrac (near 1: uniform flailing). Each repetition is 100 calls.", llm_hard_k5()),
        ("bandits-benchmark", "Benchmark (4M pulls)", "K=9 Bernoulli 0.1..0.9, T=10,000, 100 repetitions, four policies: the speed benchmark.", benchmark()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_llm_preset_is_the_papers_hard_instance_with_summarized_history() {
        let b = llm_hard_k5();
        assert_eq!((b.horizon, b.environment.arms()), (100, 5));
        let PolicyConfig::Llm(l) = &b.policies[0] else {
            panic!("the LLM comes first")
        };
        assert_eq!(
            l.prompt.history,
            crate::llm::prompts::HistoryStyle::Summarized
        );
        assert_eq!(l.prompt.output, crate::llm::prompts::OutputStyle::OneArm);
    }

    #[test]
    fn benchmark_is_the_published_four_million_pull_setup() {
        let b = benchmark();
        let kinds: Vec<&str> = b.policies.iter().map(|p| p.kind()).collect();
        assert_eq!(kinds, ["ucb1", "thompson", "kl_ucb", "epsilon_greedy"]);
        assert_eq!(
            b.environment,
            EnvironmentConfig::Bernoulli {
                means: vec![0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
            }
        );
        assert_eq!((b.horizon, b.repetitions), (10_000, 100));
        assert_eq!(b.total_pulls(), 4_000_000);
    }

    #[test]
    fn the_trap_table_anticipates_ucb1_without_ties() {
        for horizon in [2, 3, 100, 1_000, 5_000] {
            let rows = ucb1_trap_table(horizon).expect("no exact index tie");
            assert_eq!(rows.len(), horizon);
            // One arm pays 1 and the other 0 in every round.
            assert!(rows.iter().all(|r| r.iter().sum::<f64>() == 1.0));
        }
    }

    #[test]
    fn every_preset_runs_its_policies_in_a_suitable_environment() {
        for (name, _, _, exp) in all() {
            exp.validate().unwrap_or_else(|e| panic!("{name}: {e}"));
            let contextual = exp.environment.dim() > 0;
            for p in &exp.policies {
                assert!(
                    !p.needs_context() || contextual,
                    "{name}: {} needs features",
                    p.label()
                );
            }
        }
    }
}
