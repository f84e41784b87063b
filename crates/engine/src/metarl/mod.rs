//! The meta-RL exploration lab: agents that learn, across many tasks, how to explore a new
//! one ("Exploitation Is All You Need... for Exploration", 2025; RL^2, Duan et al. 2016;
//! Wang et al. 2016).
//!
//! - [`tasks`]: the task distributions (Bernoulli bandits with U(0, 1) means as in RL^2, and
//!   block-structured bandits whose task repeats for a geometric number of episodes)
//! - [`grid`]: the gridworld (a hidden goal held for a block of episodes), its players
//!   ([`grid_players`]) and its evaluation ([`eval_grid`])
//! - [`nn`]: the engine's own small recurrent network (GRU, Adam), the same bits everywhere
//! - [`agent`]: the recurrent agent, its inputs and its memory ablation
//! - [`train`]: the learners (greedy-objective Q-learning, actor-critic)
//! - [`bayes`]: the exact Bayes-optimal value by dynamic programming (small n and k)
//! - [`baselines`]: the players the agent is measured against, and [`llm_player`]: a language
//!   model on the same blocks (the bandit lab's LLM player, recorded and replayed)
//! - [`eval`]: every player on the same task draws, with reward by pull and by episode
//! - [`posterior`]: the pseudo-Thompson check (choices against P(arm is best))
//! - [`run`]: the runner (baselines, then agent x seed training runs); [`presets`]
//! - [`watch`]: one evaluation block pull by pull, for watching the agent or playing it

pub mod agent;
pub mod baselines;
pub mod bayes;
pub mod eval;
pub mod eval_grid;
pub mod grid;
pub mod grid_players;
pub mod llm_player;
pub mod nn;
pub mod posterior;
pub mod presets;
pub mod run;
pub mod tasks;
pub mod train;
pub mod watch;

pub use run::{MetarlResults, MetarlRunner};

use crate::error::{check_count, check_range, ConfigError};
use crate::lab::{Lab, LabPreset};
use crate::llm::factors::{agent_number, check_known, Factor, FactorValue};
use crate::llm::{LlmConfig, Transcript};
use baselines::Baseline;
use grid::GridTask;
use serde::{Deserialize, Serialize};
use tasks::{BanditTask, Task};
use train::TrainConfig;

/// Most agents (training conditions) in one experiment.
pub const MAX_AGENTS: usize = 16;
/// Most training runs (agents x seeds).
pub const MAX_RUNS: usize = 64;
/// Most learning-curve points of one experiment (training runs x evaluations each), which
/// bounds the memory of its results (a point per `eval.every` updates, not per update).
pub const MAX_CURVE_POINTS: usize = 100_000;

/// One training condition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AgentSpec {
    /// Shown in legends ("" for an automatic label).
    #[serde(default)]
    pub label: String,
    pub train: TrainConfig,
    /// Train on tasks with this mean block length instead of the experiment's (the structure
    /// ablation: 1 removes the recurring structure). The agent is still evaluated on the
    /// experiment's task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub train_block_mean: Option<f64>,
}

impl AgentSpec {
    /// The legend label.
    pub fn label(&self) -> String {
        if !self.label.is_empty() {
            return self.label.clone();
        }
        let method = match &self.train.method {
            train::Method::GreedyQ(_) => "greedy Q",
            train::Method::A2c(_) => "actor-critic",
        };
        let mut parts = vec![method.to_string(), self.train.memory.label()];
        if let Some(n) = self.train_block_mean {
            parts.push(format!("n={n}"));
        }
        parts.push(format!("γ_ep={}", self.train.gamma_episode));
        parts.join(", ")
    }
}

/// How agents are scored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EvalSpec {
    /// Evaluation blocks (the same for every agent and baseline).
    pub blocks: usize,
    /// Updates between two points of the learning curve.
    pub every: usize,
}

/// A meta-RL experiment: everything needed to reproduce it, including the seed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MetarlExperiment {
    /// Experiment seed: the evaluation draws and every run's training seed derive from it.
    pub seed: u64,
    /// The bandit task distribution agents are evaluated on (and trained on, unless
    /// overridden); ignored when `grid` is set.
    pub task: BanditTask,
    /// Play the gridworld instead of the bandit `task` (absent: the bandit task). An optional
    /// field rather than a new kind of `task`, so that every existing config, link and digest
    /// stays as it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grid: Option<GridTask>,
    /// The agents trained.
    pub agents: Vec<AgentSpec>,
    /// Seeds per agent.
    pub seeds: usize,
    /// Updates per training run.
    pub updates: usize,
    pub eval: EvalSpec,
    /// Players evaluated on the same draws.
    pub baselines: Vec<Baseline>,
    /// The replies of the LLM players, by evaluation block (see [`crate::llm::oracle`]):
    /// recorded when the run asked the model, replayed when it is opened again. Absent
    /// without LLM players, so configs without them read and digest as before.
    #[serde(default, skip_serializing_if = "Transcript::is_empty")]
    pub transcript: Transcript,
}

impl Default for MetarlExperiment {
    fn default() -> Self {
        presets::blocks()
    }
}

impl MetarlExperiment {
    /// Check everything; the error names the field and says what would be accepted.
    pub fn validate(&self) -> Result<(), ConfigError> {
        match &self.grid {
            Some(g) => g.validate().map_err(|e| e.under("grid"))?,
            None => self.task.validate().map_err(|e| e.under("task"))?,
        }
        if self.agents.len() > MAX_AGENTS {
            return Err(ConfigError::new(
                "agents",
                format!("at most {MAX_AGENTS} agents"),
            ));
        }
        check_count("seeds", self.seeds, 1, MAX_RUNS)?;
        if self.agents.len() * self.seeds > MAX_RUNS {
            return Err(ConfigError::new(
                "seeds",
                format!(
                    "agents x seeds is {}; at most {MAX_RUNS} training runs",
                    self.agents.len() * self.seeds
                ),
            ));
        }
        check_count("updates", self.updates, 1, 1_000_000)?;
        check_count("eval.blocks", self.eval.blocks, 1, 100_000)?;
        check_count("eval.every", self.eval.every, 1, 1_000_000)?;
        let runs = self.agents.len() * self.seeds;
        let points = runs * self.updates.div_ceil(self.eval.every);
        if points > MAX_CURVE_POINTS {
            // The smallest interval whose curves fit: at most MAX / runs points per run.
            let every = self.updates.div_ceil(MAX_CURVE_POINTS / runs);
            return Err(ConfigError::new(
                "eval.every",
                format!(
                    "evaluating every {} updates gives {points} learning-curve points over {runs} training runs; at most {MAX_CURVE_POINTS}: evaluate every {every} updates or more",
                    self.eval.every
                ),
            ));
        }
        if self.agents.is_empty() && self.baselines.is_empty() {
            return Err(ConfigError::new(
                "agents",
                "add an agent to train or a baseline to evaluate",
            ));
        }
        for (i, a) in self.agents.iter().enumerate() {
            let at = format!("agents[{i}]");
            a.train
                .validate()
                .map_err(|e| e.under(&format!("{at}.train")))?;
            if let Some(n) = a.train_block_mean {
                check_range("train_block_mean", n, 1.0, 1000.0).map_err(|e| e.under(&at))?;
            }
            self.training_task(i)
                .validate()
                .map_err(|e| e.under(&format!("{at}.train_block_mean")))?;
        }
        for (i, b) in self.baselines.iter().enumerate() {
            let at = format!("baselines[{i}]");
            b.validate_for(&self.eval_task())
                .map_err(|e| e.under(&at))?;
            if let Some(l) = b.llm() {
                l.validate(&self.task, self.eval.blocks)
                    .map_err(|e| e.under(&at))?;
            }
        }
        self.transcript.validate()
    }

    /// The LLM players, in the order of the baselines.
    pub fn llm_players(&self) -> impl Iterator<Item = &llm_player::LlmPlayerConfig> {
        self.baselines.iter().filter_map(Baseline::llm)
    }

    /// True when a language model plays.
    pub fn has_llm(&self) -> bool {
        self.llm_players().next().is_some()
    }

    /// Evaluation blocks the LLM players play (the most any of them plays; 0 without one).
    pub fn llm_blocks(&self) -> usize {
        self.llm_players().map(|l| l.blocks).max().unwrap_or(0)
    }

    /// The same experiment with only what asks the model: its LLM players, no other baseline
    /// and no agent to train (what the host replays while it asks; see [`Lab::llm_only`]).
    pub fn llm_only(&self) -> MetarlExperiment {
        let mut e = self.clone();
        e.agents.clear();
        e.baselines.retain(|b| b.llm().is_some());
        e
    }

    /// The task every player is evaluated on: the gridworld if set, else the bandit task.
    pub fn eval_task(&self) -> Task {
        match &self.grid {
            Some(g) => Task::Grid(g.clone()),
            None => Task::Bandit(self.task.clone()),
        }
    }

    /// The task agent `i` trains on.
    pub fn training_task(&self, i: usize) -> Task {
        let mut t = self.eval_task();
        if let Some(n) = self.agents.get(i).and_then(|a| a.train_block_mean) {
            t.set_block_mean(n);
        }
        t
    }
}

/// The meta-RL lab in the registry ([`crate::labs`]): a unit is a baseline's evaluation or
/// one agent's training run.
pub struct MetarlLab;

impl Lab for MetarlLab {
    const ID: &'static str = "metarl";
    const TITLE: &'static str = "Meta-RL exploration";
    const WORK_UNIT: &'static str = "pulls";
    type Config = MetarlExperiment;
    type Results = MetarlResults;
    type Runner = MetarlRunner;

    fn validate(cfg: &MetarlExperiment) -> Result<(), ConfigError> {
        cfg.validate()
    }
    fn runner(cfg: &MetarlExperiment) -> Result<MetarlRunner, ConfigError> {
        MetarlRunner::new(cfg)
    }
    fn units(cfg: &MetarlExperiment) -> usize {
        cfg.unit_count()
    }
    fn unit_name(_cfg: &MetarlExperiment) -> &'static str {
        "baselines and training runs"
    }
    fn presets() -> Vec<LabPreset<MetarlExperiment>> {
        presets::all()
    }

    fn has_llm(cfg: &MetarlExperiment) -> bool {
        cfg.has_llm()
    }
    fn edit_llm(cfg: &mut MetarlExperiment, f: &mut dyn FnMut(&mut LlmConfig)) {
        for b in &mut cfg.baselines {
            if let Baseline::Llm(l) = b {
                f(&mut l.llm);
            }
        }
    }
    fn transcript(cfg: &MetarlExperiment) -> Option<&Transcript> {
        Some(&cfg.transcript)
    }
    fn set_transcript(cfg: &mut MetarlExperiment, transcript: Transcript) {
        cfg.transcript = transcript;
    }
    fn llm_only(cfg: &MetarlExperiment) -> MetarlExperiment {
        cfg.llm_only()
    }
    fn llm_factors(cfg: &MetarlExperiment) -> Vec<Factor> {
        cfg.llm_players()
            .next()
            .map(|l| crate::bandits::llm_factors::prompt_factors(&l.prompt))
            .unwrap_or_default()
    }
    fn set_llm_factor(
        cfg: &mut MetarlExperiment,
        id: &str,
        value: &FactorValue,
    ) -> Result<(), ConfigError> {
        check_known(id, &Self::llm_factors(cfg))?;
        let set = crate::bandits::llm_factors::prompt_setter(id, value)?;
        for b in &mut cfg.baselines {
            if let Baseline::Llm(l) = b {
                set(&mut l.prompt);
            }
        }
        Ok(())
    }
    fn llm_agent_label(cfg: &MetarlExperiment, agent: &str) -> String {
        agent_number(agent, "LLM ")
            .and_then(|i| cfg.llm_players().nth(i))
            .map_or_else(|| agent.to_string(), |l| l.label())
    }
    fn llm_unit_label(_cfg: &MetarlExperiment, unit: usize) -> String {
        format!("block {}", unit + 1)
    }
    fn llm_units_word(_cfg: &MetarlExperiment) -> &'static str {
        "blocks"
    }
}
