//! EXP3, exponential weights for adversarial bandits (Auer, Cesa-Bianchi, Freund & Schapire
//! 2002; in the form of Lattimore & Szepesvari 2020, ch. 11, Algorithm 9).
//!
//! Pull arm i with probability P_ti = exp(eta S_i) / sum_j exp(eta S_j), where S_i estimates
//! arm i's total reward so far with the loss-based importance-weighted estimator
//!   S_i <- S_i + 1 - 1{A_t = i} (1 - X_t) / P_ti,
//! unbiased for every arm although only the pulled arm's reward X_t is seen. Since every arm
//! gains the same +1 per round, the code keeps the estimated losses L_i = t - S_i and uses
//! P_ti proportional to exp(-eta L_i) with the smallest loss subtracted (the same numbers, no
//! overflow). Rewards are assumed in [0, 1]; others are clipped.
//!
//! The learning rate defaults to eta = sqrt(2 ln K / (T K)), for which
//! R_T <= sqrt(2 T K ln K) against any oblivious adversary (Lattimore & Szepesvari, Theorem
//! 11.2); an explicit eta can be given instead.

use super::weights::softmax_into;
use super::About;
use crate::bandits::policy::{ArmView, Context, Counts, Policy, Setup};
use crate::error::{check_range, ConfigError};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "EXP3",
    what: "Exponential weights with importance-weighted reward estimates: plays at random, favouring arms that have paid well, and never fully trusts the past. Built for rewards chosen by an adversary.",
    guarantee: "Regret at most sqrt(2 T K ln K) against any oblivious adversary, with eta = sqrt(2 ln K / (T K)).",
    source: "Auer, Cesa-Bianchi, Freund & Schapire (2002), SIAM J. Computing 32; Lattimore & Szepesvari (2020), Bandit Algorithms, ch. 11.",
};

/// EXP3 parameters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct Exp3Params {
    /// Learning rate eta (> 0). None (null): sqrt(2 ln K / (T K)), tuned to the horizon.
    pub eta: Option<f64>,
}

/// The horizon-tuned learning rate sqrt(2 ln K / (T K)).
pub fn auto_eta(arms: usize, horizon: usize) -> f64 {
    let k = arms.max(2) as f64;
    f64::sqrt(2.0 * libm::log(k) / (horizon.max(1) as f64 * k))
}

impl Exp3Params {
    pub fn validate(&self, _setup: &Setup) -> Result<(), ConfigError> {
        match self.eta {
            Some(eta) => check_range("eta", eta, 1e-9, 1e3),
            None => Ok(()),
        }
    }
    pub fn label(&self) -> String {
        match self.eta {
            None => "EXP3".into(),
            Some(eta) => format!("EXP3 (η={eta})"),
        }
    }
    pub fn build(&self, setup: &Setup) -> Box<dyn Policy> {
        let k = setup.arms;
        Box::new(Exp3 {
            counts: Counts::new(k),
            eta: self.eta.unwrap_or_else(|| auto_eta(k, setup.horizon)),
            loss: vec![0.0; k],
            z: vec![0.0; k],
            probs: vec![1.0 / k as f64; k],
            t: 0,
        })
    }
}

pub struct Exp3 {
    counts: Counts,
    eta: f64,
    /// Estimated cumulative losses L_i = t - S_i.
    loss: Vec<f64>,
    z: Vec<f64>,
    /// The distribution of the current round's choice.
    probs: Vec<f64>,
    /// Rounds observed.
    t: usize,
}

impl Exp3 {
    fn distribution(&self, out: &mut [f64]) {
        let z: Vec<f64> = self.loss.iter().map(|l| -self.eta * l).collect();
        softmax_into(&z, out);
    }
}

impl Policy for Exp3 {
    fn choose(&mut self, _t: usize, _ctx: Context<'_>, rng: &mut Rng) -> usize {
        for (z, l) in self.z.iter_mut().zip(&self.loss) {
            *z = -self.eta * l;
        }
        softmax_into(&self.z, &mut self.probs);
        rng.categorical(&self.probs)
    }
    fn observe(&mut self, _t: usize, arm: usize, reward: f64, _ctx: Context<'_>) {
        self.counts.add(arm, reward);
        self.t += 1;
        let loss = 1.0 - reward.clamp(0.0, 1.0);
        if loss > 0.0 {
            self.loss[arm] += loss / self.probs[arm].max(f64::MIN_POSITIVE);
        }
    }
    fn arms(&self) -> Vec<ArmView> {
        let mut p = vec![0.0; self.loss.len()];
        self.distribution(&mut p);
        let t = self.t as f64;
        let mut v = self.counts.views(|a| Some(t - self.loss[a]));
        for (view, p) in v.iter_mut().zip(p) {
            view.prob = Some(p);
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_learning_rate_is_horizon_tuned() {
        // K = 3, T = 5000: sqrt(2 ln 3 / 15000).
        assert!((auto_eta(3, 5000) - (2.0 * 3f64.ln() / 15_000.0).sqrt()).abs() < 1e-15);
    }

    #[test]
    fn importance_weighted_update_and_probabilities() {
        let setup = Setup {
            arms: 2,
            horizon: 100,
            dim: 0,
        };
        let eta = 0.5;
        let mut p = Exp3Params { eta: Some(eta) }.build(&setup);
        let mut rng = Rng::stream(1, &[]);
        let a = p.choose(1, Context::NONE, &mut rng);
        // P = (1/2, 1/2); reward 0.2 -> the pulled arm's estimated reward is 1 - 0.8 / 0.5 =
        // -0.6, the other arm's 1.
        p.observe(1, a, 0.2, Context::NONE);
        let v = p.arms();
        let b = 1 - a;
        assert!((v[a].index.unwrap() - (-0.6)).abs() < 1e-15);
        assert!((v[b].index.unwrap() - 1.0).abs() < 1e-15);
        // P_2 = exp(eta S) / sum: exp(-0.3) vs exp(0.5).
        let (ea, eb) = ((-0.6 * eta).exp(), (1.0 * eta).exp());
        assert!((v[a].prob.unwrap() - ea / (ea + eb)).abs() < 1e-15);
        assert!((v[b].prob.unwrap() - eb / (ea + eb)).abs() < 1e-15);
    }

    #[test]
    fn the_estimator_is_unbiased() {
        // For fixed probabilities, E[1 - 1{A = i}(1 - x_i)/P_i] = x_i for every arm, whatever
        // the pulled arm. Average the estimate over many independent first rounds.
        let setup = Setup {
            arms: 3,
            horizon: 10,
            dim: 0,
        };
        let x = [0.9, 0.3, 0.5];
        let mut rng = Rng::stream(2, &[]);
        let n = 60_000;
        let mut sums = [0.0; 3];
        for _ in 0..n {
            let mut p = Exp3Params { eta: Some(1.0) }.build(&setup);
            let a = p.choose(1, Context::NONE, &mut rng);
            p.observe(1, a, x[a], Context::NONE);
            for (s, v) in sums.iter_mut().zip(p.arms()) {
                *s += v.index.unwrap();
            }
        }
        for i in 0..3 {
            // The estimate of arm i is 1 - 3(1 - x_i) with probability 1/3, else 1; its
            // standard deviation is sqrt(2) (1 - x_i) <= 1, so the standard error < 0.0041.
            let m = sums[i] / n as f64;
            assert!((m - x[i]).abs() < 0.02, "arm {i}: {m}");
        }
    }
}
