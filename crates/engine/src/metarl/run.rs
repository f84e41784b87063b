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
use crate::lab::{LabRunner, Sliced};
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

/// A training run in progress (in partial results only: finished results have none).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LiveRun {
    /// Index into the experiment's agents.
    pub agent: usize,
    /// Which seed of that agent (0-based).
    pub seed_index: usize,
    /// Updates done, of `updates`.
    pub done: u64,
    pub updates: u64,
    /// The learning curve so far.
    pub curve: Vec<CurvePoint>,
    /// The network's parameters as they are now (what was learned so far).
    pub params: Vec<f64>,
}

/// Everything a meta-RL run produced.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MetarlResults {
    pub baselines: Vec<BaselineResult>,
    pub runs: Vec<RunResult>,
    /// The run being trained, while the experiment runs (never in finished results, so it
    /// does not enter their digest).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live: Option<LiveRun>,
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

/// Updates in one slice of a training run ([`LabRunner::compute_slice`]): some tens of
/// milliseconds, so the page can pause inside a run and its curve grows smoothly.
pub const SLICE_UPDATES: u64 = 16;

/// Runs a meta-RL experiment unit by unit.
pub struct MetarlRunner {
    cfg: MetarlExperiment,
    done: Vec<MetarlOutcome>,
    /// The training run of unit `.0`, part way through.
    live: Option<(usize, Training)>,
}

impl MetarlRunner {
    pub fn new(cfg: &MetarlExperiment) -> Result<MetarlRunner, ConfigError> {
        cfg.validate()?;
        Ok(MetarlRunner {
            cfg: cfg.clone(),
            done: Vec::new(),
            live: None,
        })
    }

    /// The training run of unit `unit`, continued if it is the live one.
    fn training(&mut self, unit: usize) -> Option<(usize, usize, Training)> {
        let r = unit.checked_sub(self.cfg.baselines.len())?;
        if r >= self.cfg.agents.len() * self.cfg.seeds {
            return None;
        }
        let (agent, seed_index) = (r / self.cfg.seeds, r % self.cfg.seeds);
        let t = match self.live.take() {
            Some((u, t)) if u == unit => t,
            _ => Training::new(&self.cfg, agent, seed_index),
        };
        Some((agent, seed_index, t))
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

    /// True when unit `unit` is a training run.
    pub fn is_training_unit(&self, unit: usize) -> bool {
        unit >= self.baselines.len() && unit < self.unit_count()
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
        if !self.cfg.is_training_unit(unit) {
            return self.cfg.compute_unit(unit);
        }
        let (agent, seed_index, mut t) = self.training(unit)?;
        t.advance(&self.cfg, agent, self.cfg.updates as u64);
        Some(MetarlOutcome::Run(t.result(&self.cfg, agent, seed_index)))
    }
    fn sliced(&self) -> bool {
        true
    }
    fn compute_slice(&mut self, unit: usize) -> Option<Sliced<MetarlOutcome>> {
        if !self.cfg.is_training_unit(unit) {
            return self.cfg.compute_unit(unit).map(Sliced::Done);
        }
        let (agent, seed_index, mut t) = self.training(unit)?;
        t.advance(&self.cfg, agent, SLICE_UPDATES);
        if t.finished(&self.cfg) {
            return Some(Sliced::Done(MetarlOutcome::Run(
                t.result(&self.cfg, agent, seed_index),
            )));
        }
        self.live = Some((unit, t));
        Some(Sliced::Partial)
    }
    fn commit(&mut self, outcome: MetarlOutcome) {
        self.done.push(outcome);
        if self
            .live
            .as_ref()
            .is_some_and(|(u, _)| *u < self.done.len())
        {
            self.live = None;
        }
    }
    fn results(&self) -> MetarlResults {
        let mut r = MetarlResults::default();
        if let Some((unit, t)) = &self.live {
            let run = unit - self.cfg.baselines.len();
            r.live = Some(LiveRun {
                agent: run / self.cfg.seeds,
                seed_index: run % self.cfg.seeds,
                done: t.done,
                updates: self.cfg.updates as u64,
                curve: t.curve.clone(),
                params: t.agent().net.params,
            });
        }
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
