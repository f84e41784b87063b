//! LinUCB with a shared parameter vector (Li, Chu, Langford & Schapire 2010; the optimistic
//! linear bandit of Abbasi-Yadkori, Pál & Szepesvári 2011).
//!
//! The expected reward of arm a in round t is modelled as x_{t,a}^T theta, with x_{t,a} the
//! arm's feature vector (from a contextual environment) and one theta shared by all arms.
//! Ridge regression gives A = lambda I + sum_s x_s x_s^T, b = sum_s r_s x_s and
//! theta_hat = A^-1 b (A^-1 kept by Sherman-Morrison, see [`super::ridge`]). Each round pull
//!   argmax_a  x_{t,a}^T theta_hat + alpha sqrt(x_{t,a}^T A^-1 x_{t,a}),
//! the ridge prediction plus alpha times its standard error. Li et al. use alpha = 1 + sqrt(ln(2/delta)/2)
//! for their confidence level 1 - delta; the default here is alpha = 1, lambda = 1.

use super::ridge::{features, Ridge};
use super::About;
use crate::bandits::policy::{ArmView, Belief, Context, Policy, Setup};
use crate::error::{check_range, ConfigError};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "LinUCB",
    what: "Learns one linear model of reward from the arms' features (ridge regression) and pulls the arm with the best optimistic prediction: prediction + alpha x its uncertainty.",
    guarantee: "Regret O(d sqrt(T) ln T) for linear rewards in d dimensions (Abbasi-Yadkori et al. 2011, for the confidence-ellipsoid version).",
    source: "Li, Chu, Langford & Schapire (2010), WWW; Abbasi-Yadkori, Pál & Szepesvári (2011), NeurIPS.",
};

/// LinUCB parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct LinUcbParams {
    /// Width alpha of the confidence bonus (>= 0).
    pub alpha: f64,
    /// Ridge regularization lambda (> 0).
    pub lambda: f64,
}

impl Default for LinUcbParams {
    fn default() -> Self {
        LinUcbParams {
            alpha: 1.0,
            lambda: 1.0,
        }
    }
}

impl LinUcbParams {
    pub fn validate(&self, _setup: &Setup) -> Result<(), ConfigError> {
        check_range("alpha", self.alpha, 0.0, 1e3)?;
        check_range("lambda", self.lambda, 1e-6, 1e6)
    }
    pub fn label(&self) -> String {
        let d = Self::default();
        let mut parts = Vec::new();
        if self.alpha != d.alpha {
            parts.push(format!("α={}", self.alpha));
        }
        if self.lambda != d.lambda {
            parts.push(format!("λ={}", self.lambda));
        }
        super::label_with("LinUCB", &parts)
    }
    pub fn build(&self, setup: &Setup) -> Box<dyn Policy> {
        let k = setup.arms;
        Box::new(LinUcb {
            ridge: Ridge::new(setup.dim, self.lambda),
            alpha: self.alpha,
            pulls: vec![0; k],
            pred: vec![f64::NAN; k],
            width: vec![f64::NAN; k],
            index: vec![0.0; k],
        })
    }
}

pub struct LinUcb {
    ridge: Ridge,
    alpha: f64,
    pulls: Vec<u64>,
    /// Prediction x^T theta_hat and standard error sqrt(x^T A^-1 x) of each arm in the last
    /// round chosen.
    pred: Vec<f64>,
    width: Vec<f64>,
    index: Vec<f64>,
}

impl Policy for LinUcb {
    fn choose(&mut self, _t: usize, ctx: Context<'_>, rng: &mut Rng) -> usize {
        let d = self.ridge.dim();
        for a in 0..self.index.len() {
            let x = features(&ctx, a, d);
            self.pred[a] = Ridge::dot(x, self.ridge.theta());
            self.width[a] = f64::sqrt(self.ridge.quad(x));
            self.index[a] = self.pred[a] + self.alpha * self.width[a];
        }
        rng.argmax(&self.index)
    }
    fn observe(&mut self, _t: usize, arm: usize, reward: f64, ctx: Context<'_>) {
        self.pulls[arm] += 1;
        let x = features(&ctx, arm, self.ridge.dim());
        self.ridge.update(x, reward);
    }
    fn arms(&self) -> Vec<ArmView> {
        (0..self.index.len())
            .map(|a| {
                let seen = !self.pred[a].is_nan();
                let w = self.alpha * self.width[a];
                ArmView {
                    pulls: self.pulls[a],
                    estimate: self.pred[a],
                    index: seen.then_some(self.index[a]),
                    belief: seen.then_some(Belief::Interval {
                        lo: self.pred[a] - w,
                        hi: self.pred[a] + w,
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
    fn index_is_prediction_plus_alpha_standard_error() {
        // d = 2, lambda = 1, one observation x = (1, 0), r = 1:
        // A = [[2, 0], [0, 1]], b = (1, 0), theta_hat = (0.5, 0).
        // Arm features (1, 0) and (0, 1): predictions 0.5 and 0, standard errors sqrt(1/2)
        // and 1; with alpha = 2: indices 0.5 + sqrt(2) = 1.914 and 2.
        let setup = Setup {
            arms: 2,
            horizon: 10,
            dim: 2,
        };
        let mut p = LinUcbParams {
            alpha: 2.0,
            lambda: 1.0,
        }
        .build(&setup);
        let feats = [1.0, 0.0, 0.0, 1.0];
        let ctx = Context {
            features: &feats,
            dim: 2,
        };
        p.observe(1, 0, 1.0, ctx);
        let mut rng = Rng::stream(1, &[]);
        assert_eq!(p.choose(2, ctx, &mut rng), 1);
        let v = p.arms();
        assert!((v[0].estimate - 0.5).abs() < 1e-15);
        assert!((v[0].index.unwrap() - (0.5 + 2.0 * 0.5f64.sqrt())).abs() < 1e-15);
        assert!((v[1].index.unwrap() - 2.0).abs() < 1e-15);
    }

    #[test]
    fn without_context_it_does_not_panic() {
        let setup = Setup {
            arms: 3,
            horizon: 10,
            dim: 0,
        };
        let mut p = LinUcbParams::default().build(&setup);
        let mut rng = Rng::stream(2, &[]);
        let a = p.choose(1, Context::NONE, &mut rng);
        p.observe(1, a, 1.0, Context::NONE);
        assert!(a < 3);
    }
}
