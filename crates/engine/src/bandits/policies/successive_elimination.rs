//! Successive elimination (Even-Dar, Mannor & Mansour 2006; Slivkins 2019, ch. 1.3).
//!
//! All arms start active. The game runs in phases; in each phase every active arm is pulled
//! once (in index order). At the end of a phase every active arm has n pulls, and an arm a is
//! deactivated if its upper confidence bound is below some other arm's lower confidence bound:
//! UCB(a) = mu_hat_a + r_a < max_b (mu_hat_b - r_b) = max_b LCB(b), with the confidence radius
//! r_a = sqrt(2 ln T / n_a) of Slivkins (2019, ch. 1.3), T the horizon. By Hoeffding's
//! inequality each interval fails with probability at most 2/T^4, so all of them hold at once
//! with probability at least 1 - 2/T^2; on that event the best arm is never eliminated, which
//! gives regret O(sqrt(K T ln T)) and O(sum_a ln T / Delta_a) (Slivkins, ch. 1.3).
//! Once a single arm is left it is pulled until the end.

use super::About;
use crate::bandits::policy::{ArmView, Belief, Context, Counts, Policy, Setup};
use crate::error::ConfigError;
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "Successive elimination",
    what: "Takes turns among the arms still in the race and drops an arm for good as soon as its best plausible mean is below another arm's worst plausible mean.",
    guarantee: "Regret O(sqrt(K T ln T)) and O(sum over arms of ln T / Delta_a).",
    source: "Even-Dar, Mannor & Mansour (2006), JMLR 7; Slivkins (2019), Introduction to Multi-Armed Bandits, ch. 1.",
};

/// Successive elimination has no parameters (the radius uses the horizon T).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct SuccessiveEliminationParams {}

impl SuccessiveEliminationParams {
    pub fn validate(&self, _setup: &Setup) -> Result<(), ConfigError> {
        Ok(())
    }
    pub fn label(&self) -> String {
        "Successive elimination".into()
    }
    pub fn build(&self, setup: &Setup) -> Box<dyn Policy> {
        Box::new(SuccessiveElimination {
            counts: Counts::new(setup.arms),
            active: vec![true; setup.arms],
            pending: Vec::with_capacity(setup.arms),
            two_ln_horizon: 2.0 * libm::log(setup.horizon.max(1) as f64),
        })
    }
}

pub struct SuccessiveElimination {
    counts: Counts,
    active: Vec<bool>,
    /// Arms still to pull in the current phase, in reverse order (the next one is last).
    pending: Vec<usize>,
    /// 2 ln T.
    two_ln_horizon: f64,
}

impl SuccessiveElimination {
    fn radius(&self, a: usize) -> f64 {
        f64::sqrt(self.two_ln_horizon / self.counts.n[a] as f64)
    }

    /// Deactivate every active arm whose UCB is below the best LCB.
    fn eliminate(&mut self) {
        let k = self.counts.arms();
        let best_lcb = (0..k)
            .filter(|&a| self.active[a])
            .map(|a| self.counts.mean(a) - self.radius(a))
            .fold(f64::NEG_INFINITY, f64::max);
        for a in 0..k {
            if self.active[a] && self.counts.mean(a) + self.radius(a) < best_lcb {
                self.active[a] = false;
            }
        }
    }

    /// The arm the next round will pull.
    fn next_arm(&self) -> usize {
        match self.pending.last() {
            Some(&a) => a,
            None => self.active.iter().position(|&x| x).unwrap_or(0),
        }
    }
}

impl Policy for SuccessiveElimination {
    fn choose(&mut self, _t: usize, _ctx: Context<'_>, _rng: &mut Rng) -> usize {
        if self.pending.is_empty() {
            let k = self.counts.arms();
            self.pending
                .extend((0..k).rev().filter(|&a| self.active[a]));
        }
        self.pending.pop().unwrap_or(0)
    }
    fn observe(&mut self, _t: usize, arm: usize, reward: f64, _ctx: Context<'_>) {
        self.counts.add(arm, reward);
        if self.pending.is_empty() {
            self.eliminate();
        }
    }
    fn arms(&self) -> Vec<ArmView> {
        let next = self.next_arm();
        let mut v = self.counts.views(|a| {
            if self.counts.n[a] == 0 {
                Some(f64::INFINITY)
            } else {
                Some(self.counts.mean(a) + self.radius(a))
            }
        });
        for (a, view) in v.iter_mut().enumerate() {
            view.prob = Some(if a == next { 1.0 } else { 0.0 });
            if self.counts.n[a] > 0 {
                let r = self.radius(a);
                view.belief = Some(Belief::Interval {
                    lo: view.estimate - r,
                    hi: view.estimate + r,
                });
            }
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_pull_active_arms_once_and_eliminate_by_the_radius() {
        // T = 1000: r = sqrt(2 ln 1000 / n). Arms pay 1, 0.5 and 0 every time, so after n pulls
        // each an arm with gap g is dropped at the end of the first phase with g > 2r, i.e.
        // the first n > 8 ln 1000 / g^2 (56 for g = 1, 222 for g = 0.5).
        let setup = Setup {
            arms: 3,
            horizon: 1000,
            dim: 0,
        };
        let mut p = SuccessiveEliminationParams::default().build(&setup);
        let mut rng = Rng::stream(1, &[]);
        let reward = [1.0, 0.5, 0.0];
        let mut pulls = [0u64; 3];
        for t in 1..=1000 {
            let a = p.choose(t, Context::NONE, &mut rng);
            if t <= 6 {
                assert_eq!(a, (t - 1) % 3, "phases pull the active arms in index order");
            }
            pulls[a] += 1;
            p.observe(t, a, reward[a], Context::NONE);
        }
        let first_n = |gap: f64| {
            (1u64..)
                .find(|&n| gap > 2.0 * (2.0 * 1000f64.ln() / n as f64).sqrt())
                .unwrap()
        };
        assert_eq!(first_n(1.0), 56);
        assert_eq!(pulls[2], first_n(1.0));
        assert_eq!(pulls[1], first_n(0.5));
        assert_eq!(pulls[0], 1000 - pulls[1] - pulls[2]);
        let v = p.arms();
        assert_eq!(v[0].prob, Some(1.0));
        match v[1].belief {
            Some(Belief::Interval { lo, hi }) => {
                let r = (2.0 * 1000f64.ln() / pulls[1] as f64).sqrt();
                assert!((lo - (0.5 - r)).abs() < 1e-12 && (hi - (0.5 + r)).abs() < 1e-12);
            }
            other => panic!("{other:?}"),
        }
    }
}
