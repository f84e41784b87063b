//! MOSS, "Minimax Optimal Strategy in the Stochastic case" (Audibert & Bubeck 2009;
//! Lattimore & Szepesvari 2020, ch. 9).
//!
//! Pull each arm once, then pull argmax_a mu_hat_a + sqrt((4 / n_a) log+(T / (K n_a))), where
//! log+(x) = max(0, ln x) and T is the horizon. Compared with UCB1 the bonus uses T / (K n_a)
//! instead of t, and vanishes once an arm has T / K pulls.

use super::About;
use crate::bandits::policy::{ArmView, Context, Counts, Policy, Setup};
use crate::error::ConfigError;
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "MOSS",
    what: "A UCB whose bonus shrinks as an arm approaches its fair share T/K of the pulls, using the known horizon T to explore just enough.",
    guarantee: "Minimax optimal: regret at most 39 sqrt(K T) + the sum of the gaps on any 1-subgaussian instance (Lattimore & Szepesvari, Theorem 9.1), with no log factor.",
    source: "Audibert & Bubeck (2009), COLT; Lattimore & Szepesvari (2020), Bandit Algorithms, ch. 9.",
};

/// MOSS has no parameters (it uses the horizon T).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct MossParams {}

impl MossParams {
    pub fn validate(&self, _setup: &Setup) -> Result<(), ConfigError> {
        Ok(())
    }
    pub fn label(&self) -> String {
        "MOSS".into()
    }
    pub fn build(&self, setup: &Setup) -> Box<dyn Policy> {
        Box::new(Moss {
            counts: Counts::new(setup.arms),
            horizon_per_arm: setup.horizon as f64 / setup.arms.max(1) as f64,
            index: vec![f64::INFINITY; setup.arms],
        })
    }
}

/// The MOSS bonus sqrt((4 / n) log+(T / (K n))), given T / K (+infinity when n = 0).
#[inline]
pub fn moss_bonus(n: u64, horizon_per_arm: f64) -> f64 {
    if n == 0 {
        return f64::INFINITY;
    }
    let n = n as f64;
    let log_plus = libm::log(horizon_per_arm / n).max(0.0);
    f64::sqrt(4.0 / n * log_plus)
}

pub struct Moss {
    counts: Counts,
    /// T / K.
    horizon_per_arm: f64,
    index: Vec<f64>,
}

impl Policy for Moss {
    fn choose(&mut self, _t: usize, _ctx: Context<'_>, rng: &mut Rng) -> usize {
        for a in 0..self.counts.arms() {
            let n = self.counts.n[a];
            self.index[a] = if n == 0 {
                f64::INFINITY
            } else {
                self.counts.mean(a) + moss_bonus(n, self.horizon_per_arm)
            };
        }
        rng.argmax(&self.index)
    }
    fn observe(&mut self, _t: usize, arm: usize, reward: f64, _ctx: Context<'_>) {
        self.counts.add(arm, reward);
    }
    fn arms(&self) -> Vec<ArmView> {
        self.counts
            .bonus_views(|_, n| moss_bonus(n, self.horizon_per_arm))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bonus_formula_on_hand_states() {
        // T = 1000, K = 5 -> T/K = 200. n = 10: sqrt(0.4 ln 20). n = 200 or more: 0.
        assert!((moss_bonus(10, 200.0) - (0.4 * 20f64.ln()).sqrt()).abs() < 1e-14);
        assert_eq!(moss_bonus(200, 200.0), 0.0);
        assert_eq!(moss_bonus(500, 200.0), 0.0);
        assert_eq!(moss_bonus(0, 200.0), f64::INFINITY);
    }

    #[test]
    fn picks_the_highest_index() {
        let setup = Setup {
            arms: 2,
            horizon: 100,
            dim: 0,
        };
        let mut p = MossParams::default().build(&setup);
        // Arm 0: mean 0.5 from 2 pulls, index 0.5 + sqrt(2 ln 25) = 3.04; arm 1: mean 0.9 from
        // 40 pulls, T/(Kn) = 1.25, index 0.9 + sqrt(0.1 ln 1.25) = 1.05.
        p.observe(1, 0, 1.0, Context::NONE);
        p.observe(2, 0, 0.0, Context::NONE);
        for t in 3..43 {
            p.observe(t, 1, if t % 10 == 0 { 0.0 } else { 1.0 }, Context::NONE);
        }
        let v = p.arms();
        assert!((v[0].index.unwrap() - (0.5 + (2.0 * 25f64.ln()).sqrt())).abs() < 1e-12);
        assert!((v[1].index.unwrap() - (0.9 + (0.1 * 1.25f64.ln()).sqrt())).abs() < 1e-12);
        let mut rng = Rng::stream(2, &[]);
        assert_eq!(p.choose(43, Context::NONE, &mut rng), 0);
    }
}
