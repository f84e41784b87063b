//! Thompson sampling for Bernoulli rewards with a Beta prior (Thompson 1933; Agrawal & Goyal
//! 2012).
//!
//! Keep S_a successes and F_a failures per arm; each round sample
//! theta_a ~ Beta(S_a + alpha0, F_a + beta0) and pull argmax theta_a (alpha0 = beta0 = 1 is the
//! uniform prior). Rewards in [0, 1] that are not 0/1 are binarized by a Bernoulli(r) trial
//! (Agrawal & Goyal 2012), which keeps the posterior exact in law. Beta variates come from the
//! ziggurat-based [`Rng::beta_fast`], the hot loop of most experiments.

use super::About;
use crate::bandits::policy::{ArmView, Belief, Context, Policy, Setup};
use crate::error::{check_prior, ConfigError};
use crate::rng::Rng;
use crate::sampling::Shape;
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "Thompson sampling (Beta-Bernoulli)",
    what: "Keeps a Beta posterior for each arm's success rate, samples one plausible rate per arm and pulls the arm whose sample is highest: arms are tried in proportion to the chance that they are best.",
    guarantee: "Asymptotically optimal for Bernoulli arms: matches the Lai-Robbins bound (Kaufmann, Korda & Munos 2012).",
    source: "Thompson (1933); Agrawal & Goyal (2012), COLT.",
};

/// Beta prior parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct ThompsonParams {
    /// Prior successes alpha0, from 0.001 to 1e6 ([`crate::error::PRIOR_RANGE`]).
    pub prior_alpha: f64,
    /// Prior failures beta0, from 0.001 to 1e6.
    pub prior_beta: f64,
}

impl Default for ThompsonParams {
    fn default() -> Self {
        ThompsonParams {
            prior_alpha: 1.0,
            prior_beta: 1.0,
        }
    }
}

impl ThompsonParams {
    pub fn validate(&self, _setup: &Setup) -> Result<(), ConfigError> {
        check_prior("prior_alpha", self.prior_alpha)?;
        check_prior("prior_beta", self.prior_beta)
    }
    pub fn label(&self) -> String {
        if *self == Self::default() {
            "Thompson".into()
        } else {
            format!("Thompson (Beta({}, {}))", self.prior_alpha, self.prior_beta)
        }
    }
    pub fn build(&self, setup: &Setup) -> Box<dyn Policy> {
        Box::new(Thompson {
            alpha: vec![self.prior_alpha; setup.arms],
            beta: vec![self.prior_beta; setup.arms],
            pulls: vec![0; setup.arms],
            samples: vec![f64::NAN; setup.arms],
            binarize: Vec::new(),
            shape_alpha: vec![Shape::new(self.prior_alpha); setup.arms],
            shape_beta: vec![Shape::new(self.prior_beta); setup.arms],
        })
    }
}

pub struct Thompson {
    alpha: Vec<f64>,
    beta: Vec<f64>,
    pulls: Vec<u64>,
    samples: Vec<f64>,
    /// Uniforms drawn at choose time for binarizing non-0/1 rewards (so observe needs no rng).
    binarize: Vec<f64>,
    /// alpha and beta prepared for the Gamma sampler (they change only when the arm is pulled).
    shape_alpha: Vec<Shape>,
    shape_beta: Vec<Shape>,
}

impl Policy for Thompson {
    fn choose(&mut self, _t: usize, _ctx: Context<'_>, rng: &mut Rng) -> usize {
        for a in 0..self.alpha.len() {
            self.samples[a] = rng.beta_fast(&self.shape_alpha[a], &self.shape_beta[a]);
        }
        let arm = rng.argmax(&self.samples);
        self.binarize.clear();
        self.binarize.push(rng.uniform());
        arm
    }
    fn observe(&mut self, _t: usize, arm: usize, reward: f64, _ctx: Context<'_>) {
        self.pulls[arm] += 1;
        let success = if reward == 0.0 || reward == 1.0 {
            reward == 1.0
        } else {
            self.binarize.first().copied().unwrap_or(0.5) < reward
        };
        if success {
            self.alpha[arm] += 1.0;
            self.shape_alpha[arm] = Shape::new(self.alpha[arm]);
        } else {
            self.beta[arm] += 1.0;
            self.shape_beta[arm] = Shape::new(self.beta[arm]);
        }
    }
    fn arms(&self) -> Vec<ArmView> {
        (0..self.alpha.len())
            .map(|a| ArmView {
                pulls: self.pulls[a],
                estimate: self.alpha[a] / (self.alpha[a] + self.beta[a]),
                index: if self.samples[a].is_nan() {
                    None
                } else {
                    Some(self.samples[a])
                },
                belief: Some(Belief::Beta {
                    alpha: self.alpha[a],
                    beta: self.beta[a],
                }),
                prob: None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posterior_counts_successes_and_failures() {
        let setup = Setup {
            arms: 2,
            horizon: 10,
            dim: 0,
        };
        let mut p = ThompsonParams::default().build(&setup);
        p.observe(1, 0, 1.0, Context::NONE);
        p.observe(2, 0, 0.0, Context::NONE);
        p.observe(3, 0, 1.0, Context::NONE);
        let v = p.arms();
        assert_eq!(
            v[0].belief,
            Some(Belief::Beta {
                alpha: 3.0,
                beta: 2.0
            })
        );
        assert_eq!(
            v[1].belief,
            Some(Belief::Beta {
                alpha: 1.0,
                beta: 1.0
            })
        );
        assert_eq!(v[0].pulls, 3);
    }

    #[test]
    fn chooses_arms_in_proportion_to_probability_of_being_best() {
        // Posteriors Beta(2,1) vs Beta(1,2): P(X > Y) for X~Beta(2,1), Y~Beta(1,2) is
        // integral 2x * (1 - (1-x)^2) ... = 5/6 (closed form: E[1-(1-X)^2] = 1 - E[(1-X)^2]
        // = 1 - 1/6).
        let setup = Setup {
            arms: 2,
            horizon: 10,
            dim: 0,
        };
        let mut p = ThompsonParams::default().build(&setup);
        p.observe(1, 0, 1.0, Context::NONE);
        p.observe(2, 1, 0.0, Context::NONE);
        let mut rng = Rng::stream(9, &[]);
        let n = 60_000;
        let wins = (0..n)
            .filter(|_| p.choose(3, Context::NONE, &mut rng) == 0)
            .count();
        let frac = wins as f64 / n as f64;
        assert!((frac - 5.0 / 6.0).abs() < 0.01, "{frac}");
    }

    /// Accepted before: a prior of 1e308, whose label printed a 309-digit number.
    #[test]
    fn priors_are_bounded() {
        let setup = Setup {
            arms: 2,
            horizon: 10,
            dim: 0,
        };
        for bad in [1e308, 0.0, 1e-9, -1.0] {
            let p = ThompsonParams {
                prior_alpha: bad,
                prior_beta: 1.0,
            };
            let e = p.validate(&setup).unwrap_err();
            assert_eq!(e.field, "prior_alpha", "{bad}");
        }
        let p = ThompsonParams {
            prior_alpha: 1e6,
            prior_beta: 1e-3,
        };
        assert!(p.validate(&setup).is_ok());
    }
}
