//! Softmax (Boltzmann) exploration (Sutton & Barto 2018, ch. 2; Cesa-Bianchi, Gentile,
//! Lugosi & Neu 2017).
//!
//! Pull every arm once (in random order), then sample arm a with probability
//! p_a = exp(mu_hat_a / tau) / sum_b exp(mu_hat_b / tau), computed with the largest exponent
//! subtracted so that nothing overflows. A small temperature tau is nearly greedy, a large one
//! nearly uniform. With a fixed temperature every arm keeps a probability bounded away from 0,
//! so the regret grows linearly (Cesa-Bianchi et al. 2017 show that no monotone temperature
//! schedule fixes this in general).

use super::weights::softmax_into;
use super::About;
use crate::bandits::policy::{ArmView, Context, Counts, Policy, Setup};
use crate::error::{check_range, ConfigError};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "Softmax (Boltzmann)",
    what: "Picks arms at random, favouring those with higher averages: the probability grows like exp(mean / temperature). Low temperature is nearly greedy, high temperature nearly uniform.",
    guarantee: "None with a fixed temperature: regret grows linearly, and no decreasing temperature schedule is reliably good (Cesa-Bianchi et al. 2017).",
    source: "Sutton & Barto (2018), Reinforcement Learning, ch. 2; Cesa-Bianchi, Gentile, Lugosi & Neu (2017), NeurIPS.",
};

/// Softmax parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct SoftmaxParams {
    /// Temperature tau in reward units, from 0.0001 to 1e6.
    pub tau: f64,
}

impl Default for SoftmaxParams {
    fn default() -> Self {
        SoftmaxParams { tau: 0.1 }
    }
}

impl SoftmaxParams {
    pub fn validate(&self, _setup: &Setup) -> Result<(), ConfigError> {
        check_range("tau", self.tau, 1e-4, 1e6)
    }
    pub fn label(&self) -> String {
        if *self == Self::default() {
            "Softmax".into()
        } else {
            format!("Softmax (τ={})", self.tau)
        }
    }
    pub fn build(&self, setup: &Setup) -> Box<dyn Policy> {
        Box::new(Softmax {
            counts: Counts::new(setup.arms),
            tau: self.tau,
            z: vec![0.0; setup.arms],
            probs: vec![0.0; setup.arms],
        })
    }
}

pub struct Softmax {
    counts: Counts,
    tau: f64,
    z: Vec<f64>,
    probs: Vec<f64>,
}

impl Softmax {
    /// The probabilities of the next choice.
    fn probabilities(&self) -> Vec<f64> {
        let k = self.counts.arms();
        let unpulled = self.counts.n.iter().filter(|&&n| n == 0).count();
        if unpulled > 0 {
            return (0..k)
                .map(|a| {
                    if self.counts.n[a] == 0 {
                        1.0 / unpulled as f64
                    } else {
                        0.0
                    }
                })
                .collect();
        }
        let z: Vec<f64> = (0..k).map(|a| self.counts.mean(a) / self.tau).collect();
        let mut p = vec![0.0; k];
        softmax_into(&z, &mut p);
        p
    }
}

impl Policy for Softmax {
    fn choose(&mut self, _t: usize, _ctx: Context<'_>, rng: &mut Rng) -> usize {
        if let Some(a) = self.counts.unpulled(rng) {
            return a;
        }
        for a in 0..self.counts.arms() {
            self.z[a] = self.counts.mean(a) / self.tau;
        }
        softmax_into(&self.z, &mut self.probs);
        rng.categorical(&self.probs)
    }
    fn observe(&mut self, _t: usize, arm: usize, reward: f64, _ctx: Context<'_>) {
        self.counts.add(arm, reward);
    }
    fn arms(&self) -> Vec<ArmView> {
        let p = self.probabilities();
        let mut v = self.counts.views(|_| None);
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
    fn probabilities_are_boltzmann_weights() {
        let setup = Setup {
            arms: 3,
            horizon: 100,
            dim: 0,
        };
        let mut p = SoftmaxParams { tau: 0.5 }.build(&setup);
        // Means 0, 0.5, 1 -> weights e^0, e^1, e^2 over their sum.
        for (a, r) in [(0, 0.0), (1, 0.5), (2, 1.0)] {
            p.observe(a + 1, a, r, Context::NONE);
        }
        let z = [1.0, 1f64.exp(), 2f64.exp()];
        let sum: f64 = z.iter().sum();
        let v = p.arms();
        for a in 0..3 {
            assert!((v[a].prob.unwrap() - z[a] / sum).abs() < 1e-14);
        }
        // Empirical frequencies of the choice agree (binomial standard error < 0.0022 with
        // 50,000 draws; 4 of them allowed).
        let mut rng = Rng::stream(8, &[]);
        let n = 50_000;
        let mut counts = [0usize; 3];
        for _ in 0..n {
            counts[p.choose(4, Context::NONE, &mut rng)] += 1;
        }
        for a in 0..3 {
            let f = counts[a] as f64 / n as f64;
            assert!((f - z[a] / sum).abs() < 0.009, "arm {a}: {f}");
        }
    }

    #[test]
    fn unplayed_arms_come_first_and_huge_means_do_not_overflow() {
        let setup = Setup {
            arms: 2,
            horizon: 100,
            dim: 0,
        };
        let mut p = SoftmaxParams { tau: 1e-4 }.build(&setup);
        p.observe(1, 0, 1e6, Context::NONE);
        assert_eq!(p.arms()[1].prob, Some(1.0));
        let mut rng = Rng::stream(9, &[]);
        assert_eq!(p.choose(2, Context::NONE, &mut rng), 1);
        p.observe(2, 1, 1e6 - 1.0, Context::NONE);
        // exp(1e10) would overflow; after subtracting the maximum arm 0 has probability 1 and
        // arm 1 exp(-1e4) = 0.
        let v = p.arms();
        assert_eq!(v[0].prob, Some(1.0));
        assert_eq!(v[1].prob, Some(0.0));
    }
}
