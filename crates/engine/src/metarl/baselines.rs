//! The players a trained agent is measured against, on the same task draws.
//!
//! Every player fills one role, [`BlockPlayer`]: it is told when a new task begins, picks arms
//! and sees their rewards, with the end of each episode marked. Baselines:
//!
//! - any bandit-lab policy ([`PolicyPlayer`]): random (`uniform`), epsilon-greedy, UCB1,
//!   Thompson, Gittins, ... Each starts afresh with every task and learns over the whole block
//!   (all its episodes), with the block's expected length as its horizon;
//! - [`GreedyPlayer`]: the posterior-mean greedy player of RL^2's table (Beta(1, 1) prior,
//!   m = (S + 1) / (N + 2), ties at random): it never explores on purpose;
//! - [`BayesPlayer`]: Bayes-optimal play. On RL^2's one-episode tasks, by dynamic programming
//!   ([`crate::metarl::bayes`]). On block tasks of one-pull episodes the block ends after each
//!   pull with probability 1/n, so the problem is a discounted bandit with gamma = 1 - 1/n, and
//!   the Gittins index policy is Bayes-optimal (the Gittins index theorem).
//!
//! On the gridworld ([`crate::metarl::grid`]) the bandit players make no sense and the
//! baselines are those of [`crate::metarl::grid_players`]: a random walk, a systematic
//! search that remembers the block's visited cells, and the oracle that knows the goal.

use super::bayes::BayesOptimal;
use super::grid::GridTask;
use super::grid_players::{GridOracle, GridSearch, RandomWalk};
use super::llm_player::LlmPlayerConfig;
use super::tasks::{ArmModel, BanditTask, Task};
use crate::bandits::policies::gittins::GittinsParams;
use crate::bandits::policies::PolicyConfig;
use crate::bandits::policy::{Context, Policy, Setup};
use crate::error::ConfigError;
use crate::rng::Rng;
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// A player of blocks: bandit blocks, and (through the two provided methods) gridworld
/// blocks.
pub trait BlockPlayer {
    /// A new task begins: forget everything about the last one.
    fn start_block(&mut self, task: &BanditTask);
    /// The arm (on the gridworld, the move) to make next.
    fn choose(&mut self, rng: &mut Rng) -> usize;
    /// `arm` paid `reward`; `episode_end` marks the last pull of an episode.
    fn observe(&mut self, arm: usize, reward: f64, episode_end: bool);
    /// A new gridworld block begins, its goal at `goal`. Only the oracle may look at the goal;
    /// every other player must ignore it.
    fn start_grid_block(&mut self, _grid: &GridTask, _goal: usize) {}
    /// The gridworld: the cell the player stands on, shown before each choice.
    fn see(&mut self, _cell: usize) {}
}

/// A baseline player: `{"kind": "policy", "policy": {...}}`, `{"kind": "greedy"}` or
/// `{"kind": "bayes_optimal"}` on bandits; `{"kind": "random_walk"}`, `{"kind": "search"}` or
/// `{"kind": "oracle"}` on the gridworld.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", deny_unknown_fields)]
pub enum Baseline {
    /// A bandit-lab policy, restarted with every task.
    #[serde(rename = "policy")]
    Policy { policy: PolicyConfig },
    /// Pull the arm with the highest posterior mean.
    #[serde(rename = "greedy")]
    Greedy,
    /// The Bayes-optimal player (see the module docs for when it exists).
    #[serde(rename = "bayes_optimal")]
    BayesOptimal,
    /// The gridworld: a uniformly random move every step.
    #[serde(rename = "random_walk")]
    RandomWalk,
    /// The gridworld: head for the nearest cell not yet visited in this block; once the goal
    /// is found, go straight back to it.
    #[serde(rename = "search")]
    Search,
    /// The gridworld: knows the goal and walks a shortest path to it (the ceiling).
    #[serde(rename = "oracle")]
    Oracle,
    /// A language model, on the first `blocks` evaluation blocks of a bandit task.
    #[serde(rename = "llm")]
    Llm(LlmPlayerConfig),
}

impl Baseline {
    /// A bandit-lab policy as a baseline.
    pub fn policy(policy: PolicyConfig) -> Baseline {
        Baseline::Policy { policy }
    }

    pub fn label(&self) -> String {
        match self {
            Baseline::Policy { policy } => match policy {
                PolicyConfig::Uniform(_) => "Random".into(),
                p => p.label(),
            },
            Baseline::Greedy => "Greedy".into(),
            Baseline::BayesOptimal => "Bayes-optimal".into(),
            Baseline::RandomWalk => "Random walk".into(),
            Baseline::Search => "Search".into(),
            Baseline::Oracle => "Oracle".into(),
            Baseline::Llm(c) => c.label(),
        }
    }

    /// The LLM player's config, for an LLM baseline.
    pub fn llm(&self) -> Option<&LlmPlayerConfig> {
        match self {
            Baseline::Llm(c) => Some(c),
            _ => None,
        }
    }

    /// True for the gridworld's players.
    pub fn is_grid(&self) -> bool {
        matches!(
            self,
            Baseline::RandomWalk | Baseline::Search | Baseline::Oracle
        )
    }

    /// Check the baseline against either task family: bandit players only on bandits,
    /// gridworld players only on the gridworld.
    pub fn validate_for(&self, task: &Task) -> Result<(), ConfigError> {
        match task {
            Task::Bandit(t) => self.validate(t),
            Task::Grid(_) if self.is_grid() => Ok(()),
            Task::Grid(_) => Err(ConfigError::new(
                "kind",
                format!(
                    "{} plays bandits; on the gridworld use random_walk, search or oracle",
                    self.label()
                ),
            )),
        }
    }

    /// A player for either task family. Call [`Baseline::validate_for`] first.
    pub fn build_for(&self, task: &Task) -> Result<Box<dyn BlockPlayer>, ConfigError> {
        match task {
            Task::Bandit(t) => self.build(t),
            Task::Grid(_) => Ok(match self {
                Baseline::Search => Box::new(GridSearch::default()),
                Baseline::Oracle => Box::new(GridOracle::default()),
                _ => Box::new(RandomWalk),
            }),
        }
    }

    pub fn validate(&self, task: &BanditTask) -> Result<(), ConfigError> {
        match self {
            Baseline::RandomWalk | Baseline::Search | Baseline::Oracle => Err(ConfigError::new(
                "kind",
                format!(
                    "{} plays the gridworld; on bandits use a policy, greedy or bayes_optimal",
                    self.label()
                ),
            )),
            Baseline::Policy { policy } => {
                if policy.is_llm() || policy.needs_context() {
                    return Err(ConfigError::new(
                        "policy.kind",
                        format!("{} cannot be a baseline here", policy.label()),
                    ));
                }
                policy.validate(&setup(task)).map_err(|e| e.under("policy"))
            }
            Baseline::Greedy => Ok(()),
            // Its size depends on the evaluation: see MetarlExperiment::validate.
            Baseline::Llm(_) => Ok(()),
            Baseline::BayesOptimal => {
                if task.arm_model != ArmModel::Bernoulli {
                    return Err(ConfigError::new(
                        "kind",
                        "the Bayes-optimal player is computed for Bernoulli arms only",
                    ));
                }
                if task.single_episode() {
                    BayesOptimal::check_size(task.arms, task.pulls).map_err(|e| {
                        ConfigError::new("kind", format!("the Bayes-optimal player: {}", e.message))
                    })
                } else if task.pulls == 1 {
                    Ok(())
                } else {
                    Err(ConfigError::new(
                        "kind",
                        "the Bayes-optimal player needs one episode per task or one pull per episode",
                    ))
                }
            }
        }
    }

    /// A player for `task`. Call [`Baseline::validate`] first.
    pub fn build(&self, task: &BanditTask) -> Result<Box<dyn BlockPlayer>, ConfigError> {
        Ok(match self {
            Baseline::Policy { policy } => Box::new(PolicyPlayer::new(policy.clone())),
            Baseline::RandomWalk | Baseline::Search | Baseline::Oracle => {
                return Err(ConfigError::new("kind", "a gridworld player"))
            }
            Baseline::Llm(c) => Box::new(c.detached()),
            Baseline::Greedy => Box::new(GreedyPlayer::default()),
            Baseline::BayesOptimal if task.single_episode() => Box::new(BayesPlayer::new(
                BayesOptimal::solve(task.arms, task.pulls)?,
            )),
            Baseline::BayesOptimal => {
                Box::new(PolicyPlayer::new(PolicyConfig::Gittins(GittinsParams {
                    discount: 1.0 - 1.0 / task.block_mean,
                    table_pulls: task.expected_pulls().clamp(50, 1000),
                    ..GittinsParams::default()
                })))
            }
        })
    }
}

fn setup(task: &BanditTask) -> Setup {
    Setup {
        arms: task.arms,
        horizon: task.expected_pulls(),
        dim: 0,
    }
}

/// A bandit-lab policy, rebuilt for every task.
pub struct PolicyPlayer {
    config: PolicyConfig,
    policy: Option<Box<dyn Policy>>,
    t: usize,
}

impl PolicyPlayer {
    pub fn new(config: PolicyConfig) -> PolicyPlayer {
        PolicyPlayer {
            config,
            policy: None,
            t: 0,
        }
    }
}

impl BlockPlayer for PolicyPlayer {
    fn start_block(&mut self, task: &BanditTask) {
        self.policy = Some(self.config.build(&setup(task)));
        self.t = 0;
    }
    fn choose(&mut self, rng: &mut Rng) -> usize {
        self.t += 1;
        match &mut self.policy {
            Some(p) => p.choose(self.t, Context::NONE, rng),
            None => 0,
        }
    }
    fn observe(&mut self, arm: usize, reward: f64, _episode_end: bool) {
        if let Some(p) = &mut self.policy {
            p.observe(self.t, arm, reward, Context::NONE);
        }
    }
}

/// Posterior-mean greedy: (S_a + 1) / (N_a + 2), the highest, ties at random.
#[derive(Default)]
pub struct GreedyPlayer {
    sums: Vec<f64>,
    pulls: Vec<f64>,
    means: Vec<f64>,
}

impl BlockPlayer for GreedyPlayer {
    fn start_block(&mut self, task: &BanditTask) {
        self.sums = vec![0.0; task.arms];
        self.pulls = vec![0.0; task.arms];
        self.means = vec![0.5; task.arms];
    }
    fn choose(&mut self, rng: &mut Rng) -> usize {
        rng.argmax(&self.means)
    }
    fn observe(&mut self, arm: usize, reward: f64, _episode_end: bool) {
        self.sums[arm] += reward;
        self.pulls[arm] += 1.0;
        self.means[arm] = (self.sums[arm] + 1.0) / (self.pulls[arm] + 2.0);
    }
}

/// Bayes-optimal play of a one-episode Bernoulli task, from the solved value function.
pub struct BayesPlayer {
    solved: Rc<BayesOptimal>,
    successes: Vec<u64>,
    failures: Vec<u64>,
}

impl BayesPlayer {
    pub fn new(solved: BayesOptimal) -> BayesPlayer {
        BayesPlayer {
            solved: Rc::new(solved),
            successes: Vec::new(),
            failures: Vec::new(),
        }
    }
}

impl BlockPlayer for BayesPlayer {
    fn start_block(&mut self, task: &BanditTask) {
        self.successes = vec![0; task.arms];
        self.failures = vec![0; task.arms];
    }
    fn choose(&mut self, rng: &mut Rng) -> usize {
        let q = self.solved.q_values(&self.successes, &self.failures);
        if q.is_empty() {
            // Past the horizon the solver was built for: act greedily.
            let m: Vec<f64> = (0..self.successes.len())
                .map(|a| {
                    (self.successes[a] as f64 + 1.0)
                        / ((self.successes[a] + self.failures[a]) as f64 + 2.0)
                })
                .collect();
            return rng.argmax(&m);
        }
        // Q values of equivalent arms are computed by the same arithmetic, so exact ties are
        // real ties.
        rng.argmax(&q)
    }
    fn observe(&mut self, arm: usize, reward: f64, _episode_end: bool) {
        if reward >= 0.5 {
            self.successes[arm] += 1;
        } else {
            self.failures[arm] += 1;
        }
    }
}
