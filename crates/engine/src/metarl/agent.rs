//! The recurrent agent: a GRU that sees, at each pull, the previous arm (one-hot), the
//! previous reward and whether this pull starts an episode (on the gridworld also the cell it
//! stands on, one-hot), and outputs either action values (the greedy Q-learner) or action
//! preferences and a state value (the actor-critic).
//!
//! Memory (the ablation knob of "Exploitation Is All You Need... for Exploration"):
//!
//! - `full`: the hidden state runs through the whole block (it is reset when a new task
//!   begins, as RL^2 resets it between trials);
//! - `episode`: the hidden state is reset at the start of every episode, and the previous arm
//!   and reward are not shown across the boundary: nothing carries over between episodes;
//! - `window`: only the last `steps` pulls are seen (the GRU is rerun from zeros over them at
//!   every pull), the recurrent analogue of a short context window.
//!
//! The same [`encode`] builds the inputs when the agent plays and when it is trained, so the
//! two see the same sequence.

use super::baselines::BlockPlayer;
use super::grid::GridTask;
use super::nn::{Net, NetConfig, Tape};
use super::tasks::{BanditTask, Task};
pub use crate::bandits::policies::weights::softmax;
use crate::error::{check_count, ConfigError};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// What the agent remembers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", deny_unknown_fields)]
pub enum Memory {
    /// Everything since the task began.
    #[serde(rename = "full")]
    Full,
    /// Nothing from earlier episodes.
    #[serde(rename = "episode")]
    Episode,
    /// The last `steps` pulls.
    #[serde(rename = "window")]
    Window { steps: usize },
}

impl Memory {
    pub fn validate(&self) -> Result<(), ConfigError> {
        if let Memory::Window { steps } = self {
            check_count("memory.steps", *steps, 1, 100)?;
        }
        Ok(())
    }

    pub fn label(&self) -> String {
        match self {
            Memory::Full => "full memory".into(),
            Memory::Episode => "reset every episode".into(),
            Memory::Window { steps } => format!("last {steps} pulls"),
        }
    }
}

/// What the network's outputs mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Head {
    /// One value per arm; play the highest.
    Values,
    /// One preference per arm (softmax policy) and a state value.
    PolicyValue,
}

impl Head {
    pub fn outputs(self, arms: usize) -> usize {
        match self {
            Head::Values => arms,
            Head::PolicyValue => arms + 1,
        }
    }
}

/// What the agent sees before each choice: `actions` (the previous action one-hot), then
/// the previous reward, whether this pull starts an episode, and `cells` (the current cell
/// one-hot; 0 on bandits, which have no observation, so the bandit inputs are unchanged).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    pub actions: usize,
    pub cells: usize,
}

impl Shape {
    /// The shape for `task`.
    pub fn of(task: &Task) -> Shape {
        Shape {
            actions: task.actions(),
            cells: task.cells(),
        }
    }

    /// A bandit's shape: `arms` actions, no observation.
    pub fn bandit(arms: usize) -> Shape {
        Shape {
            actions: arms,
            cells: 0,
        }
    }

    /// Inputs per pull: actions + 2 + cells.
    pub fn width(self) -> usize {
        self.actions + 2 + self.cells
    }
}

/// One pull of a recorded block.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pull {
    pub arm: u16,
    pub reward: f64,
    /// True on the first pull of an episode.
    pub starts_episode: bool,
    /// The gridworld: the cell the player stood on when it chose (0 on bandits).
    #[serde(default)]
    pub cell: u16,
}

/// True when the hidden state is cleared before pull `t` (a new task, or a new episode
/// without memory across episodes).
pub fn cut(memory: &Memory, pulls: &[Pull], t: usize) -> bool {
    t == 0 || (pulls[t].starts_episode && *memory == Memory::Episode)
}

/// The input row for pull `t` (what the agent sees before making it). The current cell is
/// shown even after a cut: it is what the agent observes now, not a memory.
pub fn input_row(shape: Shape, memory: &Memory, pulls: &[Pull], t: usize, row: &mut [f64]) {
    let arms = shape.actions;
    row.iter_mut().for_each(|v| *v = 0.0);
    if !cut(memory, pulls, t) {
        let prev = pulls[t - 1];
        row[prev.arm as usize] = 1.0;
        row[arms] = prev.reward;
    }
    row[arms + 1] = if pulls[t].starts_episode { 1.0 } else { 0.0 };
    if shape.cells > 0 {
        row[arms + 2 + (pulls[t].cell as usize).min(shape.cells - 1)] = 1.0;
    }
}

/// The input rows ((to - from) x inputs) and hidden-state resets for pulls `from..to` of a
/// recorded block, the GRU starting from zeros at `from`.
pub fn encode(
    shape: Shape,
    memory: &Memory,
    pulls: &[Pull],
    from: usize,
    to: usize,
    xs: &mut Vec<f64>,
    resets: &mut Vec<bool>,
) {
    let n = shape.width();
    xs.clear();
    xs.resize((to - from) * n, 0.0);
    resets.clear();
    for t in from..to {
        let i = t - from;
        input_row(shape, memory, pulls, t, &mut xs[i * n..(i + 1) * n]);
        resets.push(i == 0 || cut(memory, pulls, t));
    }
}

/// The first pull the agent sees when it acts at pull `t`, under a window of `steps` pulls.
pub fn window_start(t: usize, steps: usize) -> usize {
    (t + 1).saturating_sub(steps)
}

/// A trained (or training) agent, as a player.
#[derive(Clone, Debug)]
pub struct Agent {
    pub net: Net,
    pub memory: Memory,
    pub head: Head,
    /// Play the highest-valued arm (true) or sample the softmax policy (false; actor-critic).
    pub greedy: bool,
    shape: Shape,
    /// The cell shown before the next choice (the gridworld).
    cell: u16,
    pulls: Vec<Pull>,
    h: Vec<f64>,
    h_next: Vec<f64>,
    y: Vec<f64>,
    xs: Vec<f64>,
    resets: Vec<bool>,
    tape: Tape,
    next_starts_episode: bool,
}

impl Agent {
    pub fn new(net: Net, memory: Memory, head: Head, greedy: bool) -> Agent {
        let arms = match head {
            Head::Values => net.config.outputs,
            Head::PolicyValue => net.config.outputs.saturating_sub(1),
        };
        let shape = Shape {
            actions: arms,
            cells: net.config.inputs.saturating_sub(arms + 2),
        };
        Agent {
            h: net.zero_state(),
            h_next: net.zero_state(),
            y: vec![0.0; net.config.outputs],
            net,
            memory,
            head,
            greedy,
            shape,
            cell: 0,
            pulls: Vec::new(),
            xs: Vec::new(),
            resets: Vec::new(),
            tape: Tape::new(),
            next_starts_episode: true,
        }
    }

    /// A network shaped for this task and head.
    pub fn net_config(task: &Task, hidden: usize, head: Head) -> NetConfig {
        let shape = Shape::of(task);
        NetConfig {
            inputs: shape.width(),
            hidden,
            outputs: head.outputs(shape.actions),
        }
    }

    /// The outputs behind the last choice: action values, or preferences then the value.
    pub fn outputs(&self) -> &[f64] {
        &self.y
    }

    /// The policy's probabilities behind the last choice (softmax of the preferences; for the
    /// greedy value head, 1 on the arms tied at the top).
    pub fn probabilities(&self) -> Vec<f64> {
        let z = &self.y[..self.shape.actions];
        match self.head {
            Head::PolicyValue => softmax(z),
            Head::Values => {
                let best = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let ties = z.iter().filter(|&&v| v == best).count().max(1) as f64;
                z.iter()
                    .map(|&v| if v == best { 1.0 / ties } else { 0.0 })
                    .collect()
            }
        }
    }

    /// Pulls so far in this block.
    pub fn history(&self) -> &[Pull] {
        &self.pulls
    }

    fn think(&mut self) {
        let shape = self.shape;
        let t = self.pulls.len();
        // The pull about to be made, with a placeholder arm, so the encoder sees it.
        self.pulls.push(Pull {
            arm: 0,
            reward: 0.0,
            starts_episode: self.next_starts_episode,
            cell: self.cell,
        });
        if let Memory::Window { steps } = self.memory {
            let from = window_start(t, steps);
            encode(
                shape,
                &self.memory,
                &self.pulls,
                from,
                t + 1,
                &mut self.xs,
                &mut self.resets,
            );
            let zero = self.net.zero_state();
            self.net
                .forward(&zero, &self.xs, &self.resets, &mut self.tape);
            self.y.copy_from_slice(self.tape.y(self.tape.len() - 1));
        } else {
            self.xs.resize(shape.width(), 0.0);
            input_row(shape, &self.memory, &self.pulls, t, &mut self.xs);
            if cut(&self.memory, &self.pulls, t) {
                self.h.iter_mut().for_each(|v| *v = 0.0);
            }
            self.net
                .step(&self.h, &self.xs, &mut self.h_next, &mut self.y);
            std::mem::swap(&mut self.h, &mut self.h_next);
        }
    }
}

impl Agent {
    fn reset(&mut self) {
        self.pulls.clear();
        self.h.iter_mut().for_each(|v| *v = 0.0);
        self.next_starts_episode = true;
        self.cell = 0;
    }
}

impl BlockPlayer for Agent {
    fn start_block(&mut self, _task: &BanditTask) {
        self.reset();
    }
    fn start_grid_block(&mut self, _grid: &GridTask, _goal: usize) {
        self.reset();
    }
    fn see(&mut self, cell: usize) {
        self.cell = cell as u16;
    }
    fn choose(&mut self, rng: &mut Rng) -> usize {
        self.think();
        let arms = self.shape.actions;
        let arm = if self.greedy || self.head == Head::Values {
            rng.argmax(&self.y[..arms])
        } else {
            rng.categorical(&softmax(&self.y[..arms]))
        };
        if let Some(p) = self.pulls.last_mut() {
            p.arm = arm as u16;
        }
        arm
    }
    fn observe(&mut self, _arm: usize, reward: f64, episode_end: bool) {
        if let Some(p) = self.pulls.last_mut() {
            p.reward = reward;
        }
        self.next_starts_episode = episode_end;
    }
}
