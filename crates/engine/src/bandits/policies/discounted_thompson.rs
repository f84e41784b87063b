//! Discounted Thompson sampling for arms that change over time (Raj & Kalyani 2017, "Taming
//! non-stationary bandits: a Bayesian approach").
//!
//! Keep discounted success and failure counts. Each round, sample
//! theta_a ~ Beta(S_a + alpha0, F_a + beta0) with the uniform prior alpha0 = beta0 = 1, pull
//! the argmax A_t, observe X_t and update every arm:
//!   S_a <- gamma S_a + 1{a = A_t} X_t,   F_a <- gamma F_a + 1{a = A_t} (1 - X_t).
//! Old evidence fades geometrically (an effective memory of about 1 / (1 - gamma) rounds), so
//! the posterior of an arm that is not pulled drifts back towards the prior and the arm gets
//! tried again. gamma = 1 is ordinary Thompson sampling. As in [`super::thompson`], rewards in
//! [0, 1] that are not 0/1 are binarized by a Bernoulli(X_t) trial drawn at choice time.

use super::About;
use crate::bandits::policy::{ArmView, Belief, Context, Policy, Setup};
use crate::error::{check_range, ConfigError};
use crate::rng::Rng;
use crate::sampling::Shape;
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "Discounted Thompson sampling",
    what: "Thompson sampling that forgets: every round all success and failure counts are multiplied by gamma < 1, so recent rewards weigh more and a changed arm is noticed.",
    guarantee: "No regret bound in the original paper: it is evaluated empirically on piecewise-stationary and drifting Bernoulli arms. Forgetting costs accuracy while the arms stay the same and buys speed after a change.",
    source: "Raj & Kalyani (2017), arXiv:1707.09727.",
};

/// Discounted Thompson sampling parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct DiscountedThompsonParams {
    /// Discount factor gamma in (0, 1]; 1 never forgets.
    pub gamma: f64,
}

impl Default for DiscountedThompsonParams {
    fn default() -> Self {
        DiscountedThompsonParams { gamma: 0.95 }
    }
}

impl DiscountedThompsonParams {
    pub fn validate(&self, _setup: &Setup) -> Result<(), ConfigError> {
        check_range("gamma", self.gamma, 1e-6, 1.0)
    }
    pub fn label(&self) -> String {
        if *self == Self::default() {
            "Discounted TS".into()
        } else {
            format!("Discounted TS (γ={})", self.gamma)
        }
    }
    pub fn build(&self, setup: &Setup) -> Box<dyn Policy> {
        let k = setup.arms;
        Box::new(DiscountedThompson {
            gamma: self.gamma,
            s: vec![0.0; k],
            f: vec![0.0; k],
            pulls: vec![0; k],
            samples: vec![f64::NAN; k],
            binarize: 0.5,
        })
    }
}

pub struct DiscountedThompson {
    gamma: f64,
    /// Discounted successes and failures.
    s: Vec<f64>,
    f: Vec<f64>,
    pulls: Vec<u64>,
    samples: Vec<f64>,
    /// A uniform drawn at choice time for binarizing a non-0/1 reward.
    binarize: f64,
}

impl Policy for DiscountedThompson {
    fn choose(&mut self, _t: usize, _ctx: Context<'_>, rng: &mut Rng) -> usize {
        for a in 0..self.s.len() {
            self.samples[a] =
                rng.beta_fast(&Shape::new(self.s[a] + 1.0), &Shape::new(self.f[a] + 1.0));
        }
        let arm = rng.argmax(&self.samples);
        self.binarize = rng.uniform();
        arm
    }
    fn observe(&mut self, _t: usize, arm: usize, reward: f64, _ctx: Context<'_>) {
        self.pulls[arm] += 1;
        let success = if reward == 0.0 || reward == 1.0 {
            reward == 1.0
        } else {
            self.binarize < reward
        };
        for a in 0..self.s.len() {
            self.s[a] *= self.gamma;
            self.f[a] *= self.gamma;
        }
        if success {
            self.s[arm] += 1.0;
        } else {
            self.f[arm] += 1.0;
        }
    }
    fn arms(&self) -> Vec<ArmView> {
        (0..self.s.len())
            .map(|a| {
                let (al, be) = (self.s[a] + 1.0, self.f[a] + 1.0);
                ArmView {
                    pulls: self.pulls[a],
                    estimate: al / (al + be),
                    index: if self.samples[a].is_nan() {
                        None
                    } else {
                        Some(self.samples[a])
                    },
                    belief: Some(Belief::Beta {
                        alpha: al,
                        beta: be,
                    }),
                    prob: None,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_discounted_every_round() {
        // gamma = 0.5; success on arm 0, then failure on arm 1, then success on arm 0:
        // S_0 = (1 * 0.5) * 0.5 + 1 = 1.25, F_0 = 0; S_1 = 0, F_1 = 1 * 0.5 = 0.5.
        let setup = Setup {
            arms: 2,
            horizon: 10,
            dim: 0,
        };
        let mut p = DiscountedThompsonParams { gamma: 0.5 }.build(&setup);
        p.observe(1, 0, 1.0, Context::NONE);
        p.observe(2, 1, 0.0, Context::NONE);
        p.observe(3, 0, 1.0, Context::NONE);
        let v = p.arms();
        assert_eq!(
            v[0].belief,
            Some(Belief::Beta {
                alpha: 2.25,
                beta: 1.0
            })
        );
        assert_eq!(
            v[1].belief,
            Some(Belief::Beta {
                alpha: 1.0,
                beta: 1.5
            })
        );
    }

    #[test]
    fn gamma_one_is_plain_thompson_counting() {
        let setup = Setup {
            arms: 2,
            horizon: 10,
            dim: 0,
        };
        let mut p = DiscountedThompsonParams { gamma: 1.0 }.build(&setup);
        for (t, r) in [(1, 1.0), (2, 0.0), (3, 1.0)] {
            p.observe(t, 0, r, Context::NONE);
        }
        assert_eq!(
            p.arms()[0].belief,
            Some(Belief::Beta {
                alpha: 3.0,
                beta: 2.0
            })
        );
    }

    #[test]
    fn forgotten_arms_drift_back_to_the_prior() {
        // Ten failures on arm 0, then 200 rounds on arm 1: arm 0's counts shrink by
        // 0.95^200 ~ 3.5e-5, so its posterior is Beta(1, 1.0004).
        let setup = Setup {
            arms: 2,
            horizon: 1000,
            dim: 0,
        };
        let mut p = DiscountedThompsonParams::default().build(&setup);
        for t in 1..=10 {
            p.observe(t, 0, 0.0, Context::NONE);
        }
        for t in 11..=210 {
            p.observe(t, 1, 1.0, Context::NONE);
        }
        match p.arms()[0].belief {
            Some(Belief::Beta { alpha, beta }) => {
                assert_eq!(alpha, 1.0);
                let f: f64 = (0..10).map(|i| 0.95f64.powi(200 + i)).sum();
                assert!((beta - (1.0 + f)).abs() < 1e-12);
            }
            ref b => panic!("{b:?}"),
        }
    }
}
