//! The gridworld task family: a square grid whose hidden goal is fixed for a block of
//! episodes, so that what one episode found is worth remembering in the next.
//!
//! Every episode starts on the centre cell; the player moves up, down, left or right (moving
//! into a wall keeps it in place). Stepping onto the goal pays 1 and ends the episode;
//! otherwise the episode ends after `steps` moves with nothing. The goal is uniform over the
//! cells other than the centre and is drawn once per block; the block's length (in episodes)
//! is geometric with mean `block_mean`, cut at `max_block`, by the same rule as the bandit
//! blocks ([`super::tasks::geometric`], [`super::tasks::max_block_for`]).
//!
//! Cells are numbered row by row: cell = row x size + column, row 0 at the top.
//!
//! Randomness, per block b of an evaluation seeded `seed`: the goal, then the block length,
//! from the stream ("metarl/task", b), the bandit tasks' stream; training blocks from
//! ("metarl/train-task", b). Moves are deterministic, so every player meets the same goal for
//! the same number of episodes (common random numbers).

use super::tasks::{geometric, max_block_for};
use crate::error::{check_count, check_range, ConfigError};
use crate::rng::Streams;
use serde::{Deserialize, Serialize};

/// Moves, in the order of the agent's outputs.
pub const ACTIONS: usize = 4;
/// Action names, for labels.
pub const ACTION_NAMES: [&str; ACTIONS] = ["up", "down", "left", "right"];

/// A distribution of gridworld tasks (one hidden goal per block).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct GridTask {
    /// Cells per side (3 to 9, odd so that there is a centre cell).
    pub size: usize,
    /// Moves per episode before it ends unrewarded (1 to 100).
    pub steps: usize,
    /// Mean block length n in episodes (1 to 1000).
    pub block_mean: f64,
    /// Longest block, in episodes (the geometric draw is cut there).
    pub max_block: usize,
}

impl Default for GridTask {
    fn default() -> Self {
        GridTask::new(5, 12, 10.0)
    }
}

/// One block: where the goal is and how many episodes it stays there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GridBlock {
    pub goal: usize,
    pub episodes: usize,
}

impl GridTask {
    /// A `size` x `size` grid, `steps` moves per episode, blocks of mean length `n` episodes
    /// cut at 10 n.
    pub fn new(size: usize, steps: usize, n: f64) -> GridTask {
        let mut t = GridTask {
            size,
            steps,
            block_mean: 1.0,
            max_block: 1,
        };
        t.set_block_mean(n);
        t
    }

    /// Blocks of mean length `n` episodes, cut at 10 n (the bandit blocks' rule).
    pub fn set_block_mean(&mut self, n: f64) {
        self.block_mean = n;
        self.max_block = max_block_for(n);
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        check_count("size", self.size, 3, 9)?;
        if self.size.is_multiple_of(2) {
            return Err(ConfigError::new(
                "size",
                "an odd number of cells per side (3, 5, 7 or 9), so that there is a centre cell",
            ));
        }
        check_count("steps", self.steps, 1, 100)?;
        check_range("block_mean", self.block_mean, 1.0, 1000.0)?;
        check_count("max_block", self.max_block, 1, 10_000)
    }

    /// Number of cells.
    pub fn cells(&self) -> usize {
        self.size * self.size
    }

    /// Where every episode starts.
    pub fn start(&self) -> usize {
        (self.size / 2) * self.size + self.size / 2
    }

    /// The cell reached by `action` (0 up, 1 down, 2 left, 3 right) from `cell`; a move into
    /// a wall keeps the cell.
    pub fn step(&self, cell: usize, action: usize) -> usize {
        let (r, c) = (cell / self.size, cell % self.size);
        let last = self.size - 1;
        let (r, c) = match action {
            0 => (r.saturating_sub(1), c),
            1 => ((r + 1).min(last), c),
            2 => (r, c.saturating_sub(1)),
            _ => (r, (c + 1).min(last)),
        };
        r * self.size + c
    }

    /// Manhattan distance between two cells (the shortest path: the grid has no obstacles).
    pub fn distance(&self, a: usize, b: usize) -> usize {
        let (ra, ca) = (a / self.size, a % self.size);
        let (rb, cb) = (b / self.size, b % self.size);
        ra.abs_diff(rb) + ca.abs_diff(cb)
    }

    /// A first move on a shortest path from `from` to `to` (rows first), or `None` there.
    pub fn toward(&self, from: usize, to: usize) -> Option<usize> {
        let (ra, ca) = (from / self.size, from % self.size);
        let (rb, cb) = (to / self.size, to % self.size);
        if rb < ra {
            Some(0)
        } else if rb > ra {
            Some(1)
        } else if cb < ca {
            Some(2)
        } else if cb > ca {
            Some(3)
        } else {
            None
        }
    }

    /// Steps in a block of average length if every episode ran to the end (a work measure).
    pub fn expected_steps(&self) -> usize {
        let episodes = self.block_mean.min(self.max_block as f64);
        ((episodes * self.steps as f64).round() as usize).max(1)
    }

    /// Block `b` of the evaluation draws seeded `seed`.
    pub fn block(&self, seed: u64, b: u64) -> GridBlock {
        self.draw(seed, "metarl/task", b)
    }

    /// Block `b` of the training draws seeded `seed` (other streams than evaluation's).
    pub fn training_block(&self, seed: u64, b: u64) -> GridBlock {
        self.draw(seed, "metarl/train-task", b)
    }

    fn draw(&self, seed: u64, stream: &str, b: u64) -> GridBlock {
        let mut rng = Streams::new(seed, &[stream.into()]).child(&[b.into()]);
        // Uniform over the cells other than the start: draw among cells - 1 and skip it.
        let g = rng.below(self.cells() - 1);
        let goal = if g >= self.start() { g + 1 } else { g };
        let episodes = geometric(&mut rng, self.block_mean, self.max_block);
        GridBlock { goal, episodes }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_into_a_wall_stay_put() {
        let g = GridTask::default();
        // Corners: 0 top-left, 4 top-right, 20 bottom-left, 24 bottom-right.
        assert_eq!(g.step(0, 0), 0);
        assert_eq!(g.step(0, 2), 0);
        assert_eq!(g.step(4, 3), 4);
        assert_eq!(g.step(24, 1), 24);
        assert_eq!(g.step(20, 2), 20);
        // Inside: the centre's four neighbours.
        assert_eq!(
            (g.step(12, 0), g.step(12, 1), g.step(12, 2), g.step(12, 3)),
            (7, 17, 11, 13)
        );
        assert_eq!(g.start(), 12);
    }

    #[test]
    fn goals_avoid_the_start_and_cover_every_other_cell() {
        let g = GridTask::default();
        let mut seen = [0u32; 25];
        for b in 0..5000 {
            seen[g.block(3, b).goal] += 1;
        }
        assert_eq!(seen[12], 0);
        // 5000 / 24 ~ 208 per cell, sd ~ 14.
        assert!(seen
            .iter()
            .enumerate()
            .all(|(c, &n)| c == 12 || (140..280).contains(&n)));
    }

    #[test]
    fn bad_grids_name_the_field() {
        let mut g = GridTask {
            size: 4,
            ..GridTask::default()
        };
        assert_eq!(g.validate().unwrap_err().field, "size");
        g = GridTask::new(5, 0, 10.0);
        assert_eq!(g.validate().unwrap_err().field, "steps");
        g = GridTask::new(5, 12, f64::NAN);
        assert_eq!(g.validate().unwrap_err().field, "block_mean");
    }
}
