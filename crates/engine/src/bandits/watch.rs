//! One run, one round at a time: the "watch one run" view and the "you play" mode.
//!
//! A [`Watch`] replays repetition `rep` of an experiment exactly as the batch runner plays it
//! (same environment stream, same policy streams), so what a student watches is one of the
//! runs behind the averaged curves. A human player, if present, pulls arms on the same reward
//! draws and is compared with the algorithms.

use super::environment::EnvRun;
use super::policy::{ArmView, Context, Policy};
use super::run::BanditRunner;
use super::BanditExperiment;
use crate::error::ConfigError;
use crate::llm::{AgentLink, Oracle};
use crate::rng::Rng;

/// One player's running totals.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tally {
    /// Cumulative pseudo-regret after each round (index t-1).
    pub regret: Vec<f64>,
    /// Total reward collected.
    pub reward: f64,
    /// Pulls of each arm.
    pub pulls: Vec<u64>,
    /// Arm pulled in the last round.
    pub last_arm: Option<usize>,
    /// Reward received in the last round.
    pub last_reward: Option<f64>,
}

impl Tally {
    fn new(k: usize) -> Self {
        Tally {
            pulls: vec![0; k],
            ..Default::default()
        }
    }
    fn record(&mut self, arm: usize, reward: f64, regret: f64) {
        let prev = self.regret.last().copied().unwrap_or(0.0);
        self.regret.push(prev + regret);
        self.reward += reward;
        self.pulls[arm] += 1;
        self.last_arm = Some(arm);
        self.last_reward = Some(reward);
    }
    /// Cumulative regret so far.
    pub fn total_regret(&self) -> f64 {
        self.regret.last().copied().unwrap_or(0.0)
    }
}

/// A single run stepped by hand.
pub struct Watch {
    cfg: BanditExperiment,
    rep: usize,
    env: EnvRun,
    t: usize,
    policies: Vec<Box<dyn Policy>>,
    rngs: Vec<Rng>,
    /// Totals of each policy, in config order.
    pub tallies: Vec<Tally>,
    /// Totals of the human player (if playing).
    pub human: Option<Tally>,
    last_means: Vec<f64>,
}

impl Watch {
    /// Start repetition `rep` of `cfg` at round 0. With `human`, a human player takes part and
    /// must pass an arm to every [`Watch::step`].
    pub fn new(cfg: &BanditExperiment, rep: usize, human: bool) -> Result<Self, ConfigError> {
        let runner = BanditRunner::new(cfg)?;
        let setup = cfg.setup();
        let rngs = runner
            .stream_ids()
            .iter()
            .map(|(id, occ)| BanditRunner::policy_rng(cfg.seed, rep, id, *occ))
            .collect();
        let mut policies: Vec<Box<dyn Policy>> =
            cfg.policies.iter().map(|p| p.build(&setup)).collect();
        if cfg.has_llm() {
            // LLM policies replay the repetition's recorded replies, as in the batch run; past
            // the recording they fall back to random arms.
            let oracle = Oracle::handle(cfg.transcript.clone());
            oracle.borrow_mut().begin_unit(rep);
            for (i, p) in policies.iter_mut().enumerate() {
                p.connect(&AgentLink {
                    oracle: oracle.clone(),
                    agent: super::run::agent_name(i),
                    rounds: cfg.horizon,
                });
            }
        }
        Ok(Watch {
            cfg: cfg.clone(),
            rep,
            env: cfg.environment.realize(cfg.seed, rep, cfg.horizon),
            t: 0,
            policies,
            rngs,
            tallies: vec![Tally::new(setup.arms); cfg.policies.len()],
            human: if human {
                Some(Tally::new(setup.arms))
            } else {
                None
            },
            last_means: Vec::new(),
        })
    }

    /// Rounds played so far.
    pub fn round(&self) -> usize {
        self.t
    }

    pub fn repetition(&self) -> usize {
        self.rep
    }

    pub fn config(&self) -> &BanditExperiment {
        &self.cfg
    }

    /// True when the horizon is reached.
    pub fn finished(&self) -> bool {
        self.t >= self.cfg.horizon
    }

    /// The arms' expected rewards in the last round played (hidden from the human until the
    /// end of the game).
    pub fn last_means(&self) -> &[f64] {
        &self.last_means
    }

    /// Each policy's current view of the arms.
    pub fn views(&self) -> Vec<Vec<ArmView>> {
        self.policies.iter().map(|p| p.arms()).collect()
    }

    /// Play one round. `human_arm` is the human's pull (required when a human plays, ignored
    /// otherwise). Returns false (and does nothing) at the horizon or on a bad human arm.
    pub fn step(&mut self, human_arm: Option<usize>) -> bool {
        if self.finished() {
            return false;
        }
        let k = self.env.arms();
        if self.human.is_some() && !matches!(human_arm, Some(a) if a < k) {
            return false;
        }
        self.t += 1;
        let t = self.t;
        let dim = self.cfg.environment.dim();
        let round = self.env.round(t);
        let ctx = Context {
            features: round.features,
            dim,
        };
        let best = round.means[round.best];
        for (i, p) in self.policies.iter_mut().enumerate() {
            let a = p.choose(t, ctx, &mut self.rngs[i]);
            if p.full_feedback() {
                p.observe_all(t, a, round.rewards, ctx);
            } else {
                p.observe(t, a, round.rewards[a], ctx);
            }
            self.tallies[i].record(a, round.rewards[a], best - round.means[a]);
        }
        if let (Some(h), Some(a)) = (self.human.as_mut(), human_arm) {
            h.record(a, round.rewards[a], best - round.means[a]);
        }
        self.last_means = round.means.to_vec();
        true
    }

    /// Play up to `n` rounds (without a human).
    pub fn advance(&mut self, n: usize) -> usize {
        let mut played = 0;
        while played < n && self.step(None) {
            played += 1;
        }
        played
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bandits::presets;

    #[test]
    fn watch_replays_the_batch_runs_repetition() {
        let mut cfg = presets::classic();
        cfg.horizon = 300;
        cfg.repetitions = 3;
        let batch = BanditRunner::new(&cfg).unwrap().run_to_end();
        for rep in 0..3 {
            let mut w = Watch::new(&cfg, rep, false).unwrap();
            w.advance(usize::MAX);
            for (i, p) in batch.policies.iter().enumerate() {
                assert_eq!(
                    w.tallies[i].total_regret().to_bits(),
                    p.final_regret[rep].to_bits(),
                    "{} rep {rep}",
                    p.label
                );
            }
        }
    }

    #[test]
    fn human_plays_on_the_same_draws() {
        let mut cfg = presets::classic();
        cfg.horizon = 50;
        let mut w = Watch::new(&cfg, 0, true).unwrap();
        assert!(!w.step(None), "a human game needs the human's arm");
        assert!(!w.step(Some(99)), "out-of-range arm is refused");
        let best = 8; // means 0.1..0.9: arm 8 is best
        while w.step(Some(best)) {}
        assert_eq!(w.round(), 50);
        assert_eq!(w.human.as_ref().unwrap().total_regret(), 0.0);
        assert_eq!(w.human.as_ref().unwrap().pulls[best], 50);
    }
}
