//! Explore-then-commit (Lattimore & Szepesvari 2020, ch. 6, Algorithm 1; Slivkins 2019,
//! ch. 1.2).
//!
//! Pull every arm m times in round-robin order (A_t = (t - 1) mod K for t <= mK), then commit
//! for the rest of the game to the arm with the best empirical mean (ties broken at random).
//!
//! The best m depends on the gaps, which are unknown. Without them, Slivkins (2019, Theorem
//! 1.5) takes m = (T/K)^(2/3) (ln T)^(1/3) pulls per arm, which gives regret
//! O(T^(2/3) (K ln T)^(1/3)). The automatic choice here is that rule rounded up,
//! m = max(1, ceil((T/K)^(2/3) (ln T)^(1/3))), capped at max(1, floor(T/K)) so that the
//! exploration fits in the horizon. An explicit m larger than T/K is allowed: the policy then
//! explores for the whole game.

use super::About;
use crate::bandits::policy::{ArmView, Context, Counts, Policy, Setup};
use crate::error::{check_count, ConfigError};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "Explore-then-commit",
    what: "Tries every arm the same number of times, then bets everything on the arm that looked best and never changes its mind.",
    guarantee: "With m = (T/K)^(2/3) (ln T)^(1/3) pulls per arm, regret O(T^(2/3) (K ln T)^(1/3)); with m tuned to a known gap, O(ln T / Delta) for two arms. Too little exploration risks committing to a bad arm forever.",
    source: "Lattimore & Szepesvari (2020), Bandit Algorithms, ch. 6; Slivkins (2019), Introduction to Multi-Armed Bandits, ch. 1.",
};

/// How long to explore.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct ExploreThenCommitParams {
    /// Pulls of each arm before committing, m (at least 1). None (null): the automatic rule
    /// max(1, ceil((T/K)^(2/3) (ln T)^(1/3))).
    pub explore: Option<usize>,
}

/// The automatic exploration length per arm: max(1, ceil((T/K)^(2/3) (ln T)^(1/3))), at most
/// max(1, floor(T/K)).
pub fn auto_explore(arms: usize, horizon: usize) -> usize {
    let k = arms.max(1) as f64;
    let t = horizon.max(1) as f64;
    let m = f64::ceil(libm::pow(t / k, 2.0 / 3.0) * libm::cbrt(libm::log(t)));
    let cap = (horizon / arms.max(1)).max(1);
    (m as usize).clamp(1, cap)
}

impl ExploreThenCommitParams {
    pub fn validate(&self, setup: &Setup) -> Result<(), ConfigError> {
        let Some(m) = self.explore else {
            return Ok(());
        };
        check_count("explore", m, 1, 10_000_000)?;
        let most = (setup.horizon / setup.arms.max(1)).max(1);
        if m > most {
            return Err(ConfigError::new(
                "explore",
                format!(
                    "exploring {m} rounds per arm takes {m} x {} arms, more than the {} rounds of the run, so it would never commit: at most {most}",
                    setup.arms, setup.horizon
                ),
            ));
        }
        Ok(())
    }
    pub fn label(&self) -> String {
        match self.explore {
            None => "ETC".into(),
            Some(m) => format!("ETC (m={m})"),
        }
    }
    pub fn build(&self, setup: &Setup) -> Box<dyn Policy> {
        let m = self
            .explore
            .unwrap_or_else(|| auto_explore(setup.arms, setup.horizon));
        Box::new(ExploreThenCommit {
            counts: Counts::new(setup.arms),
            explore_rounds: m as u64 * setup.arms as u64,
            committed: None,
            t: 0,
        })
    }
}

pub struct ExploreThenCommit {
    counts: Counts,
    /// m K: the rounds spent exploring.
    explore_rounds: u64,
    committed: Option<usize>,
    /// The last round played.
    t: usize,
}

impl ExploreThenCommit {
    /// The arms with the best empirical mean (the candidates for the commitment).
    fn leaders(&self) -> Vec<usize> {
        let k = self.counts.arms();
        let means: Vec<f64> = (0..k).map(|a| self.counts.mean(a)).collect();
        let best = means
            .iter()
            .cloned()
            .filter(|m| !m.is_nan())
            .fold(f64::NEG_INFINITY, f64::max);
        let leaders: Vec<usize> = (0..k).filter(|&a| means[a] == best).collect();
        if leaders.is_empty() {
            (0..k).collect()
        } else {
            leaders
        }
    }
}

impl Policy for ExploreThenCommit {
    fn choose(&mut self, t: usize, _ctx: Context<'_>, rng: &mut Rng) -> usize {
        self.t = t;
        let k = self.counts.arms();
        if (t as u64) <= self.explore_rounds {
            return (t - 1) % k;
        }
        if let Some(a) = self.committed {
            return a;
        }
        let leaders = self.leaders();
        let a = leaders[rng.below(leaders.len())];
        self.committed = Some(a);
        a
    }
    fn observe(&mut self, _t: usize, arm: usize, reward: f64, _ctx: Context<'_>) {
        self.counts.add(arm, reward);
    }
    fn arms(&self) -> Vec<ArmView> {
        let k = self.counts.arms();
        let next = self.t + 1;
        let mut prob = vec![0.0; k];
        if (next as u64) <= self.explore_rounds {
            prob[(next - 1) % k] = 1.0;
        } else if let Some(a) = self.committed {
            prob[a] = 1.0;
        } else {
            let leaders = self.leaders();
            for &a in &leaders {
                prob[a] = 1.0 / leaders.len() as f64;
            }
        }
        let mut v = self.counts.views(|_| None);
        for (view, p) in v.iter_mut().zip(prob) {
            view.prob = Some(p);
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup(arms: usize, horizon: usize) -> Setup {
        Setup {
            arms,
            horizon,
            dim: 0,
        }
    }

    #[test]
    fn automatic_exploration_follows_the_published_rule() {
        // T = 10,000, K = 9: (10000/9)^(2/3) (ln 10000)^(1/3) = 107.2 * 2.096 = 224.7 -> 225.
        let want = ((10_000f64 / 9.0).powf(2.0 / 3.0) * 10_000f64.ln().cbrt()).ceil() as usize;
        assert_eq!(want, 225);
        assert_eq!(auto_explore(9, 10_000), want);
        // Capped so that m K <= T: K = 10, T = 20 gives at most 2 pulls per arm.
        assert_eq!(auto_explore(10, 20), 2);
        assert_eq!(auto_explore(10, 5), 1);
    }

    #[test]
    fn explores_round_robin_then_commits_to_the_best_mean() {
        let s = setup(3, 100);
        let mut p = ExploreThenCommitParams { explore: Some(2) }.build(&s);
        let mut rng = Rng::stream(1, &[]);
        // Arm 1 pays 1, the others 0.
        for t in 1..=6 {
            let a = p.choose(t, Context::NONE, &mut rng);
            assert_eq!(a, (t - 1) % 3, "round {t}");
            p.observe(t, a, if a == 1 { 1.0 } else { 0.0 }, Context::NONE);
        }
        let v = p.arms();
        assert_eq!(v[1].prob, Some(1.0));
        for t in 7..=100 {
            assert_eq!(p.choose(t, Context::NONE, &mut rng), 1);
            // Even bad news after committing does not change the choice.
            p.observe(t, 1, 0.0, Context::NONE);
        }
    }

    #[test]
    fn commitment_ties_are_broken_at_random() {
        let s = setup(2, 10);
        let mut firsts = [0usize; 2];
        for seed in 0..200 {
            let mut p = ExploreThenCommitParams { explore: Some(1) }.build(&s);
            let mut rng = Rng::stream(seed, &[]);
            for t in 1..=2 {
                let a = p.choose(t, Context::NONE, &mut rng);
                p.observe(t, a, 1.0, Context::NONE);
            }
            let v = p.arms();
            assert_eq!(v[0].prob, Some(0.5));
            firsts[p.choose(3, Context::NONE, &mut rng)] += 1;
        }
        assert!(firsts[0] > 60 && firsts[1] > 60, "{firsts:?}");
    }

    #[test]
    fn zero_exploration_is_refused_with_the_field_name() {
        let e = ExploreThenCommitParams { explore: Some(0) }
            .validate(&setup(3, 10))
            .unwrap_err();
        assert_eq!(e.field, "explore");
    }

    /// Accepted before: exploring 10 million rounds per arm in a 10-round run.
    #[test]
    fn exploring_longer_than_the_run_is_refused() {
        let p = ExploreThenCommitParams {
            explore: Some(10_000_000),
        };
        let e = p.validate(&setup(2, 10)).unwrap_err();
        assert_eq!(e.field, "explore");
        assert!(e.message.contains("never commit: at most 5"), "{e}");
        let ok = ExploreThenCommitParams { explore: Some(5) };
        assert!(ok.validate(&setup(2, 10)).is_ok());
    }
}
