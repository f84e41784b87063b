//! The gradient bandit algorithm (Sutton & Barto 2018, Reinforcement Learning, ch. 2.8).
//!
//! Keep a numerical preference H_a per arm (all 0 at the start) and pull arm a with the softmax
//! probability pi_t(a) = exp(H_a) / sum_b exp(H_b). After pulling A_t and receiving R_t:
//!   H_a <- H_a + alpha (R_t - Rbar_t) (1{a = A_t} - pi_t(a))   for every arm a,
//! which is stochastic gradient ascent on the expected reward (eq. 2.12). The baseline Rbar_t
//! is the average of all rewards up through and including round t (as the book defines it);
//! without the baseline (Rbar = 0) the updates are still unbiased but much noisier and depend
//! on where rewards are centred (the book's Figure 2.5).

use super::weights::softmax_into;
use super::About;
use crate::bandits::policy::{ArmView, Context, Counts, Policy, Setup};
use crate::error::{check_range, ConfigError};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "Gradient bandit",
    what: "Learns a preference for each arm and picks arms with softmax probabilities. A reward above the running average raises the chosen arm's preference; below it, lowers it.",
    guarantee: "None in general: a stochastic-gradient method that converges to a local optimum of the expected reward; with the average-reward baseline it learns much faster.",
    source: "Sutton & Barto (2018), Reinforcement Learning: An Introduction, 2nd ed., ch. 2.8.",
};

/// Gradient bandit parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct GradientBanditParams {
    /// Step size alpha (> 0).
    pub alpha: f64,
    /// Subtract the average reward before updating the preferences.
    pub baseline: bool,
}

impl Default for GradientBanditParams {
    fn default() -> Self {
        GradientBanditParams {
            alpha: 0.1,
            baseline: true,
        }
    }
}

impl GradientBanditParams {
    pub fn validate(&self, _setup: &Setup) -> Result<(), ConfigError> {
        check_range("alpha", self.alpha, 1e-6, 100.0)
    }
    pub fn label(&self) -> String {
        let mut parts = Vec::new();
        if self.alpha != Self::default().alpha {
            parts.push(format!("α={}", self.alpha));
        }
        if !self.baseline {
            parts.push("no baseline".to_string());
        }
        super::label_with("Gradient bandit", &parts)
    }
    pub fn build(&self, setup: &Setup) -> Box<dyn Policy> {
        let k = setup.arms;
        Box::new(GradientBandit {
            counts: Counts::new(k),
            alpha: self.alpha,
            use_baseline: self.baseline,
            h: vec![0.0; k],
            pi: vec![1.0 / k as f64; k],
            rewards_seen: 0,
            mean_reward: 0.0,
        })
    }
}

pub struct GradientBandit {
    counts: Counts,
    alpha: f64,
    use_baseline: bool,
    /// Preferences H.
    h: Vec<f64>,
    /// pi = softmax(H), the distribution of the next choice.
    pi: Vec<f64>,
    rewards_seen: u64,
    /// Average of all rewards so far.
    mean_reward: f64,
}

impl Policy for GradientBandit {
    fn choose(&mut self, _t: usize, _ctx: Context<'_>, rng: &mut Rng) -> usize {
        rng.categorical(&self.pi)
    }
    fn observe(&mut self, _t: usize, arm: usize, reward: f64, _ctx: Context<'_>) {
        self.counts.add(arm, reward);
        self.rewards_seen += 1;
        self.mean_reward += (reward - self.mean_reward) / self.rewards_seen as f64;
        let baseline = if self.use_baseline {
            self.mean_reward
        } else {
            0.0
        };
        let g = self.alpha * (reward - baseline);
        for a in 0..self.h.len() {
            let indicator = if a == arm { 1.0 } else { 0.0 };
            self.h[a] += g * (indicator - self.pi[a]);
        }
        softmax_into(&self.h, &mut self.pi);
    }
    fn arms(&self) -> Vec<ArmView> {
        let mut v = self.counts.views(|a| Some(self.h[a]));
        for (view, &p) in v.iter_mut().zip(&self.pi) {
            view.prob = Some(p);
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preference_update_follows_equation_2_12() {
        let setup = Setup {
            arms: 3,
            horizon: 10,
            dim: 0,
        };
        let mut p = GradientBanditParams {
            alpha: 0.5,
            baseline: true,
        }
        .build(&setup);
        // Round 1: pi uniform, R = 1, baseline = average of {1} = 1: no change.
        p.observe(1, 0, 1.0, Context::NONE);
        let v = p.arms();
        assert!(v.iter().all(|a| a.index == Some(0.0)));
        // Round 2: pull arm 2, R = 0, baseline = 0.5, so alpha (R - baseline) = -0.25:
        // H_2 = -0.25 (1 - 1/3) = -1/6, H_0 = H_1 = +0.25/3 = 1/12.
        p.observe(2, 2, 0.0, Context::NONE);
        let v = p.arms();
        let h = [1.0 / 12.0, 1.0 / 12.0, -1.0 / 6.0];
        for a in 0..3 {
            assert!((v[a].index.unwrap() - h[a]).abs() < 1e-15, "H_{a}");
        }
        // pi = softmax(H).
        let z: f64 = h.iter().map(|x| x.exp()).sum();
        for a in 0..3 {
            assert!((v[a].prob.unwrap() - h[a].exp() / z).abs() < 1e-15);
        }
    }

    #[test]
    fn without_baseline_the_raw_reward_drives_the_update() {
        let setup = Setup {
            arms: 2,
            horizon: 10,
            dim: 0,
        };
        let mut p = GradientBanditParams {
            alpha: 0.1,
            baseline: false,
        }
        .build(&setup);
        // R = 2 on arm 1 with pi = (1/2, 1/2): H_1 = 0.1 * 2 * 0.5 = 0.1, H_0 = -0.1.
        p.observe(1, 1, 2.0, Context::NONE);
        let v = p.arms();
        assert!((v[1].index.unwrap() - 0.1).abs() < 1e-15);
        assert!((v[0].index.unwrap() + 0.1).abs() < 1e-15);
    }
}
