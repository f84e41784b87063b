//! Linear Thompson sampling (Agrawal & Goyal 2013, "Thompson sampling for contextual bandits
//! with linear payoffs", ICML, Algorithm 1).
//!
//! Same model as LinUCB: reward x_{t,a}^T theta + noise, ridge estimate theta_hat = A^-1 b with
//! A = lambda I + sum_s x_s x_s^T (Agrawal & Goyal use lambda = 1). Each round sample
//! theta_tilde ~ N(theta_hat, v^2 A^-1) and pull argmax_a x_{t,a}^T theta_tilde. The sample is
//! theta_hat + v L z with L the Cholesky factor of A^-1 (L L^T = A^-1, O(d^3) per round, fine
//! for d <= 50) and z ~ N(0, I_d).
//!
//! Their analysis takes v = R sqrt(24 d ln(1/delta) / epsilon), far more exploration than works
//! in practice; the default v = 0.5 is a common practical choice for unit-scale features and
//! small noise, and v is a parameter.

use super::ridge::{features, Ridge};
use super::About;
use crate::bandits::policy::{ArmView, Belief, Context, Policy, Setup};
use crate::error::{check_range, ConfigError};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "Linear Thompson sampling",
    what: "Keeps a Gaussian belief about the linear reward model, samples one plausible model each round and pulls the arm that model likes best.",
    guarantee: "Regret O(d^(3/2) sqrt(T)) up to log factors with the theoretical v (Agrawal & Goyal 2013).",
    source: "Agrawal & Goyal (2013), ICML.",
};

/// Linear Thompson sampling parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct LinTsParams {
    /// Posterior scale v (>= 0): theta ~ N(theta_hat, v^2 A^-1).
    pub v: f64,
    /// Ridge regularization lambda (> 0).
    pub lambda: f64,
}

impl Default for LinTsParams {
    fn default() -> Self {
        LinTsParams {
            v: 0.5,
            lambda: 1.0,
        }
    }
}

impl LinTsParams {
    pub fn validate(&self, _setup: &Setup) -> Result<(), ConfigError> {
        check_range("v", self.v, 0.0, 1e3)?;
        check_range("lambda", self.lambda, 1e-6, 1e6)
    }
    pub fn label(&self) -> String {
        let d = Self::default();
        let mut parts = Vec::new();
        if self.v != d.v {
            parts.push(format!("v={}", self.v));
        }
        if self.lambda != d.lambda {
            parts.push(format!("λ={}", self.lambda));
        }
        super::label_with("LinTS", &parts)
    }
    pub fn build(&self, setup: &Setup) -> Box<dyn Policy> {
        let (k, d) = (setup.arms, setup.dim);
        Box::new(LinTs {
            ridge: Ridge::new(d, self.lambda),
            v: self.v,
            pulls: vec![0; k],
            chol: vec![0.0; d * d],
            z: vec![0.0; d],
            theta_tilde: vec![0.0; d],
            pred: vec![f64::NAN; k],
            sd: vec![f64::NAN; k],
            index: vec![0.0; k],
        })
    }
}

pub struct LinTs {
    ridge: Ridge,
    v: f64,
    pulls: Vec<u64>,
    chol: Vec<f64>,
    z: Vec<f64>,
    theta_tilde: Vec<f64>,
    /// Last round's x^T theta_hat, v sqrt(x^T A^-1 x) and x^T theta_tilde per arm.
    pred: Vec<f64>,
    sd: Vec<f64>,
    index: Vec<f64>,
}

impl LinTs {
    /// theta_tilde = theta_hat + v L z.
    fn sample_theta(&mut self, rng: &mut Rng) {
        let d = self.ridge.dim();
        self.ridge.cholesky_of_inverse(&mut self.chol);
        for z in self.z.iter_mut() {
            *z = rng.normal_fast();
        }
        let theta = self.ridge.theta();
        for (i, (tt, th)) in self.theta_tilde.iter_mut().zip(theta).enumerate() {
            let lz: f64 = (0..=i).map(|k| self.chol[i * d + k] * self.z[k]).sum();
            *tt = th + self.v * lz;
        }
    }
}

impl Policy for LinTs {
    fn choose(&mut self, _t: usize, ctx: Context<'_>, rng: &mut Rng) -> usize {
        self.sample_theta(rng);
        let d = self.ridge.dim();
        for a in 0..self.index.len() {
            let x = features(&ctx, a, d);
            self.pred[a] = Ridge::dot(x, self.ridge.theta());
            self.sd[a] = self.v * f64::sqrt(self.ridge.quad(x));
            self.index[a] = Ridge::dot(x, &self.theta_tilde);
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
                ArmView {
                    pulls: self.pulls[a],
                    estimate: self.pred[a],
                    index: seen.then_some(self.index[a]),
                    belief: seen.then_some(Belief::Normal {
                        mean: self.pred[a],
                        sd: self.sd[a],
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
    fn sampled_theta_has_the_posterior_mean_and_covariance() {
        // d = 2, lambda = 1, observations x = (1, 1) with r = 2 and x = (1, 0) with r = 0:
        // A = [[3, 1], [1, 2]], A^-1 = [[2, -1], [-1, 3]] / 5, b = (2, 2),
        // theta_hat = A^-1 b = (2/5, 4/5). With v = 0.5 the samples have covariance A^-1 / 4.
        let mut p = LinTs {
            ridge: Ridge::new(2, 1.0),
            v: 0.5,
            pulls: vec![0; 2],
            chol: vec![0.0; 4],
            z: vec![0.0; 2],
            theta_tilde: vec![0.0; 2],
            pred: vec![f64::NAN; 2],
            sd: vec![f64::NAN; 2],
            index: vec![0.0; 2],
        };
        p.ridge.update(&[1.0, 1.0], 2.0);
        p.ridge.update(&[1.0, 0.0], 0.0);
        assert!((p.ridge.theta()[0] - 0.4).abs() < 1e-14);
        assert!((p.ridge.theta()[1] - 0.8).abs() < 1e-14);
        let mut rng = Rng::stream(3, &[]);
        let n = 100_000;
        let (mut m, mut c) = ([0.0; 2], [0.0; 3]);
        let mut xs = Vec::with_capacity(n);
        for _ in 0..n {
            p.sample_theta(&mut rng);
            xs.push([p.theta_tilde[0], p.theta_tilde[1]]);
            m[0] += p.theta_tilde[0];
            m[1] += p.theta_tilde[1];
        }
        m[0] /= n as f64;
        m[1] /= n as f64;
        for x in &xs {
            c[0] += (x[0] - m[0]) * (x[0] - m[0]);
            c[1] += (x[0] - m[0]) * (x[1] - m[1]);
            c[2] += (x[1] - m[1]) * (x[1] - m[1]);
        }
        let want = [2.0 / 20.0, -1.0 / 20.0, 3.0 / 20.0];
        // Standard errors: means sqrt(0.15 / n) < 0.0013; (co)variances about
        // 0.15 sqrt(2 / n) < 0.0007.
        assert!(
            (m[0] - 0.4).abs() < 0.006 && (m[1] - 0.8).abs() < 0.006,
            "{m:?}"
        );
        for i in 0..3 {
            let ci = c[i] / n as f64;
            assert!((ci - want[i]).abs() < 0.004, "cov {i}: {ci} vs {}", want[i]);
        }
    }

    #[test]
    fn view_shows_the_marginal_posterior_of_each_arm() {
        // With no data: theta ~ N(0, v^2 I), so x^T theta ~ N(0, v^2 |x|^2).
        let setup = Setup {
            arms: 2,
            horizon: 10,
            dim: 2,
        };
        let mut p = LinTsParams {
            v: 2.0,
            lambda: 1.0,
        }
        .build(&setup);
        let feats = [3.0, 4.0, 0.0, 1.0];
        let ctx = Context {
            features: &feats,
            dim: 2,
        };
        let mut rng = Rng::stream(4, &[]);
        p.choose(1, ctx, &mut rng);
        let v = p.arms();
        assert_eq!(
            v[0].belief,
            Some(Belief::Normal {
                mean: 0.0,
                sd: 10.0
            })
        );
        assert_eq!(v[1].belief, Some(Belief::Normal { mean: 0.0, sd: 2.0 }));
    }
}
