//! UCB-alpha (the `UCBalpha` policy of SMPyBandits; Bubeck & Cesa-Bianchi 2012, ch. 2.2).
//!
//! Pull each arm once, then pull argmax_a mu_hat_a + sqrt(alpha ln t / (2 n_a)). The constant
//! alpha scales the exploration bonus: alpha = 4 gives sqrt(2 ln t / n_a), exactly UCB1 (Auer
//! et al. 2002). This is the (alpha, psi)-UCB of Bubeck & Cesa-Bianchi (2012, ch. 2.2) with
//! psi*(e) = 2 e^2 (Hoeffding's lemma for rewards in [0, 1]); their Theorem 2.1 gives, for
//! alpha > 2, R_T <= sum_a (2 alpha ln T / Delta_a + alpha / (alpha - 2)).

use super::About;
use crate::bandits::policy::{ArmView, Context, Counts, Policy, Setup};
use crate::error::{check_range, ConfigError};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "UCB-alpha",
    what: "UCB with a tunable exploration bonus sqrt(alpha ln t / (2n)): smaller alpha trusts the averages sooner, larger alpha explores longer. alpha = 4 is UCB1.",
    guarantee: "Logarithmic regret for alpha > 2: R_T <= sum over suboptimal arms of 2 alpha ln T / Delta_a + alpha / (alpha - 2).",
    source: "Bubeck & Cesa-Bianchi (2012), Regret Analysis of Stochastic and Nonstochastic Multi-armed Bandit Problems, ch. 2; SMPyBandits (UCBalpha).",
};

/// UCB-alpha parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct UcbAlphaParams {
    /// Exploration constant alpha (> 0; 4 = UCB1).
    pub alpha: f64,
}

impl Default for UcbAlphaParams {
    fn default() -> Self {
        UcbAlphaParams { alpha: 4.0 }
    }
}

impl UcbAlphaParams {
    pub fn validate(&self, _setup: &Setup) -> Result<(), ConfigError> {
        check_range("alpha", self.alpha, 1e-6, 1e3)
    }
    pub fn label(&self) -> String {
        if *self == Self::default() {
            "UCB-α".into()
        } else {
            format!("UCB-α (α={})", self.alpha)
        }
    }
    pub fn build(&self, setup: &Setup) -> Box<dyn Policy> {
        Box::new(UcbAlpha {
            counts: Counts::new(setup.arms),
            alpha: self.alpha,
            t: 0,
            index: vec![f64::INFINITY; setup.arms],
        })
    }
}

/// The UCB-alpha index mu_hat + sqrt(alpha ln t / (2 n)) given ln t (+infinity when n = 0).
#[inline]
pub fn ucb_alpha_index(mean: f64, n: u64, alpha: f64, ln_t: f64) -> f64 {
    if n == 0 {
        f64::INFINITY
    } else {
        mean + f64::sqrt(alpha * ln_t / (2.0 * n as f64))
    }
}

pub struct UcbAlpha {
    counts: Counts,
    alpha: f64,
    t: usize,
    index: Vec<f64>,
}

impl Policy for UcbAlpha {
    fn choose(&mut self, t: usize, _ctx: Context<'_>, rng: &mut Rng) -> usize {
        self.t = t;
        let ln_t = libm::log(t as f64);
        for a in 0..self.counts.arms() {
            self.index[a] =
                ucb_alpha_index(self.counts.mean(a), self.counts.n[a], self.alpha, ln_t);
        }
        rng.argmax(&self.index)
    }
    fn observe(&mut self, _t: usize, arm: usize, reward: f64, _ctx: Context<'_>) {
        self.counts.add(arm, reward);
    }
    fn arms(&self) -> Vec<ArmView> {
        let ln_t = libm::log((self.t + 1) as f64);
        self.counts
            .bonus_views(|_, n| f64::sqrt(self.alpha * ln_t / (2.0 * n as f64)))
    }
}

#[cfg(test)]
mod tests {
    use super::super::ucb1::{ucb1_index, Ucb1Params};
    use super::*;

    #[test]
    fn index_formula_on_hand_state() {
        // mean 0.3, n = 8, t = 50, alpha = 1: 0.3 + sqrt(ln 50 / 16).
        let want = 0.3 + (50f64.ln() / 16.0).sqrt();
        let got = ucb_alpha_index(0.3, 8, 1.0, libm::log(50.0));
        assert!((got - want).abs() < 1e-12);
        assert_eq!(ucb_alpha_index(0.3, 0, 1.0, 1.0), f64::INFINITY);
    }

    #[test]
    fn alpha_four_is_ucb1_bit_for_bit() {
        // sqrt(4 ln t / (2n)) and sqrt(2 ln t / n) are the same real number, and both
        // divisions round it the same way (numerator and denominator differ by a factor 2).
        for n in 1..200u64 {
            for t in [2usize, 3, 10, 77, 1000, 123_457] {
                let mean = (n % 7) as f64 / 7.0;
                assert_eq!(
                    ucb_alpha_index(mean, n, 4.0, libm::log(t as f64)).to_bits(),
                    ucb1_index(mean, n, t).to_bits()
                );
            }
        }
        // And the two policies make the same choices on the same rewards and random draws.
        let setup = Setup {
            arms: 4,
            horizon: 500,
            dim: 0,
        };
        let mut a = UcbAlphaParams::default().build(&setup);
        let mut b = Ucb1Params::default().build(&setup);
        let mut ra = Rng::stream(3, &[]);
        let mut rb = Rng::stream(3, &[]);
        let mut env = Rng::stream(4, &[]);
        let means = [0.2, 0.4, 0.5, 0.45];
        for t in 1..=500 {
            let x = a.choose(t, Context::NONE, &mut ra);
            let y = b.choose(t, Context::NONE, &mut rb);
            assert_eq!(x, y, "round {t}");
            let r = if env.uniform() < means[x] { 1.0 } else { 0.0 };
            a.observe(t, x, r, Context::NONE);
            b.observe(t, y, r, Context::NONE);
        }
    }
}
