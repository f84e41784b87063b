//! Sliding-window UCB for arms that change over time (Garivier & Moulines 2011, "On
//! upper-confidence bound policies for switching bandit problems", ALT).
//!
//! Only the last tau rounds count. With N_a the pulls of arm a among them and Xbar_a their
//! mean reward, pull argmax_a Xbar_a + sqrt(xi ln(min(t, tau)) / N_a) (an arm absent from the
//! window has an infinite index). This is the paper's c_t(tau, a) = B sqrt(xi log(min(t, tau))
//! / N_t(tau, a)) with reward bound B = 1. The analysis needs xi > 1/2; Garivier & Moulines use
//! xi = 0.6 in their simulations, the default here. They tune tau = 2 sqrt(T ln T / Upsilon)
//! for Upsilon change points; the default tau = 500 suits changes every thousand rounds or so.
//!
//! The window is a ring buffer of (arm, reward) pairs with per-arm window counts and sums, so
//! a round costs O(1) to update plus O(K) for the indices. To keep rounding errors of the
//! running sums from accumulating, the sums are recomputed from the buffer every tau rounds
//! (O(1) amortized).

use super::About;
use crate::bandits::policy::{ArmView, Belief, Context, Counts, Policy, Setup};
use crate::error::{check_count, check_range, ConfigError};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

pub const ABOUT: About = About {
    name: "Sliding-window UCB",
    what: "UCB that only remembers the last tau rounds, so it notices when the best arm changes.",
    guarantee: "With tau tuned to the number of changes Upsilon, regret O(sqrt(Upsilon T ln T)) in piecewise-stationary environments.",
    source: "Garivier & Moulines (2011), ALT.",
};

/// Sliding-window UCB parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct SwUcbParams {
    /// Window length tau in rounds (1 to 1,000,000).
    pub window: usize,
    /// Exploration constant xi (> 0; the analysis needs xi > 1/2).
    pub xi: f64,
}

impl Default for SwUcbParams {
    fn default() -> Self {
        SwUcbParams {
            window: 500,
            xi: 0.6,
        }
    }
}

impl SwUcbParams {
    pub fn validate(&self, _setup: &Setup) -> Result<(), ConfigError> {
        // The window is kept in memory (16 bytes per round): at most a million rounds.
        check_count("window", self.window, 1, 1_000_000)?;
        check_range("xi", self.xi, 1e-6, 100.0)
    }
    pub fn label(&self) -> String {
        let d = Self::default();
        let mut parts = Vec::new();
        if self.window != d.window {
            parts.push(format!("τ={}", self.window));
        }
        if self.xi != d.xi {
            parts.push(format!("ξ={}", self.xi));
        }
        super::label_with("SW-UCB", &parts)
    }
    pub fn build(&self, setup: &Setup) -> Box<dyn Policy> {
        let k = setup.arms;
        Box::new(SwUcb {
            counts: Counts::new(k),
            window: self.window,
            xi: self.xi,
            ring: VecDeque::with_capacity(self.window.min(setup.horizon).min(1 << 16) + 1),
            n_w: vec![0; k],
            sum_w: vec![0.0; k],
            evictions: 0,
            t: 0,
            index: vec![f64::INFINITY; k],
        })
    }
}

pub struct SwUcb {
    counts: Counts,
    window: usize,
    xi: f64,
    /// The last `window` (arm, reward) pairs, oldest first.
    ring: VecDeque<(usize, f64)>,
    /// Pulls and reward sums of each arm inside the window.
    n_w: Vec<u64>,
    sum_w: Vec<f64>,
    /// Pairs dropped since the sums were last recomputed.
    evictions: usize,
    t: usize,
    index: Vec<f64>,
}

impl SwUcb {
    fn bonus(&self, a: usize, t: usize) -> f64 {
        let m = t.min(self.window).max(1) as f64;
        f64::sqrt(self.xi * libm::log(m) / self.n_w[a] as f64)
    }

    fn window_mean(&self, a: usize) -> f64 {
        if self.n_w[a] == 0 {
            f64::NAN
        } else {
            self.sum_w[a] / self.n_w[a] as f64
        }
    }

    fn index_at(&self, a: usize, t: usize) -> f64 {
        if self.n_w[a] == 0 {
            f64::INFINITY
        } else {
            self.window_mean(a) + self.bonus(a, t)
        }
    }
}

impl Policy for SwUcb {
    fn choose(&mut self, t: usize, _ctx: Context<'_>, rng: &mut Rng) -> usize {
        self.t = t;
        for a in 0..self.index.len() {
            self.index[a] = self.index_at(a, t);
        }
        rng.argmax(&self.index)
    }
    fn observe(&mut self, _t: usize, arm: usize, reward: f64, _ctx: Context<'_>) {
        self.counts.add(arm, reward);
        self.ring.push_back((arm, reward));
        self.n_w[arm] += 1;
        self.sum_w[arm] += reward;
        if self.ring.len() > self.window {
            if let Some((old, r)) = self.ring.pop_front() {
                self.n_w[old] -= 1;
                self.sum_w[old] -= r;
            }
            self.evictions += 1;
            if self.evictions >= self.window {
                self.evictions = 0;
                self.sum_w.iter_mut().for_each(|s| *s = 0.0);
                for &(a, r) in &self.ring {
                    self.sum_w[a] += r;
                }
            }
        }
    }
    fn arms(&self) -> Vec<ArmView> {
        let t = self.t + 1;
        (0..self.index.len())
            .map(|a| {
                let est = self.window_mean(a);
                ArmView {
                    pulls: self.counts.n[a],
                    estimate: est,
                    index: Some(self.index_at(a, t)),
                    belief: if self.n_w[a] > 0 {
                        let w = self.bonus(a, t);
                        Some(Belief::Interval {
                            lo: est - w,
                            hi: est + w,
                        })
                    } else {
                        None
                    },
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
    fn only_the_window_counts() {
        // Window 4: after rewards on arm 0 of 1, 1, 1, 1, 0, 0 only the last four remain
        // (1, 1, 0, 0): window mean 0.5 from 4 pulls.
        let setup = Setup {
            arms: 2,
            horizon: 100,
            dim: 0,
        };
        let params = SwUcbParams { window: 4, xi: 0.6 };
        let mut p = params.build(&setup);
        for (t, r) in [1.0, 1.0, 1.0, 1.0, 0.0, 0.0].into_iter().enumerate() {
            p.observe(t + 1, 0, r, Context::NONE);
        }
        let v = p.arms();
        assert_eq!(v[0].estimate, 0.5);
        assert_eq!(v[0].pulls, 6);
        // Round t = 1 in the view (no choose yet): ln(min(1, 4)) = 0, so the index is the mean.
        assert_eq!(v[0].index, Some(0.5));
        assert_eq!(v[1].index, Some(f64::INFINITY));
        // After choosing at t = 10: bonus sqrt(0.6 ln 4 / 4) for the view at t = 11.
        let mut rng = Rng::stream(1, &[]);
        assert_eq!(p.choose(10, Context::NONE, &mut rng), 1);
        let v = p.arms();
        let want = 0.5 + (0.6 * 4f64.ln() / 4.0).sqrt();
        assert!((v[0].index.unwrap() - want).abs() < 1e-15);
    }

    #[test]
    fn an_arm_that_leaves_the_window_is_retried() {
        // Window 3 with pulls 0, 1, 1, 1: arm 0 has left the window and gets index +infinity.
        let setup = Setup {
            arms: 2,
            horizon: 100,
            dim: 0,
        };
        let mut p = SwUcbParams { window: 3, xi: 0.6 }.build(&setup);
        p.observe(1, 0, 1.0, Context::NONE);
        for t in 2..=4 {
            p.observe(t, 1, 0.0, Context::NONE);
        }
        let mut rng = Rng::stream(2, &[]);
        assert_eq!(p.choose(5, Context::NONE, &mut rng), 0);
    }

    #[test]
    fn window_sums_match_a_direct_recount() {
        // Gaussian-like rewards over many evictions: the running sums agree with a recount of
        // the last tau rewards.
        let setup = Setup {
            arms: 3,
            horizon: 10_000,
            dim: 0,
        };
        let tau = 37;
        let mut p = SwUcbParams {
            window: tau,
            xi: 0.6,
        }
        .build(&setup);
        let mut rng = Rng::stream(3, &[]);
        let mut history = Vec::new();
        for t in 1..=5_000 {
            let a = rng.below(3);
            let r = rng.normal() * 10.0 + a as f64;
            history.push((a, r));
            p.observe(t, a, r, Context::NONE);
        }
        let v = p.arms();
        let recent = &history[history.len() - tau..];
        for (a, view) in v.iter().enumerate() {
            let xs: Vec<f64> = recent
                .iter()
                .filter(|(b, _)| *b == a)
                .map(|(_, r)| *r)
                .collect();
            let mean = xs.iter().sum::<f64>() / xs.len() as f64;
            assert!((view.estimate - mean).abs() < 1e-9, "arm {a}");
        }
    }
}
