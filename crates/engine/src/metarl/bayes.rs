//! The Bayes-optimal player of k Bernoulli arms with independent U(0, 1) priors over a known
//! horizon of n pulls: the ceiling any agent can reach on that task distribution (RL^2's
//! n = 10, k = 5 row), by dynamic programming.
//!
//! A state is the multiset of per-arm (successes, failures) counts: arms with the same counts
//! are interchangeable, so states are kept sorted, which collapses the k! orderings. With
//! Beta(1 + s, 1 + f) posteriors (Laplace's rule, m = (s + 1) / (s + f + 2)):
//!
//! ```text
//! V(x) = 0 when n pulls have been made,
//! Q(x, a) = m_a (1 + V(x with s_a + 1)) + (1 - m_a) V(x with f_a + 1),
//! V(x) = max_a Q(x, a).
//! ```
//!
//! The table is memoized in a `BTreeMap` (deterministic order). Problems with more than
//! [`MAX_ARM_PULLS`] arm-pulls (k x n) are refused at once, and any that grows past
//! [`MAX_STATES`] states stops with an error.

use crate::error::ConfigError;
use std::collections::BTreeMap;

/// Most states the solver keeps (tens of MB at the cap).
pub const MAX_STATES: usize = 500_000;
/// Largest k x n the solver tries.
pub const MAX_ARM_PULLS: usize = 200;

type State = Vec<(u16, u16)>;

/// The solved value function for k arms and n pulls.
#[derive(Clone, Debug)]
pub struct BayesOptimal {
    arms: usize,
    pulls: usize,
    values: BTreeMap<State, f64>,
}

impl BayesOptimal {
    /// Whether `arms` arms and `pulls` pulls are within what the solver tries.
    pub fn check_size(arms: usize, pulls: usize) -> Result<(), ConfigError> {
        if arms.saturating_mul(pulls) > MAX_ARM_PULLS {
            return Err(ConfigError::new(
                "pulls",
                format!(
                    "the exact Bayes-optimal value is only computed for arms x pulls up to {MAX_ARM_PULLS} (got {arms} x {pulls})"
                ),
            ));
        }
        Ok(())
    }

    /// Solve for `arms` arms and `pulls` pulls (an error if the state space is too large).
    pub fn solve(arms: usize, pulls: usize) -> Result<BayesOptimal, ConfigError> {
        if arms == 0 || pulls == 0 || pulls > u16::MAX as usize {
            return Err(ConfigError::new(
                "pulls",
                "the Bayes-optimal value needs at least one arm and one pull",
            ));
        }
        Self::check_size(arms, pulls)?;
        let mut b = BayesOptimal {
            arms,
            pulls,
            values: BTreeMap::new(),
        };
        let start = vec![(0u16, 0u16); arms];
        b.value(&start)?;
        Ok(b)
    }

    /// The expected total reward of optimal play from the start.
    pub fn value_at_start(&self) -> f64 {
        self.values[&vec![(0u16, 0u16); self.arms]]
    }

    /// States solved.
    pub fn states(&self) -> usize {
        self.values.len()
    }

    /// Q(x, a) for every arm, given each arm's successes and failures so far (the expected
    /// total reward of the remaining pulls if arm a is pulled now and play is optimal after).
    /// Empty once every pull has been made.
    pub fn q_values(&self, successes: &[u64], failures: &[u64]) -> Vec<f64> {
        let state: State = successes
            .iter()
            .zip(failures)
            .map(|(&s, &f)| (s.min(u16::MAX as u64) as u16, f.min(u16::MAX as u64) as u16))
            .collect();
        let made: usize = state.iter().map(|&(s, f)| (s + f) as usize).sum();
        if made >= self.pulls || state.len() != self.arms {
            return Vec::new();
        }
        (0..self.arms)
            .map(|a| {
                let (s, f) = state[a];
                let m = (s as f64 + 1.0) / ((s + f) as f64 + 2.0);
                let win = self.lookup(&with(&state, a, (s + 1, f)));
                let lose = self.lookup(&with(&state, a, (s, f + 1)));
                m * (1.0 + win) + (1.0 - m) * lose
            })
            .collect()
    }

    fn lookup(&self, state: &State) -> f64 {
        let mut key = state.clone();
        key.sort_unstable();
        self.values.get(&key).copied().unwrap_or(0.0)
    }

    fn value(&mut self, state: &State) -> Result<f64, ConfigError> {
        let made: usize = state.iter().map(|&(s, f)| (s + f) as usize).sum();
        if made >= self.pulls {
            return Ok(0.0);
        }
        let mut key = state.clone();
        key.sort_unstable();
        if let Some(&v) = self.values.get(&key) {
            return Ok(v);
        }
        if self.values.len() >= MAX_STATES {
            return Err(ConfigError::new(
                "pulls",
                format!(
                    "the Bayes-optimal value of {} pulls of {} arms has more than {MAX_STATES} states: use fewer pulls or arms",
                    self.pulls, self.arms
                ),
            ));
        }
        let mut best = f64::NEG_INFINITY;
        for a in 0..key.len() {
            // Arms with the same counts give the same value: try one of them.
            if a > 0 && key[a] == key[a - 1] {
                continue;
            }
            let (s, f) = key[a];
            let m = (s as f64 + 1.0) / ((s + f) as f64 + 2.0);
            let win = self.value(&with(&key, a, (s + 1, f)))?;
            let lose = self.value(&with(&key, a, (s, f + 1)))?;
            let q = m * (1.0 + win) + (1.0 - m) * lose;
            if q > best {
                best = q;
            }
        }
        self.values.insert(key, best);
        Ok(best)
    }
}

fn with(state: &State, a: usize, counts: (u16, u16)) -> State {
    let mut next = state.clone();
    next[a] = counts;
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_pull_is_worth_one_half() {
        let b = BayesOptimal::solve(3, 1).unwrap();
        assert_eq!(b.value_at_start(), 0.5);
    }

    #[test]
    fn two_arms_two_pulls_by_hand() {
        // Pull an arm (1/2). After a success its mean is 2/3: pull it again. After a failure
        // its mean is 1/3 and the other arm's 1/2: switch. V = 1/2 + 1/2 * 2/3 + 1/2 * 1/2.
        let b = BayesOptimal::solve(2, 2).unwrap();
        let want = 0.5 + 0.5 * (2.0 / 3.0) + 0.5 * 0.5;
        assert!((b.value_at_start() - want).abs() < 1e-15);
        // After one failure on arm 0: Q(0) = 1/3, Q(1) = 1/2.
        let q = b.q_values(&[0, 0], &[1, 0]);
        assert!((q[0] - 1.0 / 3.0).abs() < 1e-15 && (q[1] - 0.5).abs() < 1e-15);
    }

    #[test]
    fn one_arm_is_worth_one_half_per_pull() {
        let b = BayesOptimal::solve(1, 7).unwrap();
        assert!((b.value_at_start() - 3.5).abs() < 1e-12);
    }

    #[test]
    fn the_ceiling_lies_between_a_half_and_the_best_arm_per_pull() {
        // E[max of 5 U(0,1)] = 5/6 per pull is unreachable without knowing the means; 1/2 is
        // what any fixed arm gets.
        let b = BayesOptimal::solve(5, 10).unwrap();
        let v = b.value_at_start();
        assert!(v > 6.0 && v < 10.0 * 5.0 / 6.0, "{v}");
    }

    #[test]
    fn too_large_problems_are_refused_with_a_message() {
        let e = BayesOptimal::solve(50, 500).unwrap_err();
        assert_eq!(e.field, "pulls");
    }
}
