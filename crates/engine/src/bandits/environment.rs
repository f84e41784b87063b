//! Bandit environments: what the arms pay.
//!
//! An environment is realized once per repetition from its own random stream
//! (`["bandits/env", rep]`), independent of the policies, and produces one [`Round`] per time
//! step: the expected reward of every arm (for pseudo-regret), the realized reward of every arm
//! (common random numbers: every policy that pulls arm a in round t of repetition r gets the
//! same reward), and, in contextual environments, each arm's feature vector.

use crate::error::{check_count, check_positive, check_range, ConfigError};
use crate::rng::{Key, Rng};
use serde::{Deserialize, Serialize};

/// Largest number of arms.
pub const MAX_ARMS: usize = 100;

/// Which environment, with its parameters: `{"kind": "...", ...}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum EnvironmentConfig {
    /// Stationary Bernoulli arms: arm a pays 1 with probability `means[a]`, else 0.
    Bernoulli { means: Vec<f64> },
    /// Stationary Gaussian arms: arm a pays N(`means[a]`, sigma^2).
    Gaussian { means: Vec<f64>, sigma: f64 },
    /// "Bayesian" Bernoulli instances: every repetition draws fresh means
    /// mu_a ~ Beta(prior_alpha, prior_beta) (uniform on \[0, 1\] by default).
    Bayesian {
        arms: usize,
        #[serde(default = "one")]
        prior_alpha: f64,
        #[serde(default = "one")]
        prior_beta: f64,
    },
    /// Piecewise-stationary Bernoulli arms: the means change at set rounds.
    Piecewise { segments: Vec<Segment> },
    /// An oblivious adversary: the whole reward table is fixed before the game starts.
    Adversarial {
        arms: usize,
        sequence: AdversarialSequence,
    },
    /// Linear contextual bandit: each round arm a shows features x_{t,a} ~ N(0, I_d / d) and
    /// pays <theta, x_{t,a}> + N(0, noise_sigma^2). theta is drawn uniformly on the unit sphere
    /// per repetition unless given.
    Linear {
        arms: usize,
        dim: usize,
        noise_sigma: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        theta: Option<Vec<f64>>,
    },
}

fn one() -> f64 {
    1.0
}

/// A stretch of rounds with fixed Bernoulli means.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Segment {
    /// First round of this segment (1-based; the first segment starts at 1).
    pub start: usize,
    pub means: Vec<f64>,
}

/// How an oblivious adversary fixes its reward table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "pattern", rename_all = "snake_case", deny_unknown_fields)]
pub enum AdversarialSequence {
    /// A decoy: arm 0 pays Bernoulli(0.9) until round `switch_fraction * T` and 0 after; every
    /// other arm pays 0 before and Bernoulli(0.7) after. The best fixed arm in hindsight is not
    /// the decoy, and a policy that leaves the decoy soon after the switch beats every fixed arm
    /// (negative regret): a reminder that regret against a fixed arm is a weak yardstick when
    /// the world changes.
    Decoy { switch_fraction: f64 },
    /// The best arm rotates: in block b = floor((t-1) / period), arm b mod K pays
    /// Bernoulli(0.8) and the others Bernoulli(0.4).
    Rotating { period: usize },
    /// An explicit table, rows = rounds (cycled if shorter than T), columns = arms, values in
    /// [0, 1].
    Table { rewards: Vec<Vec<f64>> },
}

/// Who a policy's regret is measured against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparator {
    /// The best arm of each round (stationary: the same as the best fixed arm).
    BestEachRound,
    /// The best fixed arm in hindsight (adversarial).
    BestFixedArm,
}

impl EnvironmentConfig {
    /// One example of every kind, in menu order (the app's environment picker starts from these).
    pub fn examples() -> Vec<EnvironmentConfig> {
        vec![
            EnvironmentConfig::Bernoulli {
                means: (1..=9).map(|i| i as f64 / 10.0).collect(),
            },
            EnvironmentConfig::Gaussian {
                means: vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0],
                sigma: 1.0,
            },
            EnvironmentConfig::Bayesian {
                arms: 10,
                prior_alpha: 1.0,
                prior_beta: 1.0,
            },
            EnvironmentConfig::Piecewise {
                segments: vec![
                    Segment {
                        start: 1,
                        means: vec![0.8, 0.5, 0.2],
                    },
                    Segment {
                        start: 1001,
                        means: vec![0.2, 0.5, 0.8],
                    },
                ],
            },
            EnvironmentConfig::Adversarial {
                arms: 3,
                sequence: AdversarialSequence::Decoy {
                    switch_fraction: 0.3,
                },
            },
            EnvironmentConfig::Linear {
                arms: 10,
                dim: 5,
                noise_sigma: 0.1,
                theta: None,
            },
        ]
    }

    /// The `kind` string.
    pub fn kind(&self) -> &'static str {
        match self {
            EnvironmentConfig::Bernoulli { .. } => "bernoulli",
            EnvironmentConfig::Gaussian { .. } => "gaussian",
            EnvironmentConfig::Bayesian { .. } => "bayesian",
            EnvironmentConfig::Piecewise { .. } => "piecewise",
            EnvironmentConfig::Adversarial { .. } => "adversarial",
            EnvironmentConfig::Linear { .. } => "linear",
        }
    }

    /// Number of arms K.
    pub fn arms(&self) -> usize {
        match self {
            EnvironmentConfig::Bernoulli { means } | EnvironmentConfig::Gaussian { means, .. } => {
                means.len()
            }
            EnvironmentConfig::Piecewise { segments } => {
                segments.first().map_or(0, |s| s.means.len())
            }
            EnvironmentConfig::Bayesian { arms, .. }
            | EnvironmentConfig::Adversarial { arms, .. }
            | EnvironmentConfig::Linear { arms, .. } => *arms,
        }
    }

    /// Context dimension d (0 if not contextual).
    pub fn dim(&self) -> usize {
        match self {
            EnvironmentConfig::Linear { dim, .. } => *dim,
            _ => 0,
        }
    }

    pub fn comparator(&self) -> Comparator {
        match self {
            EnvironmentConfig::Adversarial { .. } => Comparator::BestFixedArm,
            _ => Comparator::BestEachRound,
        }
    }

    /// A short description for charts and tables.
    pub fn describe(&self) -> String {
        fn list(m: &[f64]) -> String {
            m.iter()
                .map(|x| format!("{x}"))
                .collect::<Vec<_>>()
                .join(", ")
        }
        match self {
            EnvironmentConfig::Bernoulli { means } => {
                format!("Bernoulli arms, means [{}]", list(means))
            }
            EnvironmentConfig::Gaussian { means, sigma } => {
                format!("Gaussian arms (σ={sigma}), means [{}]", list(means))
            }
            EnvironmentConfig::Bayesian {
                arms,
                prior_alpha,
                prior_beta,
            } => {
                format!("{arms} Bernoulli arms, means ~ Beta({prior_alpha}, {prior_beta}) per repetition")
            }
            EnvironmentConfig::Piecewise { segments } => format!(
                "{} Bernoulli arms, {} stationary segments",
                self.arms(),
                segments.len()
            ),
            EnvironmentConfig::Adversarial { arms, sequence } => {
                let p = match sequence {
                    AdversarialSequence::Decoy { .. } => "decoy",
                    AdversarialSequence::Rotating { .. } => "rotating best arm",
                    AdversarialSequence::Table { .. } => "explicit table",
                };
                format!("{arms} arms, oblivious adversary ({p})")
            }
            EnvironmentConfig::Linear {
                arms,
                dim,
                noise_sigma,
                ..
            } => format!("Linear contextual: {arms} arms, d={dim}, noise σ={noise_sigma}"),
        }
    }

    /// Check the parameters for horizon `horizon`.
    pub fn validate(&self, horizon: usize) -> Result<(), ConfigError> {
        let k = self.arms();
        check_count("arms", k, 2, MAX_ARMS).map_err(|_| {
            ConfigError::new(
                "arms",
                format!("a bandit needs between 2 and {MAX_ARMS} arms (got {k})"),
            )
        })?;
        let check_means =
            |field: &str, means: &[f64], lo: f64, hi: f64| -> Result<(), ConfigError> {
                for (i, &m) in means.iter().enumerate() {
                    check_range(&format!("{field}[{i}]"), m, lo, hi)?;
                }
                Ok(())
            };
        match self {
            EnvironmentConfig::Bernoulli { means } => check_means("means", means, 0.0, 1.0),
            EnvironmentConfig::Gaussian { means, sigma } => {
                check_means("means", means, -1e6, 1e6)?;
                check_positive("sigma", *sigma)?;
                check_range("sigma", *sigma, 0.0, 1e6)
            }
            EnvironmentConfig::Bayesian {
                prior_alpha,
                prior_beta,
                ..
            } => {
                check_range("prior_alpha", *prior_alpha, 1e-3, 1e6)?;
                check_range("prior_beta", *prior_beta, 1e-3, 1e6)
            }
            EnvironmentConfig::Piecewise { segments } => {
                if segments.is_empty() || segments[0].start != 1 {
                    return Err(ConfigError::new(
                        "segments",
                        "the first segment must start at round 1",
                    ));
                }
                for (i, s) in segments.iter().enumerate() {
                    if s.means.len() != k {
                        return Err(ConfigError::new(
                            format!("segments[{i}].means"),
                            format!("every segment needs {k} means (got {})", s.means.len()),
                        ));
                    }
                    check_means(&format!("segments[{i}].means"), &s.means, 0.0, 1.0)?;
                    if i > 0 && s.start <= segments[i - 1].start {
                        return Err(ConfigError::new(
                            format!("segments[{i}].start"),
                            "segments must start at increasing rounds",
                        ));
                    }
                    if s.start > horizon {
                        return Err(ConfigError::new(
                            format!("segments[{i}].start"),
                            format!("starts after the horizon ({horizon})"),
                        ));
                    }
                }
                Ok(())
            }
            EnvironmentConfig::Adversarial { sequence, .. } => {
                if horizon.saturating_mul(k) > 5_000_000 {
                    return Err(ConfigError::new("horizon", "an adversarial table of horizon x arms above 5,000,000 entries is too large"));
                }
                match sequence {
                    AdversarialSequence::Decoy { switch_fraction } => {
                        check_range("sequence.switch_fraction", *switch_fraction, 0.0, 1.0)
                    }
                    AdversarialSequence::Rotating { period } => {
                        check_count("sequence.period", *period, 1, 100_000_000)
                    }
                    AdversarialSequence::Table { rewards } => {
                        if rewards.is_empty() || rewards.len() > 100_000 {
                            return Err(ConfigError::new(
                                "sequence.rewards",
                                "the table needs between 1 and 100,000 rows",
                            ));
                        }
                        for (i, row) in rewards.iter().enumerate() {
                            if row.len() != k {
                                return Err(ConfigError::new(
                                    format!("sequence.rewards[{i}]"),
                                    format!("every row needs {k} rewards (got {})", row.len()),
                                ));
                            }
                            check_means(&format!("sequence.rewards[{i}]"), row, 0.0, 1.0)?;
                        }
                        Ok(())
                    }
                }
            }
            EnvironmentConfig::Linear {
                dim,
                noise_sigma,
                theta,
                ..
            } => {
                check_count("dim", *dim, 1, 50)?;
                check_range("noise_sigma", *noise_sigma, 0.0, 1e3)?;
                if let Some(th) = theta {
                    if th.len() != *dim {
                        return Err(ConfigError::new(
                            "theta",
                            format!("theta needs {dim} entries (got {})", th.len()),
                        ));
                    }
                    check_means("theta", th, -1e3, 1e3)?;
                }
                Ok(())
            }
        }
    }

    /// Lai & Robbins' constant C = sum_{a: Delta_a > 0} Delta_a / kl(mu_a, mu*) for stationary
    /// Bernoulli arms (None elsewhere): liminf R_T / ln T >= C for consistent policies.
    pub fn lai_robbins(&self) -> Option<f64> {
        match self {
            EnvironmentConfig::Bernoulli { means } => {
                Some(super::theory::lai_robbins_bernoulli(means))
            }
            EnvironmentConfig::Gaussian { means, sigma } => {
                Some(super::theory::lai_robbins_gaussian(means, *sigma))
            }
            _ => None,
        }
    }

    /// The realized environment of repetition `rep`.
    pub fn realize(&self, seed: u64, rep: usize, horizon: usize) -> EnvRun {
        let rng = Rng::stream(seed, &[Key::Str("bandits/env"), Key::Num(rep as u64)]);
        let k = self.arms();
        let mut run = EnvRun {
            kind: Kind::Stationary,
            k,
            dim: self.dim(),
            means: vec![0.0; k],
            rewards: vec![0.0; k],
            features: vec![0.0; k * self.dim()],
            table: Vec::new(),
            theta: Vec::new(),
            fixed_best: None,
            rng,
        };
        match self {
            EnvironmentConfig::Bernoulli { means } => {
                run.means.copy_from_slice(means);
                run.kind = Kind::Bernoulli;
            }
            EnvironmentConfig::Gaussian { means, sigma } => {
                run.means.copy_from_slice(means);
                run.kind = Kind::Gaussian(*sigma);
            }
            EnvironmentConfig::Bayesian {
                prior_alpha,
                prior_beta,
                ..
            } => {
                for a in 0..k {
                    run.means[a] = run.rng.beta(*prior_alpha, *prior_beta);
                }
                run.kind = Kind::Bernoulli;
            }
            EnvironmentConfig::Piecewise { segments } => {
                run.means.copy_from_slice(&segments[0].means);
                run.kind = Kind::Piecewise(segments.clone());
            }
            EnvironmentConfig::Adversarial { sequence, .. } => {
                let mut table = vec![0.0; horizon * k];
                for t in 1..=horizon {
                    let row = &mut table[(t - 1) * k..t * k];
                    match sequence {
                        AdversarialSequence::Decoy { switch_fraction } => {
                            let early = (t as f64) <= switch_fraction * horizon as f64;
                            for (a, r) in row.iter_mut().enumerate() {
                                let p = match (a == 0, early) {
                                    (true, true) => 0.9,
                                    (false, false) => 0.7,
                                    _ => 0.0,
                                };
                                *r = run.rng.bernoulli_reward(p);
                            }
                        }
                        AdversarialSequence::Rotating { period } => {
                            let best = ((t - 1) / period) % k;
                            for (a, r) in row.iter_mut().enumerate() {
                                let p = if a == best { 0.8 } else { 0.4 };
                                *r = run.rng.bernoulli_reward(p);
                            }
                        }
                        AdversarialSequence::Table { rewards } => {
                            row.copy_from_slice(&rewards[(t - 1) % rewards.len()]);
                        }
                    }
                }
                let mut totals = vec![0.0; k];
                for t in 0..horizon {
                    for a in 0..k {
                        totals[a] += table[t * k + a];
                    }
                }
                // Ties for the best fixed arm: the lowest index (any choice gives the same regret).
                let mut best = 0;
                for a in 1..k {
                    if totals[a] > totals[best] {
                        best = a;
                    }
                }
                run.fixed_best = Some(best);
                run.table = table;
                run.kind = Kind::Table;
            }
            EnvironmentConfig::Linear {
                dim,
                noise_sigma,
                theta,
                ..
            } => {
                run.theta = match theta {
                    Some(th) => th.clone(),
                    None => {
                        let mut v: Vec<f64> = (0..*dim).map(|_| run.rng.normal()).collect();
                        let norm = f64::sqrt(v.iter().map(|x| x * x).sum::<f64>());
                        v.iter_mut().for_each(|x| *x /= norm);
                        v
                    }
                };
                run.kind = Kind::Linear(*noise_sigma);
            }
        }
        run
    }
}

#[derive(Clone, Debug)]
enum Kind {
    Stationary,
    Bernoulli,
    Gaussian(f64),
    Piecewise(Vec<Segment>),
    Table,
    Linear(f64),
}

/// One repetition's realized environment; call [`EnvRun::round`] for t = 1, 2, ... in order.
#[derive(Clone, Debug)]
pub struct EnvRun {
    kind: Kind,
    k: usize,
    dim: usize,
    means: Vec<f64>,
    rewards: Vec<f64>,
    features: Vec<f64>,
    table: Vec<f64>,
    theta: Vec<f64>,
    fixed_best: Option<usize>,
    rng: Rng,
}

/// What round t looks like.
#[derive(Clone, Copy, Debug)]
pub struct Round<'a> {
    /// Expected reward of each arm.
    pub means: &'a [f64],
    /// Realized reward of each arm (the same for every policy).
    pub rewards: &'a [f64],
    /// Per-arm features (K x d, row-major), empty if not contextual.
    pub features: &'a [f64],
    /// The comparator's arm this round: the best arm of the round, or the best fixed arm.
    pub best: usize,
}

impl EnvRun {
    pub fn arms(&self) -> usize {
        self.k
    }

    /// Advance to round `t` (1-based) and return it.
    pub fn round(&mut self, t: usize) -> Round<'_> {
        let k = self.k;
        match &self.kind {
            Kind::Stationary | Kind::Bernoulli => {
                for a in 0..k {
                    self.rewards[a] = self.rng.bernoulli_reward(self.means[a]);
                }
            }
            Kind::Gaussian(sigma) => {
                let s = *sigma;
                for a in 0..k {
                    self.rewards[a] = self.means[a] + s * self.rng.normal();
                }
            }
            Kind::Piecewise(segments) => {
                if let Some(seg) = segments.iter().rev().find(|s| s.start <= t) {
                    self.means.copy_from_slice(&seg.means);
                }
                for a in 0..k {
                    self.rewards[a] = self.rng.bernoulli_reward(self.means[a]);
                }
            }
            Kind::Table => {
                let row = &self.table[(t - 1) * k..t * k];
                self.means.copy_from_slice(row);
                self.rewards.copy_from_slice(row);
            }
            Kind::Linear(noise) => {
                let noise = *noise;
                let d = self.dim;
                let scale = 1.0 / f64::sqrt(d as f64);
                for x in self.features.iter_mut() {
                    *x = self.rng.normal() * scale;
                }
                for a in 0..k {
                    let x = &self.features[a * d..(a + 1) * d];
                    let m: f64 = x.iter().zip(&self.theta).map(|(x, th)| x * th).sum();
                    self.means[a] = m;
                    self.rewards[a] = m + noise * self.rng.normal();
                }
            }
        }
        let best = match self.fixed_best {
            Some(b) => b,
            None => {
                let mut b = 0;
                for a in 1..k {
                    if self.means[a] > self.means[b] {
                        b = a;
                    }
                }
                b
            }
        };
        Round {
            means: &self.means,
            rewards: &self.rewards,
            features: &self.features,
            best,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bernoulli_rewards_match_means() {
        let env = EnvironmentConfig::Bernoulli {
            means: vec![0.2, 0.7],
        };
        let mut run = env.realize(5, 0, 20_000);
        let mut sums = [0.0; 2];
        for t in 1..=20_000 {
            let r = run.round(t);
            assert_eq!(r.best, 1);
            sums[0] += r.rewards[0];
            sums[1] += r.rewards[1];
        }
        assert!((sums[0] / 20_000.0 - 0.2).abs() < 0.01);
        assert!((sums[1] / 20_000.0 - 0.7).abs() < 0.01);
    }

    #[test]
    fn piecewise_switches_at_start_rounds() {
        let env = EnvironmentConfig::Piecewise {
            segments: vec![
                Segment {
                    start: 1,
                    means: vec![0.9, 0.1],
                },
                Segment {
                    start: 4,
                    means: vec![0.1, 0.9],
                },
            ],
        };
        let mut run = env.realize(1, 0, 6);
        assert_eq!(run.round(3).best, 0);
        assert_eq!(run.round(4).best, 1);
        assert_eq!(run.round(4).means, &[0.1, 0.9]);
    }

    #[test]
    fn decoy_best_fixed_arm_is_not_the_decoy() {
        let env = EnvironmentConfig::Adversarial {
            arms: 3,
            sequence: AdversarialSequence::Decoy {
                switch_fraction: 0.3,
            },
        };
        let mut run = env.realize(1, 0, 1000);
        let r = run.round(1);
        assert_ne!(r.best, 0);
    }

    #[test]
    fn validation_messages_name_the_field() {
        let env = EnvironmentConfig::Bernoulli {
            means: vec![0.5, 1.5],
        };
        let e = env.validate(10).unwrap_err();
        assert_eq!(e.field, "means[1]");
        let env = EnvironmentConfig::Bernoulli { means: vec![0.5] };
        assert!(env
            .validate(10)
            .unwrap_err()
            .message
            .contains("between 2 and"));
    }

    #[test]
    fn bayesian_means_differ_between_repetitions() {
        let env = EnvironmentConfig::Bayesian {
            arms: 3,
            prior_alpha: 1.0,
            prior_beta: 1.0,
        };
        let mut a = env.realize(1, 0, 1);
        let mut b = env.realize(1, 1, 1);
        assert_ne!(a.round(1).means.to_vec(), b.round(1).means.to_vec());
    }
}
