//! Task distributions for the meta-RL lab.
//!
//! A *block* is one task (one draw of the arm means) played for a number of *episodes* of
//! `pulls` pulls each. Two settings share this shape:
//!
//! - RL^2's Bernoulli bandits (Duan et al. 2016): means ~ U(0, 1), k arms, n pulls, one
//!   episode per block ([`BanditTask::rl2`]). An agent's memory lasts the n pulls.
//! - Block-structured bandits ("Exploitation Is All You Need... for Exploration", 2025): the
//!   same task is held fixed for a block of one-pull episodes whose length is geometric with
//!   mean n ([`BanditTask::blocks`]); n = 1 removes the recurring structure. The block length
//!   is hidden from the player, so the block bandit is a discounted bandit with discount
//!   1 - 1/n per pull, for which the Gittins index is Bayes-optimal.
//!
//! Randomness, per block b of an evaluation seeded `seed`: the task (means and block length)
//! comes from the stream ("metarl/task", b); arm a's rewards from ("metarl/rewards", b)
//! numbered stream a, the i-th pull of an arm taking that stream's i-th draw, so every player
//! sees the same outcome on the same pull of the same arm (common random numbers).

use super::grid::{self, GridTask};
use crate::error::{check_count, check_range, ConfigError};
use crate::rng::{Rng, StreamKey, Streams};
use serde::{Deserialize, Serialize};

/// How an arm pays, given its mean m ~ U(0, 1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", deny_unknown_fields)]
pub enum ArmModel {
    /// 1 with probability m, else 0.
    #[serde(rename = "bernoulli")]
    Bernoulli,
    /// m + sd * N(0, 1).
    #[serde(rename = "gaussian")]
    Gaussian { sd: f64 },
}

/// A distribution of bandit tasks, played in blocks of episodes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct BanditTask {
    /// Number of arms k (2 to 50).
    pub arms: usize,
    /// Pulls per episode (1 to 1000).
    pub pulls: usize,
    /// Mean block length n in episodes (1 to 1000): the task repeats for a geometric number of
    /// episodes with this mean; 1 gives a new task every episode.
    pub block_mean: f64,
    /// Longest block, in episodes (the geometric draw is cut there).
    pub max_block: usize,
    /// How arms pay.
    pub arm_model: ArmModel,
}

impl Default for BanditTask {
    fn default() -> Self {
        BanditTask::blocks(3, 10.0)
    }
}

impl BanditTask {
    /// RL^2's setting: Bernoulli arms with U(0, 1) means, one episode of `pulls` pulls per task.
    pub fn rl2(arms: usize, pulls: usize) -> BanditTask {
        BanditTask {
            arms,
            pulls,
            block_mean: 1.0,
            max_block: 1,
            arm_model: ArmModel::Bernoulli,
        }
    }

    /// The block-structured setting: one-pull episodes, the task held for a geometric number
    /// of episodes with mean `n` (cut at 10 n).
    pub fn blocks(arms: usize, n: f64) -> BanditTask {
        let mut t = BanditTask {
            arms,
            pulls: 1,
            block_mean: 1.0,
            max_block: 1,
            arm_model: ArmModel::Bernoulli,
        };
        t.set_block_mean(n);
        t
    }

    /// Blocks of mean length `n` episodes, cut at 10 n.
    pub fn set_block_mean(&mut self, n: f64) {
        self.block_mean = n;
        self.max_block = max_block_for(n);
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        check_count("arms", self.arms, 2, 50)?;
        check_count("pulls", self.pulls, 1, 1000)?;
        check_range("block_mean", self.block_mean, 1.0, 1000.0)?;
        check_count("max_block", self.max_block, 1, 100_000)?;
        if self.max_block.saturating_mul(self.pulls) > 1_000_000 {
            return Err(ConfigError::new(
                "max_block",
                format!(
                    "a block of {} episodes of {} pulls is too long (at most 1,000,000 pulls)",
                    self.max_block, self.pulls
                ),
            ));
        }
        if let ArmModel::Gaussian { sd } = self.arm_model {
            check_range("arm_model.sd", sd, 0.0, 10.0)?;
        }
        Ok(())
    }

    /// Pulls in a block of average length (the horizon handed to bandit-lab policies).
    pub fn expected_pulls(&self) -> usize {
        let episodes = self.block_mean.min(self.max_block as f64);
        ((episodes * self.pulls as f64).round() as usize).max(1)
    }

    /// True when a block is one episode (RL^2's setting).
    pub fn single_episode(&self) -> bool {
        self.max_block == 1 || self.block_mean == 1.0
    }

    /// Block `b` of the evaluation draws seeded `seed`.
    pub fn block(&self, seed: u64, b: u64) -> Block {
        self.draw(seed, "metarl/task", "metarl/rewards", b)
    }

    /// Block `b` of the training draws seeded `seed` (other streams than evaluation's, so an
    /// agent is never scored on the tasks it trained on).
    pub fn training_block(&self, seed: u64, b: u64) -> Block {
        self.draw(seed, "metarl/train-task", "metarl/train-rewards", b)
    }

    fn draw(&self, seed: u64, tasks: &str, rewards: &str, b: u64) -> Block {
        let mut rng = Streams::new(seed, &[tasks.into()]).child(&[b.into()]);
        let means: Vec<f64> = (0..self.arms).map(|_| rng.uniform()).collect();
        let episodes = geometric(&mut rng, self.block_mean, self.max_block);
        Block {
            means,
            episodes,
            pulls: self.pulls,
            model: self.arm_model.clone(),
            key: Streams::new(seed, &[rewards.into(), b.into()]).key(),
            streams: Vec::new(),
        }
    }
}

/// The longest block for blocks of mean length `n`: ceil(10 n), at least 1 (the geometric
/// tail beyond 10 n holds (1 - 1/n)^(10 n) < e^-10 of the blocks).
pub fn max_block_for(n: f64) -> usize {
    ((10.0 * n).ceil() as usize).clamp(1, 100_000)
}

/// The task family an experiment plays: bandit blocks (RL^2's setting included) or the
/// gridworld ([`GridTask`]).
#[derive(Clone, Debug, PartialEq)]
pub enum Task {
    Bandit(BanditTask),
    Grid(GridTask),
}

impl Task {
    /// Actions the player chooses among (arms, or the grid's four moves).
    pub fn actions(&self) -> usize {
        match self {
            Task::Bandit(t) => t.arms,
            Task::Grid(_) => grid::ACTIONS,
        }
    }

    /// Size of the one-hot observation shown before each choice (the grid's cells; bandits
    /// have no observation: 0).
    pub fn cells(&self) -> usize {
        match self {
            Task::Bandit(_) => 0,
            Task::Grid(g) => g.cells(),
        }
    }

    /// Blocks of mean length `n` episodes, cut at 10 n.
    pub fn set_block_mean(&mut self, n: f64) {
        match self {
            Task::Bandit(t) => t.set_block_mean(n),
            Task::Grid(g) => g.set_block_mean(n),
        }
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        match self {
            Task::Bandit(t) => t.validate(),
            Task::Grid(g) => g.validate(),
        }
    }

    /// Pulls (moves) in a block of average length, episodes run to the end.
    pub fn expected_pulls(&self) -> usize {
        match self {
            Task::Bandit(t) => t.expected_pulls(),
            Task::Grid(g) => g.expected_steps(),
        }
    }
}

/// A geometric number of episodes on {1, 2, ...} with the given mean, cut at `max`:
/// 1 + floor(ln U / ln(1 - 1/mean)).
pub fn geometric(rng: &mut Rng, mean: f64, max: usize) -> usize {
    let u = rng.uniform_open();
    if mean <= 1.0 {
        return 1;
    }
    let l = 1.0 + f64::floor(libm::log(u) / libm::log(1.0 - 1.0 / mean));
    if l.is_finite() && l < max as f64 {
        (l as usize).max(1)
    } else {
        max
    }
}

/// One task: the arm means, how many episodes it lasts, and its reward streams.
#[derive(Clone, Debug)]
pub struct Block {
    /// Each arm's mean reward.
    pub means: Vec<f64>,
    /// Episodes in the block.
    pub episodes: usize,
    /// Pulls per episode.
    pub pulls: usize,
    model: ArmModel,
    key: StreamKey,
    /// Arm a's reward stream, created at its first pull.
    streams: Vec<Option<Rng>>,
}

impl Block {
    /// The reward of pulling `arm` (its next draw).
    pub fn pull(&mut self, arm: usize) -> f64 {
        if self.streams.is_empty() {
            self.streams = vec![None; self.means.len()];
        }
        let key = self.key;
        let rng = self.streams[arm].get_or_insert_with(|| key.stream(arm as u64));
        let m = self.means[arm];
        match self.model {
            ArmModel::Bernoulli => rng.bernoulli_reward(m),
            ArmModel::Gaussian { sd } => m + sd * rng.normal(),
        }
    }

    /// Pulls in the whole block.
    pub fn total_pulls(&self) -> usize {
        self.episodes * self.pulls
    }

    /// The best arm's mean.
    pub fn best_mean(&self) -> f64 {
        self.means.iter().copied().fold(f64::NEG_INFINITY, f64::max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_lengths_are_geometric_with_the_given_mean() {
        let task = BanditTask::blocks(3, 8.0);
        let n = 20_000u64;
        let lengths: Vec<usize> = (0..n).map(|b| task.block(5, b).episodes).collect();
        let mean = lengths.iter().sum::<usize>() as f64 / n as f64;
        // Cut at 80: the mean loses 8 (1 - 1/8)^80 ~ 0.0002. SE of the mean ~ 7.5 / sqrt(n).
        assert!((mean - 8.0).abs() < 0.2, "{mean}");
        // P(L = 1) = 1/8.
        let ones = lengths.iter().filter(|&&l| l == 1).count() as f64 / n as f64;
        assert!((ones - 0.125).abs() < 0.01, "{ones}");
        assert!(lengths.iter().all(|&l| (1..=80).contains(&l)));
    }

    #[test]
    fn rl2_blocks_are_one_episode() {
        let task = BanditTask::rl2(5, 10);
        for b in 0..50 {
            let blk = task.block(1, b);
            assert_eq!((blk.episodes, blk.total_pulls()), (1, 10));
            assert!(blk.means.iter().all(|m| (0.0..1.0).contains(m)));
        }
    }

    #[test]
    fn the_same_pull_of_the_same_arm_pays_the_same_whatever_came_before() {
        let task = BanditTask::rl2(3, 10);
        let mut a = task.block(9, 4);
        let mut b = task.block(9, 4);
        let ra: Vec<f64> = (0..5).map(|_| a.pull(1)).collect();
        let _ = b.pull(0);
        let _ = b.pull(2);
        let rb: Vec<f64> = (0..5).map(|_| b.pull(1)).collect();
        assert_eq!(ra, rb);
    }

    #[test]
    fn bad_tasks_name_the_field() {
        let mut t = BanditTask::rl2(1, 10);
        assert_eq!(t.validate().unwrap_err().field, "arms");
        t = BanditTask::blocks(3, 0.5);
        assert_eq!(t.validate().unwrap_err().field, "block_mean");
        t = BanditTask::blocks(3, 5.0);
        t.arm_model = ArmModel::Gaussian { sd: f64::NAN };
        assert_eq!(t.validate().unwrap_err().field, "arm_model.sd");
    }
}
