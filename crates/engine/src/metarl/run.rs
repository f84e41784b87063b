//! A meta-RL experiment's run. Units: first every classical baseline (evaluated on the
//! evaluation draws), then every training run (agent x seed), each trained for `updates`
//! updates and evaluated every `eval.every` updates on the same evaluation draws, and last,
//! with LLM players, one unit per evaluation block they play (all of them on that block, their
//! replies from the transcript: see [`super::llm_player`]). Units before the LLM blocks depend
//! only on the config, so the worker pool trains several agents at once with the same bits;
//! the LLM blocks are replayed in order, by the runner that commits them.

use super::agent::Agent;
use super::baselines::Baseline;
use super::eval::{evaluate, evaluate_task, EvalStats};
use super::llm_player::{Recording, Scripted};
use super::nn::params_digest;
use super::train::{Learner, UpdateStats};
use super::MetarlExperiment;
use crate::error::ConfigError;
use crate::lab::{LabRunner, Sliced};
use crate::llm::oracle::{probe_pending, record_reply};
use crate::llm::{AgentLink, AgentStats, Exchange, Oracle, OracleHandle, PendingCall, UnitEnd};
use crate::rng::Streams;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
    /// On all the evaluation blocks; an LLM player's on the first `eval.blocks` it played.
    pub eval: EvalStats,
    /// An LLM player's decisions, fallbacks and calls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub llm: Option<AgentStats>,
}

/// One evaluation block played by the LLM players.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LlmBlock {
    pub block: u64,
    /// The arms each LLM player chose, in the order of the LLM baselines (none for a player
    /// that plays fewer blocks).
    pub arms: Vec<Vec<u16>>,
}

/// What one unit produced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum MetarlOutcome {
    Baseline(BaselineResult),
    Run(RunResult),
    Llm(LlmBlock),
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
    /// The runs being trained, while the experiment runs (by this runner and by the pool's
    /// helpers, in unit order; never in finished results, so they do not enter the digest).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub live: Vec<LiveRun>,
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
    /// Training runs other runners (a pool's helpers) reported part way through, by unit.
    remote: BTreeMap<usize, LiveRun>,
    /// Answers the LLM players from the experiment's transcript.
    oracle: OracleHandle,
    /// Set when an LLM block could not be completed from the transcript.
    stop: Option<UnitEnd>,
}

/// The name LLM player `j` (0-based, among the LLM baselines) asks under: "LLM 1".
pub fn llm_agent_name(j: usize) -> String {
    format!("LLM {}", j + 1)
}

impl MetarlRunner {
    pub fn new(cfg: &MetarlExperiment) -> Result<MetarlRunner, ConfigError> {
        cfg.validate()?;
        Ok(MetarlRunner {
            cfg: cfg.clone(),
            done: Vec::new(),
            live: None,
            oracle: Oracle::handle(cfg.transcript.clone()),
            stop: None,
            remote: BTreeMap::new(),
        })
    }

    /// Play evaluation block `b` with every LLM player that plays it; `None` (with
    /// [`LabRunner::stopped`] set) when a reply is not recorded or does not match.
    fn llm_block(&mut self, b: usize) -> Option<MetarlOutcome> {
        let cfg = &self.cfg;
        self.oracle.borrow_mut().begin_unit(b);
        let mut arms = Vec::new();
        for (j, l) in cfg.llm_players().enumerate() {
            if b >= l.blocks {
                arms.push(Vec::new());
                continue;
            }
            let mut player = l.player(AgentLink {
                oracle: self.oracle.clone(),
                agent: llm_agent_name(j),
                rounds: cfg.task.expected_pulls(),
            });
            let mut rec = Recording {
                player: &mut player,
                arms: Vec::new(),
            };
            evaluate(&cfg.task, &mut rec, cfg.seed, b as u64, 1, false);
            arms.push(rec.arms);
        }
        let end = self.oracle.borrow_mut().end_unit();
        if end != UnitEnd::Done {
            self.stop = Some(end);
            return None;
        }
        Some(MetarlOutcome::Llm(LlmBlock {
            block: b as u64,
            arms,
        }))
    }

    /// LLM player `j`'s statistics over the blocks played so far.
    fn llm_stats(&self, j: usize) -> AgentStats {
        self.oracle.borrow().stats_of(&llm_agent_name(j))
    }

    /// What the training run `t` of unit `unit` has learned so far.
    fn live_run(&self, unit: usize, t: &Training) -> LiveRun {
        let run = unit - self.cfg.classical_baselines();
        LiveRun {
            agent: run / self.cfg.seeds,
            seed_index: run % self.cfg.seeds,
            done: t.done,
            updates: self.cfg.updates as u64,
            curve: t.curve.clone(),
            params: t.agent().net.params,
        }
    }

    /// The training run of unit `unit`, continued if it is the live one.
    fn training(&mut self, unit: usize) -> Option<(usize, usize, Training)> {
        let r = unit.checked_sub(self.cfg.classical_baselines())?;
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

    /// Units: classical baselines, then agent-major training runs, then the LLM players'
    /// evaluation blocks.
    pub fn unit_count(&self) -> usize {
        self.first_llm_unit() + self.llm_blocks()
    }

    /// Baselines that are not LLM players (one unit each).
    pub fn classical_baselines(&self) -> usize {
        self.baselines.iter().filter(|b| b.llm().is_none()).count()
    }

    /// The unit of the first LLM block (the number of units without them).
    pub fn first_llm_unit(&self) -> usize {
        self.classical_baselines() + self.agents.len() * self.seeds
    }

    /// Compute unit `unit` (not an LLM block: the runner plays those, with its transcript).
    pub fn compute_unit(&self, unit: usize) -> Option<MetarlOutcome> {
        if unit < self.classical_baselines() {
            let b = self
                .baselines
                .iter()
                .filter(|b| b.llm().is_none())
                .nth(unit)?;
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
                llm: None,
            }));
        }
        let r = unit - self.classical_baselines();
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
        unit >= self.classical_baselines() && unit < self.first_llm_unit()
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
    /// Every unit before the LLM blocks; those are replayed in order (the oracle counts the
    /// calls of the blocks it answers).
    fn independent_until(&self) -> usize {
        self.done.len().max(self.cfg.first_llm_unit())
    }
    fn compute(&mut self, unit: usize) -> Option<MetarlOutcome> {
        if let Some(b) = unit.checked_sub(self.cfg.first_llm_unit()) {
            return self.llm_block(b);
        }
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
            return self.compute(unit).map(Sliced::Done);
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
        let done = self.done.len();
        self.remote.retain(|&u, _| u >= done);
    }
    fn slice_progress(&self) -> Option<String> {
        let (unit, t) = self.live.as_ref()?;
        serde_json::to_string(&self.live_run(*unit, t)).ok()
    }
    fn note_progress(&mut self, unit: usize, json: Option<&str>) -> Result<(), String> {
        let Some(json) = json else {
            self.remote.remove(&unit);
            return Ok(());
        };
        if !self.cfg.is_training_unit(unit) || unit < self.done.len() {
            return Err(format!("unit {unit} is not a training run in progress"));
        }
        let live: LiveRun = serde_json::from_str(json).map_err(|e| e.to_string())?;
        let run = unit - self.cfg.classical_baselines();
        if (live.agent, live.seed_index) != (run / self.cfg.seeds, run % self.cfg.seeds) {
            return Err(format!("the report of unit {unit} is of another run"));
        }
        self.remote.insert(unit, live);
        Ok(())
    }
    fn results(&self) -> MetarlResults {
        let mut r = MetarlResults::default();
        let mut live: BTreeMap<usize, LiveRun> = self.remote.clone();
        if let Some((unit, t)) = &self.live {
            live.insert(*unit, self.live_run(*unit, t));
        }
        r.live = live.into_values().collect();
        let mut classical = Vec::new();
        let mut llm_blocks = Vec::new();
        for o in &self.done {
            match o {
                MetarlOutcome::Baseline(b) => classical.push(b.clone()),
                MetarlOutcome::Run(run) => r.runs.push(run.clone()),
                MetarlOutcome::Llm(b) => llm_blocks.push(b),
            }
        }
        // The baselines in the config's order: the classical ones as computed, each LLM
        // player from the arms it chose, replayed on the same draws (the same statistics).
        let mut classical = classical.into_iter();
        let mut j = 0;
        for b in &self.cfg.baselines {
            match b {
                Baseline::Llm(l) => {
                    let arms: Vec<Vec<u16>> = llm_blocks
                        .iter()
                        .take(l.blocks)
                        .map(|blk| blk.arms.get(j).cloned().unwrap_or_default())
                        .collect();
                    if !arms.is_empty() {
                        let mut player = Scripted::new(&arms);
                        let eval = evaluate(
                            &self.cfg.task,
                            &mut player,
                            self.cfg.seed,
                            0,
                            arms.len() as u64,
                            true,
                        );
                        r.baselines.push(BaselineResult {
                            label: b.label(),
                            eval,
                            llm: Some(self.llm_stats(j)),
                        });
                    }
                    j += 1;
                }
                _ => r.baselines.extend(classical.next()),
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
                MetarlOutcome::Llm(b) => b.arms.iter().map(|a| a.len() as u64).sum(),
            })
            .sum()
    }

    fn stopped(&self) -> Option<&UnitEnd> {
        self.stop.as_ref()
    }

    /// The next request of each of the next `max` LLM blocks that wait for a reply, starting
    /// with the one the run stopped at (blocks are independent: ask them at once).
    fn pending_calls(&mut self, max: usize) -> Vec<PendingCall> {
        if matches!(self.stop, Some(UnitEnd::Mismatch(_))) {
            return Vec::new();
        }
        let stop = self.stop.take();
        let oracle = self.oracle.clone();
        let first = self.done.len().saturating_sub(self.cfg.first_llm_unit());
        let blocks = first..self.cfg.llm_blocks();
        let out = probe_pending(&oracle, max, blocks, |b| self.llm_block(b).is_some());
        self.stop = stop;
        out
    }

    fn record(&mut self, call: &PendingCall, exchange: Exchange) -> bool {
        record_reply(&self.oracle, &mut self.stop, call, exchange)
    }

    fn oracle(&self) -> Option<&OracleHandle> {
        self.cfg.has_llm().then_some(&self.oracle)
    }
}
