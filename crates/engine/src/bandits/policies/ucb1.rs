//! UCB1 (Auer, Cesa-Bianchi & Fischer 2002).
//!
//! Pull each arm once, then pull argmax_a  mu_hat_a + sqrt(2 ln t / n_a), where t is the
//! current round and n_a the pulls of arm a. For rewards in [0, 1]:
//! E[N_a(T)] <= 8 ln T / Delta_a^2 + 1 + pi^2/3 (Auer et al. 2002, Theorem 1).

use super::About;
use crate::bandits::policy::{ArmView, Context, Counts, Policy, Setup};
use crate::error::ConfigError;
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "UCB1",
    what: "Optimism in the face of uncertainty: adds a bonus sqrt(2 ln t / n) to each arm's mean and pulls the highest. Rarely tried arms get big bonuses.",
    guarantee: "Logarithmic regret: E[N_a(T)] <= 8 ln T / Delta^2 + 1 + pi^2/3 for each suboptimal arm.",
    source: "Auer, Cesa-Bianchi & Fischer (2002), Machine Learning 47.",
};

/// UCB1 has no parameters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct Ucb1Params {}

impl Ucb1Params {
    pub fn validate(&self, _setup: &Setup) -> Result<(), ConfigError> {
        Ok(())
    }
    pub fn label(&self) -> String {
        "UCB1".into()
    }
    pub fn build(&self, setup: &Setup) -> Box<dyn Policy> {
        Box::new(Ucb1 {
            counts: Counts::new(setup.arms),
            t: 0,
            index: vec![f64::INFINITY; setup.arms],
        })
    }
}

pub struct Ucb1 {
    counts: Counts,
    t: usize,
    index: Vec<f64>,
}

/// The UCB1 index mu_hat + sqrt(2 ln t / n) (+infinity when n = 0).
pub fn ucb1_index(mean: f64, n: u64, t: usize) -> f64 {
    index_with_log(mean, n, libm::log(t as f64))
}

/// The UCB1 index given ln t (computed once per round rather than once per arm).
#[inline]
fn index_with_log(mean: f64, n: u64, ln_t: f64) -> f64 {
    if n == 0 {
        f64::INFINITY
    } else {
        mean + f64::sqrt(2.0 * ln_t / n as f64)
    }
}

impl Policy for Ucb1 {
    fn choose(&mut self, t: usize, _ctx: Context<'_>, rng: &mut Rng) -> usize {
        self.t = t;
        let ln_t = libm::log(t as f64);
        for a in 0..self.counts.arms() {
            self.index[a] = index_with_log(self.counts.mean(a), self.counts.n[a], ln_t);
        }
        rng.argmax(&self.index)
    }
    fn observe(&mut self, _t: usize, arm: usize, reward: f64, _ctx: Context<'_>) {
        self.counts.add(arm, reward);
    }
    fn arms(&self) -> Vec<ArmView> {
        let ln_t = libm::log((self.t.max(1) + 1) as f64);
        self.counts
            .bonus_views(|_, n| f64::sqrt(2.0 * ln_t / n as f64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_formula_on_hand_state() {
        // mean 0.5, n = 4, t = 100: 0.5 + sqrt(2 ln 100 / 4) = 0.5 + sqrt(ln 100 / 2)
        let want = 0.5 + (100f64.ln() / 2.0).sqrt();
        assert!((ucb1_index(0.5, 4, 100) - want).abs() < 1e-12);
        assert_eq!(ucb1_index(0.0, 0, 5), f64::INFINITY);
    }

    #[test]
    fn pulls_unplayed_arms_first_then_highest_index() {
        let setup = Setup {
            arms: 3,
            horizon: 100,
            dim: 0,
        };
        let mut p = Ucb1Params::default().build(&setup);
        let mut rng = Rng::stream(1, &[]);
        let mut seen = [false; 3];
        for t in 1..=3 {
            let a = p.choose(t, Context::NONE, &mut rng);
            assert!(!seen[a], "arm {a} pulled twice before all arms were tried");
            seen[a] = true;
            p.observe(t, a, if a == 2 { 1.0 } else { 0.0 }, Context::NONE);
        }
        // Now means are (0, 0, 1) with one pull each: arm 2 has the highest index.
        assert_eq!(p.choose(4, Context::NONE, &mut rng), 2);
    }
}
