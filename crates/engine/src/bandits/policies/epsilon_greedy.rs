//! Epsilon-greedy, with a fixed or a decaying exploration rate (Sutton & Barto 2018, ch. 2.2;
//! Auer, Cesa-Bianchi & Fischer 2002, "epsilon_n-greedy").
//!
//! In round t, with probability eps_t pull an arm uniformly at random (all K arms), otherwise
//! pull the greedy arm argmax_a mu_hat_a (ties at random). An arm never pulled counts as
//! greedy, so every arm gets an estimate before the empirical means are compared. Hence
//! P(A_t = a) = eps_t / K + (1 - eps_t) 1{a in G_t} / |G_t|, G_t the set of greedy arms.
//!
//! Schedules:
//! - fixed: eps_t = epsilon. A constant share of the rounds is spent on random arms, so the
//!   regret grows linearly: about epsilon T (mu* - mean_a mu_a).
//! - decaying: eps_t = min(1, c K / (d^2 t)) (Auer et al. 2002, Section 3). With
//!   0 < d <= min_a Delta_a and c > 5 their Theorem 3 bounds the probability of a suboptimal
//!   pull by O(c / (d^2 t)), so the regret is logarithmic. The defaults c = 0.15, d = 0.1
//!   explore less than the theorem asks: Auer et al. report that small c works better in their
//!   experiments, and d = 0.1 is the smallest gap of the classic 0.1..0.9 instance.

use super::About;
use crate::bandits::policy::{ArmView, Context, Counts, Policy, Setup};
use crate::error::{check_range, ConfigError};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "Epsilon-greedy",
    what: "Usually pulls the arm with the best average so far, but with probability epsilon pulls a random arm to keep learning. The decaying schedule explores less and less as evidence accumulates.",
    guarantee: "Fixed epsilon: linear regret (a constant share of rounds is spent exploring). Decaying eps_t = min(1, cK/(d^2 t)) with c > 5 and d below the smallest gap: logarithmic regret.",
    source: "Sutton & Barto (2018), Reinforcement Learning, ch. 2; Auer, Cesa-Bianchi & Fischer (2002), Machine Learning 47.",
};

fn default_epsilon() -> f64 {
    0.1
}
fn default_c() -> f64 {
    0.15
}
fn default_d() -> f64 {
    0.1
}

/// The exploration rate over time: `{"rule": "fixed", "epsilon": 0.1}` or
/// `{"rule": "decaying", "c": 0.15, "d": 0.1}`. Fields of the other rule are ignored, so a
/// form can switch `rule` and keep the rest (missing fields take their defaults).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Schedule {
    /// eps_t = epsilon, in [0, 1].
    Fixed {
        #[serde(default = "default_epsilon")]
        epsilon: f64,
    },
    /// eps_t = min(1, c K / (d^2 t)) with c > 0 and d in (0, 1].
    Decaying {
        #[serde(default = "default_c")]
        c: f64,
        #[serde(default = "default_d")]
        d: f64,
    },
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule::Fixed {
            epsilon: default_epsilon(),
        }
    }
}

impl Schedule {
    /// The exploration probability in round t with K arms.
    pub fn epsilon(&self, t: usize, arms: usize) -> f64 {
        match *self {
            Schedule::Fixed { epsilon } => epsilon,
            Schedule::Decaying { c, d } => (c * arms as f64 / (d * d * t.max(1) as f64)).min(1.0),
        }
    }
}

/// Epsilon-greedy parameters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct EpsilonGreedyParams {
    pub schedule: Schedule,
}

impl EpsilonGreedyParams {
    pub fn validate(&self, _setup: &Setup) -> Result<(), ConfigError> {
        match self.schedule {
            Schedule::Fixed { epsilon } => check_range("schedule.epsilon", epsilon, 0.0, 1.0),
            Schedule::Decaying { c, d } => {
                check_range("schedule.c", c, 1e-6, 1e6)?;
                check_range("schedule.d", d, 1e-6, 1.0)
            }
        }
    }
    pub fn label(&self) -> String {
        match self.schedule {
            Schedule::Fixed { epsilon } => format!("ε-greedy (ε={epsilon})"),
            Schedule::Decaying { c, d } if c == default_c() && d == default_d() => {
                "ε-greedy (decaying)".into()
            }
            Schedule::Decaying { c, d } => format!("ε-greedy (decaying, c={c}, d={d})"),
        }
    }
    pub fn build(&self, setup: &Setup) -> Box<dyn Policy> {
        Box::new(EpsilonGreedy {
            counts: Counts::new(setup.arms),
            schedule: self.schedule.clone(),
            t: 0,
            means: vec![0.0; setup.arms],
        })
    }
}

pub struct EpsilonGreedy {
    counts: Counts,
    schedule: Schedule,
    /// The last round played.
    t: usize,
    means: Vec<f64>,
}

impl EpsilonGreedy {
    /// The greedy set: the arms never pulled if there are any, else the arms with the best
    /// empirical mean.
    fn greedy_set(&self) -> Vec<usize> {
        let k = self.counts.arms();
        let unpulled: Vec<usize> = (0..k).filter(|&a| self.counts.n[a] == 0).collect();
        if !unpulled.is_empty() {
            return unpulled;
        }
        let best = (0..k)
            .map(|a| self.counts.mean(a))
            .fold(f64::NEG_INFINITY, f64::max);
        (0..k).filter(|&a| self.counts.mean(a) == best).collect()
    }
}

impl Policy for EpsilonGreedy {
    fn choose(&mut self, t: usize, _ctx: Context<'_>, rng: &mut Rng) -> usize {
        self.t = t;
        let k = self.counts.arms();
        let eps = self.schedule.epsilon(t, k);
        if rng.uniform() < eps {
            return rng.below(k);
        }
        if let Some(a) = self.counts.unpulled(rng) {
            return a;
        }
        for a in 0..k {
            self.means[a] = self.counts.mean(a);
        }
        rng.argmax(&self.means)
    }
    fn observe(&mut self, _t: usize, arm: usize, reward: f64, _ctx: Context<'_>) {
        self.counts.add(arm, reward);
    }
    fn arms(&self) -> Vec<ArmView> {
        let k = self.counts.arms();
        let eps = self.schedule.epsilon(self.t + 1, k);
        let greedy = self.greedy_set();
        let mut v = self.counts.views(|_| None);
        for (a, view) in v.iter_mut().enumerate() {
            let g = if greedy.contains(&a) {
                (1.0 - eps) / greedy.len() as f64
            } else {
                0.0
            };
            view.prob = Some(eps / k as f64 + g);
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> Setup {
        Setup {
            arms: 3,
            horizon: 1000,
            dim: 0,
        }
    }

    #[test]
    fn decaying_schedule_is_auer_et_al() {
        // eps_t = min(1, cK/(d^2 t)): c = 0.15, K = 3, d = 0.1 -> 45 / t.
        let s = Schedule::Decaying { c: 0.15, d: 0.1 };
        assert_eq!(s.epsilon(10, 3), 1.0);
        assert!((s.epsilon(90, 3) - 0.5).abs() < 1e-12);
        assert!((s.epsilon(450, 3) - 0.1).abs() < 1e-12);
        assert_eq!(Schedule::default().epsilon(7, 3), 0.1);
    }

    #[test]
    fn choice_frequencies_match_the_stated_probabilities() {
        // Means (0.2, 0.8, 0.5) after one pull each: greedy arm 1. With eps = 0.3,
        // P(1) = 0.3/3 + 0.7 = 0.8 and P(0) = P(2) = 0.1.
        let params = EpsilonGreedyParams {
            schedule: Schedule::Fixed { epsilon: 0.3 },
        };
        let mut p = params.build(&setup());
        for (a, r) in [(0, 0.2), (1, 0.8), (2, 0.5)] {
            p.observe(a + 1, a, r, Context::NONE);
        }
        let mut rng = Rng::stream(4, &[]);
        let n = 50_000;
        let mut counts = [0usize; 3];
        for _ in 0..n {
            counts[p.choose(4, Context::NONE, &mut rng)] += 1;
        }
        let want = [0.1, 0.8, 0.1];
        let probs: Vec<f64> = p.arms().iter().map(|v| v.prob.unwrap()).collect();
        for a in 0..3 {
            assert!((probs[a] - want[a]).abs() < 1e-12, "{probs:?}");
            // Binomial standard error sqrt(0.16 / 50000) < 0.002: allow 4 of them.
            let f = counts[a] as f64 / n as f64;
            assert!((f - want[a]).abs() < 0.008, "arm {a}: {f}");
        }
    }

    #[test]
    fn unpulled_arms_are_greedy_and_ties_split_the_greedy_share() {
        let params = EpsilonGreedyParams {
            schedule: Schedule::Fixed { epsilon: 0.0 },
        };
        let mut p = params.build(&setup());
        p.observe(1, 0, 1.0, Context::NONE);
        // Arms 1 and 2 are unpulled: each gets half of the greedy probability.
        let probs: Vec<f64> = p.arms().iter().map(|v| v.prob.unwrap()).collect();
        assert_eq!(probs, vec![0.0, 0.5, 0.5]);
        let mut rng = Rng::stream(5, &[]);
        let a = p.choose(2, Context::NONE, &mut rng);
        assert!(a == 1 || a == 2);
    }

    #[test]
    fn bad_parameters_name_their_field() {
        let bad = EpsilonGreedyParams {
            schedule: Schedule::Fixed { epsilon: 1.5 },
        };
        assert_eq!(
            bad.validate(&setup()).unwrap_err().field,
            "schedule.epsilon"
        );
        let bad = EpsilonGreedyParams {
            schedule: Schedule::Decaying { c: 1.0, d: 0.0 },
        };
        assert_eq!(bad.validate(&setup()).unwrap_err().field, "schedule.d");
    }

    #[test]
    fn json_shape() {
        let p: EpsilonGreedyParams =
            serde_json::from_str(r#"{"schedule": {"rule": "decaying"}}"#).unwrap();
        assert_eq!(p.schedule, Schedule::Decaying { c: 0.15, d: 0.1 });
        let p: EpsilonGreedyParams = serde_json::from_str("{}").unwrap();
        assert_eq!(p, EpsilonGreedyParams::default());
        // Switching the rule keeps working with the other rule's fields still present.
        let p: EpsilonGreedyParams =
            serde_json::from_str(r#"{"schedule": {"rule": "decaying", "epsilon": 0.2}}"#).unwrap();
        assert_eq!(p.schedule, Schedule::Decaying { c: 0.15, d: 0.1 });
        // Unknown parameters of the policy itself are refused.
        assert!(serde_json::from_str::<EpsilonGreedyParams>(r#"{"epsilon": 0.2}"#).is_err());
        assert!(serde_json::from_str::<EpsilonGreedyParams>(
            r#"{"schedule": {"rule": "sometimes"}}"#
        )
        .is_err());
    }
}
