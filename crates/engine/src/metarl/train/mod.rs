//! Training the recurrent agent: one role ([`Learner`]), two implementations.
//!
//! - [`greedy_q`]: the greedy-objective value learner of "Exploitation Is All You Need... for
//!   Exploration" (2025): recurrent Q-learning that always plays its highest-valued arm (no
//!   epsilon, no entropy bonus, no exploration reward), with a double-Q target from a
//!   Polyak-averaged target network and replay of whole blocks;
//! - [`a2c`]: an advantage actor-critic in the style of RL^2 (Duan et al. 2016) and Wang et
//!   al. (2016), for the RL^2 comparison.
//!
//! Both see whole blocks (one task) as one sequence, from a zeroed hidden state, through
//! [`Unroll`], which also implements the memory ablation. Discounting: `gamma` between two
//! pulls of the same episode, `gamma_episode` from the last pull of an episode to the first of
//! the next (0 removes long-horizon credit across episodes); a block's end is terminal.
//!
//! Randomness: update u draws its training blocks u * B .. u * B + B from
//! [`BanditTask::training_block`] (or [`GridTask::training_block`]), the agent's choices from ("metarl/train-play", u, j) and the
//! replay sample from ("metarl/replay", u); the network starts from ("metarl/init"). So a run
//! is the same bits whatever chunks it is cut into.

pub mod a2c;
pub mod greedy_q;

use super::agent::{encode, window_start, Agent, Memory, Pull, Shape};
use super::baselines::{BlockPlayer, PolicyPlayer};
use super::grid::{GridBlock, GridTask};
use super::grid_players::RandomWalk;
use super::nn::{clip_grad_norm, AdamConfig, Net, Tape};
use super::tasks::{BanditTask, Block, Task};
use crate::bandits::policies::PolicyConfig;
use crate::error::{check_count, check_range, ConfigError};
use crate::rng::{Rng, Streams};
use serde::{Deserialize, Serialize};

/// How to train an agent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct TrainConfig {
    /// GRU units (4 to 128).
    pub hidden: usize,
    /// What the agent remembers.
    pub memory: Memory,
    /// Discount between pulls of one episode (0 to 1).
    pub gamma: f64,
    /// Discount from one episode to the next within a block (0 to 1).
    pub gamma_episode: f64,
    /// Adam's step size and moments.
    pub adam: AdamConfig,
    /// Largest gradient norm (larger gradients are scaled down to it).
    pub clip: f64,
    /// The learning rule.
    pub method: Method,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            hidden: 32,
            memory: Memory::Full,
            gamma: 1.0,
            gamma_episode: 0.9,
            adam: AdamConfig {
                lr: 3e-3,
                ..AdamConfig::default()
            },
            clip: 1.0,
            method: Method::GreedyQ(greedy_q::GreedyQParams::default()),
        }
    }
}

/// The learning rule: `{"kind": "greedy_q", ...}` or `{"kind": "a2c", ...}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", deny_unknown_fields)]
pub enum Method {
    #[serde(rename = "greedy_q")]
    GreedyQ(greedy_q::GreedyQParams),
    #[serde(rename = "a2c")]
    A2c(a2c::A2cParams),
}

impl TrainConfig {
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_count("hidden", self.hidden, 4, 128)?;
        self.memory.validate()?;
        check_range("gamma", self.gamma, 0.0, 1.0)?;
        check_range("gamma_episode", self.gamma_episode, 0.0, 1.0)?;
        check_range("adam.lr", self.adam.lr, 1e-6, 1.0)?;
        check_range("adam.beta1", self.adam.beta1, 0.0, 0.9999)?;
        check_range("adam.beta2", self.adam.beta2, 0.0, 0.999999)?;
        check_range("adam.eps", self.adam.eps, 1e-12, 1.0)?;
        check_range("clip", self.clip, 1e-6, 1e6)?;
        match &self.method {
            Method::GreedyQ(p) => p.validate().map_err(|e| e.under("method")),
            Method::A2c(p) => p.validate().map_err(|e| e.under("method")),
        }
    }

    /// A fresh learner for `task`, its network initialised from `seed`. Validate first.
    pub fn build(&self, task: &Task, seed: u64) -> Box<dyn Learner> {
        let mut rng = Streams::new(seed, &["metarl/init".into()]).child(&[]);
        match &self.method {
            Method::GreedyQ(p) => Box::new(greedy_q::GreedyQ::new(task, self, p, &mut rng)),
            Method::A2c(p) => Box::new(a2c::A2c::new(task, self, p, &mut rng)),
        }
    }

    /// New blocks played per update.
    pub fn blocks_per_update(&self) -> usize {
        match &self.method {
            Method::GreedyQ(p) => p.collect_blocks,
            Method::A2c(p) => p.batch_blocks,
        }
    }

    /// The discount from pull t to pull t + 1 of a block.
    pub fn discount(&self, pulls: &[Pull], t: usize) -> f64 {
        if pulls[t + 1].starts_episode {
            self.gamma_episode
        } else {
            self.gamma
        }
    }

    /// Discounted returns G_t = r_t + g_t G_{t+1}, the block's end terminal.
    pub fn returns(&self, pulls: &[Pull], out: &mut Vec<f64>) {
        out.clear();
        out.resize(pulls.len(), 0.0);
        let mut g = 0.0;
        for t in (0..pulls.len()).rev() {
            g = if t + 1 < pulls.len() {
                pulls[t].reward + self.discount(pulls, t) * g
            } else {
                pulls[t].reward
            };
            out[t] = g;
        }
    }
}

/// What one update did.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct UpdateStats {
    /// Mean reward per pull of the blocks collected in this update.
    pub reward_per_pull: f64,
    /// The loss minimised (its meaning depends on the method).
    pub loss: f64,
    /// The gradient norm before clipping (0 when no step was taken).
    pub grad_norm: f64,
}

/// A training algorithm: improves its agent one update at a time.
pub trait Learner {
    /// Update number `u` (counted from 0, one after another): collect experience on
    /// `task`'s training draws seeded `seed` and take one gradient step.
    fn update(&mut self, task: &Task, seed: u64, u: u64) -> UpdateStats;
    /// The agent as it plays now (greedy for the value learner, sampling for actor-critic).
    fn agent(&self) -> Agent;
}

/// Play one training block with `agent`, recording every pull.
pub fn collect(
    task: &BanditTask,
    block: &mut Block,
    agent: &mut dyn BlockPlayer,
    rng: &mut Rng,
) -> Vec<Pull> {
    agent.start_block(task);
    let mut pulls = Vec::with_capacity(block.total_pulls());
    for _ in 0..block.episodes {
        for i in 0..task.pulls {
            let arm = agent.choose(rng).min(task.arms - 1);
            let reward = block.pull(arm);
            agent.observe(arm, reward, i + 1 == task.pulls);
            pulls.push(Pull {
                arm: arm as u16,
                reward,
                starts_episode: i == 0,
                cell: 0,
            });
        }
    }
    pulls
}

/// Play one gridworld block with `agent`, recording every move with the cell it was made
/// from. An episode ends on the goal (reward 1) or after `grid.steps` moves.
pub fn collect_grid(
    grid: &GridTask,
    block: GridBlock,
    agent: &mut dyn BlockPlayer,
    rng: &mut Rng,
) -> Vec<Pull> {
    agent.start_grid_block(grid, block.goal);
    let mut pulls = Vec::with_capacity(block.episodes * grid.steps);
    for _ in 0..block.episodes {
        let mut cell = grid.start();
        for i in 0..grid.steps {
            agent.see(cell);
            let a = agent.choose(rng).min(3);
            let next = grid.step(cell, a);
            let reward = if next == block.goal { 1.0 } else { 0.0 };
            let end = reward > 0.0 || i + 1 == grid.steps;
            agent.observe(a, reward, end);
            pulls.push(Pull {
                arm: a as u16,
                reward,
                starts_episode: i == 0,
                cell: cell as u16,
            });
            cell = next;
            if end {
                break;
            }
        }
    }
    pulls
}

/// Play training block `index` of `task`'s draws seeded `seed` with `agent`.
pub fn collect_training(
    task: &Task,
    seed: u64,
    index: u64,
    agent: &mut dyn BlockPlayer,
    rng: &mut Rng,
) -> Vec<Pull> {
    match task {
        Task::Bandit(t) => {
            let mut block = t.training_block(seed, index);
            collect(t, &mut block, agent, rng)
        }
        Task::Grid(g) => collect_grid(g, g.training_block(seed, index), agent, rng),
    }
}

/// A player that acts uniformly at random (to fill a replay buffer before greedy play).
pub fn random_player(task: &Task) -> Box<dyn BlockPlayer> {
    match task {
        Task::Bandit(_) => Box::new(PolicyPlayer::new(PolicyConfig::Uniform(Default::default()))),
        Task::Grid(_) => Box::new(RandomWalk),
    }
}

/// The network run over a recorded block under a memory setting, kept for backpropagation.
#[derive(Clone, Debug, Default)]
pub struct Unroll {
    xs: Vec<f64>,
    resets: Vec<bool>,
    tapes: Vec<Tape>,
    dys: Vec<f64>,
    /// The outputs at every pull (T x outputs).
    pub ys: Vec<f64>,
    outputs: usize,
}

impl Unroll {
    /// Run `net` over `pulls`. With full or per-episode memory this is one pass over the
    /// block; with a window of X pulls, one pass of at most X pulls per pull.
    pub fn forward(&mut self, net: &Net, shape: Shape, memory: &Memory, pulls: &[Pull]) {
        let o = net.config.outputs;
        self.outputs = o;
        self.ys.clear();
        self.ys.resize(pulls.len() * o, 0.0);
        let zero = net.zero_state();
        match memory {
            Memory::Window { steps } => {
                if self.tapes.len() < pulls.len() {
                    self.tapes.resize_with(pulls.len(), Tape::new);
                }
                for t in 0..pulls.len() {
                    let from = window_start(t, *steps);
                    encode(
                        shape,
                        memory,
                        pulls,
                        from,
                        t + 1,
                        &mut self.xs,
                        &mut self.resets,
                    );
                    let tape = &mut self.tapes[t];
                    net.forward(&zero, &self.xs, &self.resets, tape);
                    self.ys[t * o..(t + 1) * o].copy_from_slice(tape.y(tape.len() - 1));
                }
            }
            _ => {
                if self.tapes.is_empty() {
                    self.tapes.push(Tape::new());
                }
                encode(
                    shape,
                    memory,
                    pulls,
                    0,
                    pulls.len(),
                    &mut self.xs,
                    &mut self.resets,
                );
                net.forward(&zero, &self.xs, &self.resets, &mut self.tapes[0]);
                self.ys.copy_from_slice(self.tapes[0].ys());
            }
        }
    }

    /// The outputs at pull `t`.
    pub fn y(&self, t: usize) -> &[f64] {
        &self.ys[t * self.outputs..(t + 1) * self.outputs]
    }

    /// Accumulate into `grad` the gradient of a loss whose derivative with respect to the
    /// outputs at every pull is `dys` (T x outputs), for the last [`Unroll::forward`].
    pub fn backward(&mut self, net: &Net, memory: &Memory, dys: &[f64], grad: &mut [f64]) {
        let o = self.outputs;
        let t_len = dys.len() / o.max(1);
        match memory {
            Memory::Window { .. } => {
                for t in 0..t_len {
                    let d = &dys[t * o..(t + 1) * o];
                    if d.iter().all(|&v| v == 0.0) {
                        continue;
                    }
                    let tape = &self.tapes[t];
                    let n = tape.len();
                    self.dys.clear();
                    self.dys.resize(n * o, 0.0);
                    self.dys[(n - 1) * o..].copy_from_slice(d);
                    net.backward(tape, &self.dys, grad);
                }
            }
            _ => net.backward(&self.tapes[0], dys, grad),
        }
    }
}

/// Scale `grad` by 1 / n, clip its norm and return the norm before clipping.
pub fn finish_gradient(grad: &mut [f64], n: usize, clip: f64) -> f64 {
    let scale = 1.0 / n.max(1) as f64;
    grad.iter_mut().for_each(|g| *g *= scale);
    clip_grad_norm(grad, clip)
}
