//! The bandit policy role: one trait, implemented once per algorithm in `policies/`.

use crate::rng::Rng;

/// What a policy is told before round 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Setup {
    /// Number of arms K.
    pub arms: usize,
    /// Horizon T (number of rounds), for horizon-tuned algorithms such as EXP3 and MOSS.
    pub horizon: usize,
    /// Dimension d of the per-arm feature vectors (0 when the environment has no context).
    pub dim: usize,
}

/// Side information for one round: one feature vector of length `dim` per arm (row-major),
/// or nothing (`dim == 0`) in non-contextual environments.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    pub features: &'a [f64],
    pub dim: usize,
}

impl<'a> Context<'a> {
    /// No side information.
    pub const NONE: Context<'static> = Context {
        features: &[],
        dim: 0,
    };

    /// Feature vector of arm `a` (empty when there is no context).
    pub fn arm(&self, a: usize) -> &'a [f64] {
        if self.dim == 0 {
            &[]
        } else {
            &self.features[a * self.dim..(a + 1) * self.dim]
        }
    }
}

/// What a policy believes about one arm, for the "watch one run" view (not part of results).
#[derive(Clone, Debug, PartialEq)]
pub struct ArmView {
    /// Times pulled so far.
    pub pulls: u64,
    /// Estimated mean reward (NaN before the first pull).
    pub estimate: f64,
    /// The score the policy maximizes (UCB index, posterior sample, preference...), if any.
    /// May be +infinity for an arm not yet pulled.
    pub index: Option<f64>,
    /// Posterior or confidence interval, if the policy keeps one.
    pub belief: Option<Belief>,
    /// Probability of choosing this arm next, for randomized policies.
    pub prob: Option<f64>,
}

/// A distribution or interval over an arm's mean.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Belief {
    /// Beta(alpha, beta) posterior.
    Beta { alpha: f64, beta: f64 },
    /// Normal posterior N(mean, sd^2).
    Normal { mean: f64, sd: f64 },
    /// Confidence interval [lo, hi].
    Interval { lo: f64, hi: f64 },
}

/// A bandit algorithm.
///
/// Rounds are numbered from 1. Each round the runner calls [`Policy::choose`] and then exactly
/// one of [`Policy::observe`] (bandit feedback: the chosen arm's reward) or
/// [`Policy::observe_all`] (full feedback: every arm's reward, for policies whose
/// [`Policy::full_feedback`] is true). All randomness must come from the `rng` passed in.
pub trait Policy {
    /// The arm to pull in round `t`.
    fn choose(&mut self, t: usize, ctx: Context<'_>, rng: &mut Rng) -> usize;

    /// Bandit feedback: `reward` was received for `arm` in round `t`.
    fn observe(&mut self, t: usize, arm: usize, reward: f64, ctx: Context<'_>);

    /// True if the policy learns from every arm's reward each round (e.g. Hedge).
    fn full_feedback(&self) -> bool {
        false
    }

    /// Full feedback: `rewards[a]` for every arm `a`; `arm` is the one that was pulled.
    fn observe_all(&mut self, t: usize, arm: usize, rewards: &[f64], ctx: Context<'_>) {
        self.observe(t, arm, rewards[arm], ctx);
    }

    /// The policy's current view of each arm, for teaching views.
    fn arms(&self) -> Vec<ArmView>;

    /// LLM agents only: the run tells the policy, once after building it, where its replies
    /// come from and under which name it asks (see [`crate::llm::oracle`]).
    fn connect(&mut self, _link: &crate::llm::AgentLink) {}
}

/// Pull counts and reward sums per arm: the sufficient statistics of most index policies.
#[derive(Clone, Debug)]
pub struct Counts {
    pub n: Vec<u64>,
    pub sum: Vec<f64>,
}

impl Counts {
    pub fn new(arms: usize) -> Self {
        Counts {
            n: vec![0; arms],
            sum: vec![0.0; arms],
        }
    }

    #[inline]
    pub fn add(&mut self, arm: usize, reward: f64) {
        self.n[arm] += 1;
        self.sum[arm] += reward;
    }

    /// Empirical mean of `arm` (NaN if never pulled).
    #[inline]
    pub fn mean(&self, arm: usize) -> f64 {
        if self.n[arm] == 0 {
            f64::NAN
        } else {
            self.sum[arm] / self.n[arm] as f64
        }
    }

    pub fn arms(&self) -> usize {
        self.n.len()
    }

    /// An arm never pulled, chosen uniformly at random among them, if any.
    pub fn unpulled(&self, rng: &mut Rng) -> Option<usize> {
        let k = self.n.iter().filter(|&&c| c == 0).count();
        if k == 0 {
            return None;
        }
        let pick = rng.below(k);
        self.n
            .iter()
            .enumerate()
            .filter(|(_, &c)| c == 0)
            .nth(pick)
            .map(|(a, _)| a)
    }

    /// Views of an optimistic index policy whose index is mean + bonus(a, n_a): the index, and
    /// the interval mean +- bonus as the belief (an arm never pulled has index +infinity and no
    /// interval).
    pub fn bonus_views(&self, bonus: impl Fn(usize, u64) -> f64) -> Vec<ArmView> {
        (0..self.arms())
            .map(|a| {
                let n = self.n[a];
                let estimate = self.mean(a);
                if n == 0 {
                    return ArmView {
                        pulls: 0,
                        estimate,
                        index: Some(f64::INFINITY),
                        belief: None,
                        prob: None,
                    };
                }
                let w = bonus(a, n);
                ArmView {
                    pulls: n,
                    estimate,
                    index: Some(estimate + w),
                    belief: Some(Belief::Interval {
                        lo: estimate - w,
                        hi: estimate + w,
                    }),
                    prob: None,
                }
            })
            .collect()
    }

    /// Views with the empirical mean and the given per-arm index.
    pub fn views(&self, index: impl Fn(usize) -> Option<f64>) -> Vec<ArmView> {
        (0..self.arms())
            .map(|a| ArmView {
                pulls: self.n[a],
                estimate: self.mean(a),
                index: index(a),
                belief: None,
                prob: None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bonus_views_show_the_index_and_its_interval() {
        let mut c = Counts::new(2);
        for r in [1.0, 0.0, 1.0, 0.0] {
            c.add(1, r);
        }
        let v = c.bonus_views(|_, n| 0.4 / n as f64);
        assert_eq!(v[0].pulls, 0);
        assert_eq!(v[0].index, Some(f64::INFINITY));
        assert_eq!(v[0].belief, None);
        assert_eq!(v[1].pulls, 4);
        assert_eq!(v[1].estimate, 0.5);
        assert_eq!(v[1].index, Some(0.6));
        assert_eq!(v[1].belief, Some(Belief::Interval { lo: 0.4, hi: 0.6 }));
    }
}
