//! Hedge, the exponentially weighted average forecaster with full feedback (Freund & Schapire
//! 1997; Cesa-Bianchi & Lugosi 2006, Prediction, Learning, and Games, ch. 2.1).
//!
//! After every round Hedge sees the reward of every arm, not only of the pulled one. It pulls
//! arm i with probability p_i proportional to exp(eta G_i), G_i the total reward of arm i so
//! far (computed with the largest exponent subtracted, so nothing overflows). With rewards in
//! [0, 1] (others are clipped) and eta = sqrt(8 ln K / T), the default, the expected regret
//! against the best fixed arm is at most sqrt(T ln K / 2) for every reward sequence
//! (Cesa-Bianchi & Lugosi 2006, Theorem 2.2).
//!
//! Hedge declares [`Policy::full_feedback`], so the runner gives it every arm's reward. Given
//! only the pulled arm's reward it would fall back to the unbiased estimate X / p of EXP3.

use super::weights::softmax_into;
use super::About;
use crate::bandits::policy::{ArmView, Context, Counts, Policy, Setup};
use crate::error::{check_range, ConfigError};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "Hedge (full feedback)",
    what: "Sees what every arm would have paid each round (full information, not a bandit) and plays at random with weights exp(eta x total reward of the arm).",
    guarantee: "Expected regret at most sqrt(T ln K / 2) against the best fixed arm for any reward sequence, with eta = sqrt(8 ln K / T).",
    source: "Freund & Schapire (1997), J. Computer and System Sciences 55; Cesa-Bianchi & Lugosi (2006), Prediction, Learning, and Games, ch. 2.",
};

/// Hedge parameters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct HedgeParams {
    /// Learning rate eta (> 0). None (null): sqrt(8 ln K / T), tuned to the horizon.
    pub eta: Option<f64>,
}

/// The horizon-tuned learning rate sqrt(8 ln K / T).
pub fn auto_eta(arms: usize, horizon: usize) -> f64 {
    f64::sqrt(8.0 * libm::log(arms.max(2) as f64) / horizon.max(1) as f64)
}

impl HedgeParams {
    pub fn validate(&self, _setup: &Setup) -> Result<(), ConfigError> {
        match self.eta {
            Some(eta) => check_range("eta", eta, 1e-9, 1e3),
            None => Ok(()),
        }
    }
    pub fn label(&self) -> String {
        match self.eta {
            None => "Hedge".into(),
            Some(eta) => format!("Hedge (η={eta})"),
        }
    }
    pub fn build(&self, setup: &Setup) -> Box<dyn Policy> {
        let k = setup.arms;
        Box::new(Hedge {
            counts: Counts::new(k),
            eta: self.eta.unwrap_or_else(|| auto_eta(k, setup.horizon)),
            gains: vec![0.0; k],
            z: vec![0.0; k],
            probs: vec![1.0 / k as f64; k],
        })
    }
}

pub struct Hedge {
    counts: Counts,
    eta: f64,
    /// Total reward G_i of every arm (estimated, if only bandit feedback were given).
    gains: Vec<f64>,
    z: Vec<f64>,
    /// The distribution of the next choice.
    probs: Vec<f64>,
}

impl Hedge {
    fn update_probs(&mut self) {
        for (z, g) in self.z.iter_mut().zip(&self.gains) {
            *z = self.eta * g;
        }
        softmax_into(&self.z, &mut self.probs);
    }
}

impl Policy for Hedge {
    fn choose(&mut self, _t: usize, _ctx: Context<'_>, rng: &mut Rng) -> usize {
        rng.categorical(&self.probs)
    }
    fn observe(&mut self, _t: usize, arm: usize, reward: f64, _ctx: Context<'_>) {
        self.counts.add(arm, reward);
        self.gains[arm] += reward.clamp(0.0, 1.0) / self.probs[arm].max(f64::MIN_POSITIVE);
        self.update_probs();
    }
    fn full_feedback(&self) -> bool {
        true
    }
    fn observe_all(&mut self, _t: usize, arm: usize, rewards: &[f64], _ctx: Context<'_>) {
        self.counts.add(arm, rewards[arm]);
        for (g, r) in self.gains.iter_mut().zip(rewards) {
            *g += r.clamp(0.0, 1.0);
        }
        self.update_probs();
    }
    fn arms(&self) -> Vec<ArmView> {
        let mut v = self.counts.views(|a| Some(self.gains[a]));
        for (view, &p) in v.iter_mut().zip(&self.probs) {
            view.prob = Some(p);
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_are_exponential_in_total_reward() {
        let setup = Setup {
            arms: 3,
            horizon: 100,
            dim: 0,
        };
        let mut p = HedgeParams { eta: Some(0.7) }.build(&setup);
        assert!(p.full_feedback());
        p.observe_all(1, 0, &[1.0, 0.0, 0.5], Context::NONE);
        p.observe_all(2, 2, &[1.0, 1.0, 0.0], Context::NONE);
        // G = (2, 1, 0.5): p_i = exp(0.7 G_i) / sum.
        let g: [f64; 3] = [2.0, 1.0, 0.5];
        let w: Vec<f64> = g.iter().map(|x| (0.7 * x).exp()).collect();
        let s: f64 = w.iter().sum();
        let v = p.arms();
        for i in 0..3 {
            assert!((v[i].prob.unwrap() - w[i] / s).abs() < 1e-15);
            assert_eq!(v[i].index, Some(g[i]));
        }
        // Only the pulled arms count as pulls.
        assert_eq!(v[0].pulls, 1);
        assert_eq!(v[2].pulls, 1);
    }

    #[test]
    fn default_learning_rate() {
        // K = 4, T = 1000: sqrt(8 ln 4 / 1000).
        assert!((auto_eta(4, 1000) - (8.0 * 4f64.ln() / 1000.0).sqrt()).abs() < 1e-15);
    }
}
