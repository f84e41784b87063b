//! The gridworld's baselines ([`crate::metarl::grid`]), each a [`BlockPlayer`]:
//!
//! - [`RandomWalk`]: a uniformly random move every step. Its success rate within `steps`
//!   moves is the absorption probability of the walk's Markov chain (checked against that
//!   recursion in the tests);
//! - [`GridSearch`]: remembers, across the episodes of a block, every cell it has stood on
//!   without being paid, and heads for the nearest cell it has not visited (ties: the lowest
//!   cell number), along a shortest path; once paid, it knows the goal (the cell its last move
//!   led to) and walks straight to it. A strong "explore, then exploit" reference: it never
//!   looks in the same place twice;
//! - [`GridOracle`]: knows the goal and walks a shortest path to it, rows first: the ceiling,
//!   Manhattan distance moves per episode.

use super::baselines::BlockPlayer;
use super::grid::{GridTask, ACTIONS};
use super::tasks::BanditTask;
use crate::rng::Rng;

/// A uniformly random move every step.
#[derive(Default)]
pub struct RandomWalk;

impl BlockPlayer for RandomWalk {
    fn start_block(&mut self, _task: &BanditTask) {}
    fn choose(&mut self, rng: &mut Rng) -> usize {
        rng.below(ACTIONS)
    }
    fn observe(&mut self, _arm: usize, _reward: f64, _episode_end: bool) {}
}

/// Knows the goal; a shortest path to it.
#[derive(Default)]
pub struct GridOracle {
    grid: Option<GridTask>,
    goal: usize,
    cell: usize,
}

impl BlockPlayer for GridOracle {
    fn start_block(&mut self, _task: &BanditTask) {}
    fn start_grid_block(&mut self, grid: &GridTask, goal: usize) {
        self.grid = Some(grid.clone());
        self.goal = goal;
    }
    fn see(&mut self, cell: usize) {
        self.cell = cell;
    }
    fn choose(&mut self, _rng: &mut Rng) -> usize {
        self.grid
            .as_ref()
            .and_then(|g| g.toward(self.cell, self.goal))
            .unwrap_or(0)
    }
    fn observe(&mut self, _arm: usize, _reward: f64, _episode_end: bool) {}
}

/// Systematic search with memory across the block's episodes.
#[derive(Default)]
pub struct GridSearch {
    grid: Option<GridTask>,
    /// Cells stood on (without pay) since the block began.
    visited: Vec<bool>,
    /// The goal, once found.
    goal: Option<usize>,
    cell: usize,
}

impl GridSearch {
    /// Where to head: the goal if known, else the nearest unvisited cell (lowest number).
    fn target(&self, grid: &GridTask) -> Option<usize> {
        if self.goal.is_some() {
            return self.goal;
        }
        (0..grid.cells())
            .filter(|&c| !self.visited[c])
            .min_by_key(|&c| (grid.distance(self.cell, c), c))
    }
}

impl BlockPlayer for GridSearch {
    fn start_block(&mut self, _task: &BanditTask) {}
    fn start_grid_block(&mut self, grid: &GridTask, _goal: usize) {
        self.grid = Some(grid.clone());
        self.visited = vec![false; grid.cells()];
        self.goal = None;
        self.cell = grid.start();
    }
    fn see(&mut self, cell: usize) {
        self.cell = cell;
        if let Some(v) = self.visited.get_mut(cell) {
            *v = true;
        }
    }
    fn choose(&mut self, _rng: &mut Rng) -> usize {
        let Some(grid) = &self.grid else { return 0 };
        self.target(grid)
            .and_then(|t| grid.toward(self.cell, t))
            .unwrap_or(0)
    }
    fn observe(&mut self, arm: usize, reward: f64, _episode_end: bool) {
        let Some(grid) = &self.grid else { return };
        let reached = grid.step(self.cell, arm);
        if reward > 0.0 {
            self.goal = Some(reached);
        } else if let Some(v) = self.visited.get_mut(reached) {
            *v = true;
        }
    }
}
