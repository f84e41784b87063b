//! Thompson sampling with a Gaussian model (Agrawal & Goyal 2013, "Further optimal regret
//! bounds for Thompson sampling"; conjugate normal model as in Gelman et al., Bayesian Data
//! Analysis, ch. 2.5).
//!
//! Rewards are modelled as N(mu_a, sigma^2) with known noise sigma and prior
//! mu_a ~ N(m0, s0^2). After n_a pulls with reward sum S_a the posterior is normal with
//! precision  1/v_a = 1/s0^2 + n_a / sigma^2  (precisions add: these are variances, not
//! standard deviations) and mean  m_a = v_a (m0 / s0^2 + S_a / sigma^2).
//! Each round sample theta_a ~ N(m_a, v_a) (standard deviation sqrt(v_a)) and pull the argmax.
//!
//! The defaults m0 = 0, s0 = 1, sigma = 1 give theta_a ~ N(S_a / (n_a + 1), 1 / (n_a + 1)),
//! exactly the Gaussian Thompson sampling of Agrawal & Goyal (2013), whose regret bound holds
//! for any rewards in [0, 1].

use super::About;
use crate::bandits::policy::{ArmView, Belief, Context, Counts, Policy, Setup};
use crate::error::{check_range, ConfigError};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "Thompson sampling (Gaussian)",
    what: "Keeps a normal posterior for each arm's mean (known noise level), samples one plausible mean per arm and pulls the arm whose sample is highest.",
    guarantee: "With the default N(0, 1) prior and unit noise: regret O(sqrt(K T ln K)) for any rewards in [0, 1] (Agrawal & Goyal 2013).",
    source: "Agrawal & Goyal (2013), AISTATS; Gelman et al., Bayesian Data Analysis, ch. 2.",
};

/// Gaussian Thompson sampling parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct ThompsonGaussianParams {
    /// Assumed reward noise standard deviation sigma (> 0).
    pub sigma: f64,
    /// Prior mean m0 of every arm.
    pub prior_mean: f64,
    /// Prior standard deviation s0 (> 0); large values make the prior nearly flat.
    pub prior_sd: f64,
}

impl Default for ThompsonGaussianParams {
    fn default() -> Self {
        ThompsonGaussianParams {
            sigma: 1.0,
            prior_mean: 0.0,
            prior_sd: 1.0,
        }
    }
}

impl ThompsonGaussianParams {
    pub fn validate(&self, _setup: &Setup) -> Result<(), ConfigError> {
        check_range("sigma", self.sigma, 1e-6, 1e6)?;
        check_range("prior_mean", self.prior_mean, -1e6, 1e6)?;
        check_range("prior_sd", self.prior_sd, 1e-6, 1e6)
    }
    pub fn label(&self) -> String {
        let d = Self::default();
        let mut parts = Vec::new();
        if self.sigma != d.sigma {
            parts.push(format!("σ={}", self.sigma));
        }
        if self.prior_mean != d.prior_mean || self.prior_sd != d.prior_sd {
            parts.push(format!("prior N({}, {}²)", self.prior_mean, self.prior_sd));
        }
        if parts.is_empty() {
            "Thompson (Gaussian)".into()
        } else {
            format!("Thompson (Gaussian, {})", parts.join(", "))
        }
    }
    pub fn build(&self, setup: &Setup) -> Box<dyn Policy> {
        let mut p = ThompsonGaussian {
            counts: Counts::new(setup.arms),
            noise_precision: 1.0 / (self.sigma * self.sigma),
            prior_precision: 1.0 / (self.prior_sd * self.prior_sd),
            prior_mean: self.prior_mean,
            post_mean: vec![0.0; setup.arms],
            post_sd: vec![0.0; setup.arms],
            samples: vec![f64::NAN; setup.arms],
        };
        for a in 0..setup.arms {
            p.update_posterior(a);
        }
        Box::new(p)
    }
}

/// The posterior (mean, variance) of an arm's mean after `n` rewards summing to `sum`, with
/// prior N(prior_mean, prior_var) and noise variance `noise_var`.
pub fn posterior(prior_mean: f64, prior_var: f64, noise_var: f64, n: u64, sum: f64) -> (f64, f64) {
    let precision = 1.0 / prior_var + n as f64 / noise_var;
    let var = 1.0 / precision;
    (var * (prior_mean / prior_var + sum / noise_var), var)
}

pub struct ThompsonGaussian {
    counts: Counts,
    /// 1 / sigma^2.
    noise_precision: f64,
    /// 1 / s0^2.
    prior_precision: f64,
    prior_mean: f64,
    post_mean: Vec<f64>,
    post_sd: Vec<f64>,
    samples: Vec<f64>,
}

impl ThompsonGaussian {
    fn update_posterior(&mut self, a: usize) {
        let precision = self.prior_precision + self.counts.n[a] as f64 * self.noise_precision;
        let var = 1.0 / precision;
        self.post_mean[a] = var
            * (self.prior_mean * self.prior_precision + self.counts.sum[a] * self.noise_precision);
        self.post_sd[a] = f64::sqrt(var);
    }
}

impl Policy for ThompsonGaussian {
    fn choose(&mut self, _t: usize, _ctx: Context<'_>, rng: &mut Rng) -> usize {
        for a in 0..self.samples.len() {
            self.samples[a] = self.post_mean[a] + self.post_sd[a] * rng.normal_fast();
        }
        rng.argmax(&self.samples)
    }
    fn observe(&mut self, _t: usize, arm: usize, reward: f64, _ctx: Context<'_>) {
        self.counts.add(arm, reward);
        self.update_posterior(arm);
    }
    fn arms(&self) -> Vec<ArmView> {
        (0..self.samples.len())
            .map(|a| ArmView {
                pulls: self.counts.n[a],
                estimate: self.post_mean[a],
                index: if self.samples[a].is_nan() {
                    None
                } else {
                    Some(self.samples[a])
                },
                belief: Some(Belief::Normal {
                    mean: self.post_mean[a],
                    sd: self.post_sd[a],
                }),
                prob: None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posterior_update_is_the_conjugate_formula() {
        // Prior N(1, 2^2), noise sigma = 3, rewards 4, 5, 9 (n = 3, sum 18):
        // precision = 1/4 + 3/9 = 7/12 -> variance 12/7, sd sqrt(12/7);
        // mean = (12/7) (1/4 + 18/9) = (12/7)(9/4) = 27/7.
        let params = ThompsonGaussianParams {
            sigma: 3.0,
            prior_mean: 1.0,
            prior_sd: 2.0,
        };
        let setup = Setup {
            arms: 2,
            horizon: 10,
            dim: 0,
        };
        let mut p = params.build(&setup);
        for (t, r) in [(1, 4.0), (2, 5.0), (3, 9.0)] {
            p.observe(t, 0, r, Context::NONE);
        }
        let v = p.arms();
        match v[0].belief {
            Some(Belief::Normal { mean, sd }) => {
                assert!((mean - 27.0 / 7.0).abs() < 1e-12, "{mean}");
                assert!((sd - (12.0f64 / 7.0).sqrt()).abs() < 1e-12, "{sd}");
            }
            ref b => panic!("{b:?}"),
        }
        // The untouched arm keeps its prior N(1, 2^2).
        assert_eq!(v[1].belief, Some(Belief::Normal { mean: 1.0, sd: 2.0 }));
        let (m, var) = posterior(1.0, 4.0, 9.0, 3, 18.0);
        assert!((m - 27.0 / 7.0).abs() < 1e-12 && (var - 12.0 / 7.0).abs() < 1e-12);
    }

    #[test]
    fn defaults_are_agrawal_goyal() {
        // N(S/(n+1), 1/(n+1)): after 4 rewards summing to 3, mean 3/5 and sd sqrt(1/5).
        let setup = Setup {
            arms: 1,
            horizon: 10,
            dim: 0,
        };
        let mut p = ThompsonGaussianParams::default().build(&setup);
        for (t, r) in [(1, 1.0), (2, 1.0), (3, 0.0), (4, 1.0)] {
            p.observe(t, 0, r, Context::NONE);
        }
        match p.arms()[0].belief {
            Some(Belief::Normal { mean, sd }) => {
                assert!((mean - 0.6).abs() < 1e-12);
                assert!((sd - 0.2f64.sqrt()).abs() < 1e-12);
            }
            ref b => panic!("{b:?}"),
        }
    }

    #[test]
    fn samples_follow_the_posterior() {
        // Posterior N(0.6, 1/5): sample mean and variance over many choices.
        let setup = Setup {
            arms: 1,
            horizon: 10,
            dim: 0,
        };
        let mut p = ThompsonGaussianParams::default().build(&setup);
        for (t, r) in [(1, 1.0), (2, 1.0), (3, 0.0), (4, 1.0)] {
            p.observe(t, 0, r, Context::NONE);
        }
        let mut rng = Rng::stream(6, &[]);
        let n = 100_000;
        let xs: Vec<f64> = (0..n)
            .map(|_| {
                p.choose(5, Context::NONE, &mut rng);
                p.arms()[0].index.unwrap()
            })
            .collect();
        let m = xs.iter().sum::<f64>() / n as f64;
        let v = xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / n as f64;
        // Standard errors: mean sqrt(0.2 / n) = 0.0014, variance 0.2 sqrt(2 / n) = 0.0009.
        assert!((m - 0.6).abs() < 0.006, "{m}");
        assert!((v - 0.2).abs() < 0.004, "{v}");
    }
}
