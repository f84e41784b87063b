//! Every player on the same gridworld draws ([`crate::metarl::grid`]): success rate (reward
//! per episode), moves per episode, success by episode within a block, and where the player
//! went (visit frequencies) in the first and in a later episode of a block.
//!
//! Block b is played with the goal and length of [`GridTask::block`] and the player's own
//! stream ("metarl/play", b), as on bandits, so every player meets the same goals for the same
//! number of episodes. The fields of [`EvalStats`] read, on the gridworld: a pull is a move;
//! `reward_per_pull` is reward per move; `episode_total` is the success rate; `by_pull[i]` is
//! the share of episodes that reach the goal on move i + 1 (the distribution of the time to
//! the goal); `by_episode[j]` is the success rate of the j-th episode of a block;
//! `best_arm_share` is the share of moves that shorten the distance to the goal.

use super::baselines::BlockPlayer;
use super::eval::{EvalStats, EPISODE_CURVE};
use super::grid::GridTask;
use crate::rng::Streams;
use serde::{Deserialize, Serialize};

/// The later episode whose visits are mapped (1-based), over blocks that last that long.
pub const LATER_EPISODE: usize = 5;

/// What only the gridworld measures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GridStats {
    /// Mean moves per episode (at most the grid's `steps`).
    pub steps_per_episode: f64,
    /// Its standard error (a ratio estimator over blocks).
    pub se_steps_per_episode: f64,
    /// Cells per side (the visit maps are `size` x `size`, row by row).
    pub size: usize,
    /// Share of the cells stood on (the start, then after every move) in the first episode of
    /// a block, per cell; sums to 1 (all 0 if no episode was played).
    pub visits_first: Vec<f64>,
    /// The same for episode [`GridStats::later_episode`] of the blocks that last that long.
    pub visits_later: Vec<f64>,
    /// Which episode `visits_later` maps (1-based).
    pub later_episode: usize,
    /// Blocks behind each map.
    pub visits_first_blocks: u64,
    pub visits_later_blocks: u64,
}

fn normalised(counts: &[f64]) -> Vec<f64> {
    let total: f64 = counts.iter().sum();
    counts
        .iter()
        .map(|&c| if total > 0.0 { c / total } else { 0.0 })
        .collect()
}

/// A ratio estimate sum(x) / sum(n) over blocks and its standard error (0 for one block).
fn ratio(xs: &[f64], ns: &[f64]) -> (f64, f64) {
    let (sx, sn): (f64, f64) = (xs.iter().sum(), ns.iter().sum());
    let r = if sn > 0.0 { sx / sn } else { 0.0 };
    let k = xs.len() as f64;
    if k < 2.0 || sn <= 0.0 {
        return (r, 0.0);
    }
    let ss: f64 = xs
        .iter()
        .zip(ns)
        .map(|(x, n)| (x - r * n) * (x - r * n))
        .sum();
    (r, f64::sqrt(ss / (k * (k - 1.0))) / (sn / k))
}

/// Play `blocks` blocks of `grid` (blocks `first..first + blocks` of the draws seeded `seed`).
pub fn evaluate_grid(
    grid: &GridTask,
    player: &mut dyn BlockPlayer,
    seed: u64,
    first: u64,
    blocks: u64,
) -> EvalStats {
    let play = Streams::new(seed, &["metarl/play".into()]);
    let shown = grid.max_block.min(EPISODE_CURVE);
    let mut by_pull = vec![0.0; grid.steps];
    let mut by_episode = vec![0.0; shown];
    let mut by_episode_blocks = vec![0u64; shown];
    let mut first_counts = vec![0.0; grid.cells()];
    let mut later_counts = vec![0.0; grid.cells()];
    let (mut first_blocks, mut later_blocks) = (0u64, 0u64);
    let (mut moves, mut closer) = (0u64, 0u64);
    let n = blocks as usize;
    let (mut rewards, mut episodes, mut steps) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for b in first..first + blocks {
        let block = grid.block(seed, b);
        let mut rng = play.child(&[b.into()]);
        player.start_grid_block(grid, block.goal);
        let (mut reward, mut taken) = (0.0, 0.0);
        for e in 0..block.episodes {
            let mut counts = match e {
                0 => Some(&mut first_counts),
                _ if e + 1 == LATER_EPISODE => Some(&mut later_counts),
                _ => None,
            };
            let mut cell = grid.start();
            if let Some(c) = counts.as_deref_mut() {
                c[cell] += 1.0;
            }
            let mut paid = 0.0;
            for (i, at_step) in by_pull.iter_mut().enumerate() {
                player.see(cell);
                let a = player.choose(&mut rng).min(3);
                let next = grid.step(cell, a);
                if grid.distance(next, block.goal) < grid.distance(cell, block.goal) {
                    closer += 1;
                }
                moves += 1;
                taken += 1.0;
                let r = if next == block.goal { 1.0 } else { 0.0 };
                let end = r > 0.0 || i + 1 == grid.steps;
                player.observe(a, r, end);
                if let Some(c) = counts.as_deref_mut() {
                    c[next] += 1.0;
                }
                *at_step += r;
                paid += r;
                cell = next;
                if end {
                    break;
                }
            }
            if e < shown {
                by_episode[e] += paid;
                by_episode_blocks[e] += 1;
            }
            reward += paid;
        }
        first_blocks += 1;
        if block.episodes >= LATER_EPISODE {
            later_blocks += 1;
        }
        rewards.push(reward);
        episodes.push(block.episodes as f64);
        steps.push(taken);
    }
    let played: f64 = episodes.iter().sum();
    for x in &mut by_pull {
        *x = if played > 0.0 { *x / played } else { 0.0 };
    }
    for (x, &k) in by_episode.iter_mut().zip(&by_episode_blocks) {
        *x = if k == 0 { 0.0 } else { *x / k as f64 };
    }
    let (per_move, se_per_move) = ratio(&rewards, &steps);
    let (success, se_success) = ratio(&rewards, &episodes);
    let (steps_per_episode, se_steps) = ratio(&steps, &episodes);
    EvalStats {
        blocks,
        pulls: moves,
        reward_per_pull: per_move,
        se_per_pull: se_per_move,
        episode_total: success,
        se_episode_total: se_success,
        by_pull,
        by_episode,
        by_episode_blocks,
        best_arm_share: if moves == 0 {
            0.0
        } else {
            closer as f64 / moves as f64
        },
        calibration: Vec::new(),
        calibration_gap: None,
        calibration_correlation: None,
        grid: Some(GridStats {
            steps_per_episode,
            se_steps_per_episode: se_steps,
            size: grid.size,
            visits_first: normalised(&first_counts),
            visits_later: normalised(&later_counts),
            later_episode: LATER_EPISODE,
            visits_first_blocks: first_blocks,
            visits_later_blocks: later_blocks,
        }),
    }
}
