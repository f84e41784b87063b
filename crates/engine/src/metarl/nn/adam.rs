//! Adam (Kingma & Ba 2015, "Adam: A Method for Stochastic Optimization", algorithm 1), computed
//! as `torch.optim.Adam` does (no weight decay, no AMSGrad): at step `t` (from 1), for each
//! parameter with gradient `g`,
//!
//! ```text
//! m = beta1 m + (1 - beta1) g
//! v = beta2 v + (1 - beta2) g^2
//! p -= (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
//! ```
//!
//! (`eps` is added after the square root of the bias-corrected `v`, as in PyTorch.) `beta^t`
//! is `libm::pow`, so the bits are the same on every target.

use serde::{Deserialize, Serialize};

/// Adam's hyperparameters. Default: `lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8`
/// (the paper's and PyTorch's defaults).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AdamConfig {
    pub lr: f64,
    pub beta1: f64,
    pub beta2: f64,
    pub eps: f64,
}

impl Default for AdamConfig {
    fn default() -> Self {
        AdamConfig {
            lr: 1e-3,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
        }
    }
}

/// Adam's state for `n` parameters: first and second moment estimates and the step count.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Adam {
    pub config: AdamConfig,
    pub m: Vec<f64>,
    pub v: Vec<f64>,
    /// Steps taken so far.
    pub t: u64,
}

impl Adam {
    pub fn new(config: AdamConfig, n: usize) -> Adam {
        Adam {
            config,
            m: vec![0.0; n],
            v: vec![0.0; n],
            t: 0,
        }
    }

    /// One update of `params` with gradient `grad` (of the loss to minimize).
    pub fn step(&mut self, params: &mut [f64], grad: &[f64]) {
        assert_eq!(params.len(), self.m.len(), "Adam: parameter count");
        assert_eq!(grad.len(), self.m.len(), "Adam: gradient length");
        self.t += 1;
        let AdamConfig {
            lr,
            beta1,
            beta2,
            eps,
        } = self.config;
        let t = self.t as f64;
        let bias1 = 1.0 - libm::pow(beta1, t);
        let bias2_sqrt = (1.0 - libm::pow(beta2, t)).sqrt();
        let step_size = lr / bias1;
        let (one_b1, one_b2) = (1.0 - beta1, 1.0 - beta2);
        for (((p, &g), m), v) in params
            .iter_mut()
            .zip(grad)
            .zip(self.m.iter_mut())
            .zip(self.v.iter_mut())
        {
            *m = beta1 * *m + one_b1 * g;
            *v = beta2 * *v + one_b2 * g * g;
            let denom = v.sqrt() / bias2_sqrt + eps;
            *p -= step_size * (*m / denom);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grads() -> Vec<f64> {
        vec![0.5, -2.0, 1e-3, -7.25, 3.0, -0.01]
    }

    #[test]
    fn first_step_moves_every_parameter_by_lr_against_the_gradient() {
        // With eps = 0 the bias-corrected first step is exactly -lr * sign(g).
        let config = AdamConfig {
            lr: 0.01,
            eps: 0.0,
            ..AdamConfig::default()
        };
        let g = grads();
        let start: Vec<f64> = (0..g.len()).map(|i| i as f64 * 0.3 - 1.0).collect();
        let mut p = start.clone();
        let mut adam = Adam::new(config, g.len());
        adam.step(&mut p, &g);
        for i in 0..g.len() {
            let moved = p[i] - start[i];
            assert!((moved + 0.01 * g[i].signum()).abs() < 1e-12, "{i}: {moved}");
        }
        // With the default eps the step is lr * |g| / (|g| + eps): off by at most lr*eps/|g|.
        let mut p = start.clone();
        let mut adam = Adam::new(AdamConfig::default(), g.len());
        adam.step(&mut p, &g);
        for i in 0..g.len() {
            let moved = p[i] - start[i];
            let bound = 1e-3 * 1e-8 / g[i].abs() + 1e-15;
            assert!((moved + 1e-3 * g[i].signum()).abs() < bound, "{i}: {moved}");
        }
        assert_eq!(adam.t, 1);
    }

    #[test]
    fn zero_gradient_does_not_move() {
        let mut p = vec![1.0, 2.0];
        let mut adam = Adam::new(AdamConfig::default(), 2);
        adam.step(&mut p, &[0.0, 0.0]);
        assert_eq!(p, vec![1.0, 2.0]);
    }

    /// The textbook form of algorithm 1 (bias-corrected moments m_hat, v_hat), written
    /// separately with std's `powi`.
    #[test]
    fn several_steps_match_a_hand_rolled_reference() {
        let config = AdamConfig {
            lr: 0.05,
            beta1: 0.8,
            beta2: 0.99,
            eps: 1e-6,
        };
        let n = 4;
        let mut p = vec![0.5, -0.25, 1.0, 0.0];
        let mut q = p.clone();
        let mut m = vec![0.0; n];
        let mut v = vec![0.0; n];
        let mut adam = Adam::new(config.clone(), n);
        for step in 1..=6 {
            // A gradient that depends on the parameters (of sum (p_i - i)^2 / 2) plus a
            // step-dependent term.
            let g: Vec<f64> = (0..n)
                .map(|i| (p[i] - i as f64) + 0.1 * (step as f64 * (i as f64 + 1.0)).sin())
                .collect();
            adam.step(&mut p, &g);
            for i in 0..n {
                m[i] = config.beta1 * m[i] + (1.0 - config.beta1) * g[i];
                v[i] = config.beta2 * v[i] + (1.0 - config.beta2) * g[i] * g[i];
                let m_hat = m[i] / (1.0 - config.beta1.powi(step));
                let v_hat = v[i] / (1.0 - config.beta2.powi(step));
                q[i] -= config.lr * m_hat / (v_hat.sqrt() + config.eps);
            }
            for i in 0..n {
                assert!(
                    (p[i] - q[i]).abs() < 1e-12,
                    "step {step}, {i}: {} vs {}",
                    p[i],
                    q[i]
                );
                assert!((adam.m[i] - m[i]).abs() < 1e-15);
            }
        }
    }
}
