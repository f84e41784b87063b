//! A meta-RL experiment's run. Units: first every baseline (evaluated on the evaluation
//! draws), then every training run (agent x seed), each trained for `updates` updates and
//! evaluated every `eval.every` updates on the same evaluation draws. Units depend only on the
//! config, so the worker pool trains several agents at once with the same bits.

use super::agent::Agent;
use super::eval::{evaluate_task, EvalStats};
use super::nn::params_digest;
use super::train::{Learner, UpdateStats};
use super::MetarlExperiment;
use crate::error::ConfigError;
use crate::lab::LabRunner;
use crate::rng::Streams;
use serde::{Deserialize, Serialize};

/// One point of a learning curve.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CurvePoint {
    /// Updates done.
    pub update: u64,
    /// Mean reward per pull of the training blocks of the last `eval.every` updates.
    pub train_reward: f64,
    /// Mean reward per pull on the evaluation draws.
    pub eval_reward: f64,
    /// Mean loss over the last `eval.every` updates.
    pub loss: f64,
}

/// A trained agent and how it got there.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunResult {
    /// Index into the experiment's agents.
    pub agent: usize,
    /// Which seed of that agent (0-based).
    pub seed_index: usize,
    /// The training seed derived for this run.
    pub seed: u64,
    pub curve: Vec<CurvePoint>,
    /// The trained agent on the evaluation draws.
    pub eval: EvalStats,
    /// The trained network's parameters, and their digest.
    pub params: Vec<f64>,
    pub params_digest: String,
    /// Pulls simulated (training and evaluation).
    pub pulls: u64,
}

/// A baseline on the evaluation draws.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BaselineResult {
    pub label: String,
    pub eval: EvalStats,
}

/// What one unit produced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum MetarlOutcome {
    Baseline(BaselineResult),
    Run(RunResult),
}

/// Everything a meta-RL run produced.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MetarlResults {
    pub baselines: Vec<BaselineResult>,
    pub runs: Vec<RunResult>,
}

/// A live training run (one agent, one seed), advanced a chunk of updates at a time: the same
/// bits however it is chunked.
pub struct Training {
    learner: Box<dyn Learner>,
    /// Updates done.
    pub done: u64,
    pub curve: Vec<CurvePoint>,
    window: Vec<UpdateStats>,
    pulls: u64,
    seed: u64,
}

impl Training {
    /// Run `agent` of `cfg` with seed number `seed_index` (not started).
    pub fn new(cfg: &MetarlExperiment, agent: usize, seed_index: usize) -> Training {
        let seed = cfg.run_seed(agent, seed_index);
        let spec = &cfg.agents[agent];
        Training {
            learner: spec.train.build(&cfg.training_task(agent), seed),
            done: 0,
            curve: Vec::new(),
            window: Vec::new(),
            pulls: 0,
            seed,
        }
    }

    /// Up to `k` more updates (stopping at `cfg.updates`); a curve point every `eval.every`.
    pub fn advance(&mut self, cfg: &MetarlExperiment, agent: usize, k: u64) {
        let task = cfg.training_task(agent);
        let end = (self.done + k).min(cfg.updates as u64);
        while self.done < end {
            let s = self.learner.update(&task, self.seed, self.done);
            self.done += 1;
            self.window.push(s);
            if self.done.is_multiple_of(cfg.eval.every as u64) || self.done == cfg.updates as u64 {
                let eval = self.evaluate(cfg, false);
                let n = self.window.len().max(1) as f64;
                self.curve.push(CurvePoint {
                    update: self.done,
                    train_reward: self.window.iter().map(|s| s.reward_per_pull).sum::<f64>() / n,
                    eval_reward: eval.reward_per_pull,
                    loss: self.window.iter().map(|s| s.loss).sum::<f64>() / n,
                });
                self.window.clear();
            }
        }
    }

    /// True once every update is done.
    pub fn finished(&self, cfg: &MetarlExperiment) -> bool {
        self.done >= cfg.updates as u64
    }

    /// The agent as it plays now.
    pub fn agent(&self) -> Agent {
        self.learner.agent()
    }

    fn evaluate(&mut self, cfg: &MetarlExperiment, calibrate: bool) -> EvalStats {
        let mut agent = self.learner.agent();
        let s = evaluate_task(
            &cfg.eval_task(),
            &mut agent,
            cfg.seed,
            0,
            cfg.eval.blocks as u64,
            calibrate,
        );
        self.pulls += s.pulls;
        s
    }

    /// The finished run's result.
    pub fn result(mut self, cfg: &MetarlExperiment, agent: usize, seed_index: usize) -> RunResult {
        let eval = self.evaluate(cfg, true);
        let params = self.learner.agent().net.params;
        let train_pulls = self.done
            * cfg.agents[agent].train.blocks_per_update() as u64
            * cfg.training_task(agent).expected_pulls() as u64;
        RunResult {
            agent,
            seed_index,
            seed: self.seed,
            curve: self.curve,
            eval,
            params_digest: params_digest(&params),
            params,
            pulls: self.pulls + train_pulls,
        }
    }
}

/// Runs a meta-RL experiment unit by unit.
pub struct MetarlRunner {
    cfg: MetarlExperiment,
    done: Vec<MetarlOutcome>,
}

impl MetarlRunner {
    pub fn new(cfg: &MetarlExperiment) -> Result<MetarlRunner, ConfigError> {
        cfg.validate()?;
        Ok(MetarlRunner {
            cfg: cfg.clone(),
            done: Vec::new(),
        })
    }
}

impl MetarlExperiment {
    /// The training seed of `agent`'s seed number `seed_index`.
    pub fn run_seed(&self, agent: usize, seed_index: usize) -> u64 {
        Streams::new(self.seed, &["metarl/run".into()])
            .child(&[agent.into(), seed_index.into()])
            .next_u64()
    }

    /// Units: baselines, then agent-major training runs.
    pub fn unit_count(&self) -> usize {
        self.baselines.len() + self.agents.len() * self.seeds
    }

    /// Compute unit `unit`.
    pub fn compute_unit(&self, unit: usize) -> Option<MetarlOutcome> {
        if unit < self.baselines.len() {
            let b = &self.baselines[unit];
            let task = self.eval_task();
            let mut player = b.build_for(&task).ok()?;
            let eval = evaluate_task(
                &task,
                player.as_mut(),
                self.seed,
                0,
                self.eval.blocks as u64,
                true,
            );
            return Some(MetarlOutcome::Baseline(BaselineResult {
                label: b.label(),
                eval,
            }));
        }
        let r = unit - self.baselines.len();
        if r >= self.agents.len() * self.seeds {
            return None;
        }
        let (agent, seed_index) = (r / self.seeds, r % self.seeds);
        let mut t = Training::new(self, agent, seed_index);
        t.advance(self, agent, self.updates as u64);
        Some(MetarlOutcome::Run(t.result(self, agent, seed_index)))
    }
}

impl LabRunner for MetarlRunner {
    type Results = MetarlResults;
    type Outcome = MetarlOutcome;

    fn total(&self) -> usize {
        self.cfg.unit_count()
    }
    fn done(&self) -> usize {
        self.done.len()
    }
    fn independent_until(&self) -> usize {
        self.total()
    }
    fn compute(&mut self, unit: usize) -> Option<MetarlOutcome> {
        self.cfg.compute_unit(unit)
    }
    fn commit(&mut self, outcome: MetarlOutcome) {
        self.done.push(outcome);
    }
    fn results(&self) -> MetarlResults {
        let mut r = MetarlResults::default();
        for o in &self.done {
            match o {
                MetarlOutcome::Baseline(b) => r.baselines.push(b.clone()),
                MetarlOutcome::Run(run) => r.runs.push(run.clone()),
            }
        }
        r
    }
    fn work_done(&self) -> u64 {
        self.done
            .iter()
            .map(|o| match o {
                MetarlOutcome::Baseline(b) => b.eval.pulls,
                MetarlOutcome::Run(r) => r.pulls,
            })
            .sum()
    }
}
