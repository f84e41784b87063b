//! Named bandit experiments that tell a story.

use super::environment::{AdversarialSequence, EnvironmentConfig, Segment};
use super::policies::*;
use super::BanditExperiment;

fn means_01_09() -> Vec<f64> {
    (1..=9).map(|i| i as f64 / 10.0).collect()
}

/// The default: nine Bernoulli arms 0.1..0.9 and a spread of classic policies.
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
            PolicyConfig::Ucb1(ucb1::Ucb1Params::default()),
            PolicyConfig::Thompson(thompson::ThompsonParams::default()),
        ],
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
            PolicyConfig::Uniform(uniform::UniformParams::default()),
        ],
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
        ..classic()
    }
}

/// Arms that change at set times.
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
                    means: vec![0.2, 0.5, 0.8],
                },
                Segment {
                    start: 2_001,
                    means: vec![0.5, 0.8, 0.2],
                },
            ],
        },
        ..classic()
    }
}

/// An oblivious adversary with a decoy arm.
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
        ..classic()
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
        ],
    }
}

/// All bandit presets: (name, title, description, experiment).
pub fn all() -> Vec<(&'static str, &'static str, &'static str, BanditExperiment)> {
    vec![
        ("bandits-classic", "Nine arms, 0.1 to 0.9", "Bernoulli arms with means 0.1..0.9: how fast do the classic algorithms find the 0.9 arm?", classic()),
        ("bandits-hard-k5", "Hard instance (K=5, Δ=0.2)", "Krishnamurthy et al. (2024): best arm 0.6, four arms 0.4, T=100.", hard_k5()),
        ("bandits-easy-k4", "Easy instance (K=4, Δ=0.5)", "Krishnamurthy et al. (2024): best arm 0.75, three arms 0.25, T=100.", easy_k4()),
        ("bandits-bayesian", "Bayesian instances", "Every repetition draws fresh arm means from Uniform[0,1]: average performance over problems.", bayesian()),
        ("bandits-gaussian", "Gaussian arms", "Six Gaussian arms with unit noise.", gaussian()),
        ("bandits-piecewise", "Arms that change", "The best arm changes at rounds 1,001 and 2,001: who notices?", piecewise()),
        ("bandits-adversarial", "A decoy adversary", "An oblivious adversary: the arm that pays early stops paying. Regret against the best fixed arm in hindsight.", adversarial_decoy()),
        ("bandits-linear", "Linear contextual", "Ten arms with 5-dimensional features; the reward is linear in the features.", linear()),
        ("bandits-benchmark", "Benchmark (4M pulls)", "K=9 Bernoulli 0.1..0.9, T=10,000, 100 repetitions, four policies: the speed benchmark.", benchmark()),
    ]
}
