//! Every player on the same task draws: total reward per episode (RL^2's measure), reward by
//! pull within an episode and by episode within a block.
//!
//! Block b is played with the task and reward streams of [`BanditTask::block`] and the
//! player's own stream ("metarl/play", b), so two players meet the same tasks and the same
//! outcome on the same pull of the same arm (common random numbers), and a block's result does
//! not depend on which blocks were played before it.

use super::baselines::BlockPlayer;
use super::eval_grid::{evaluate_grid, GridStats};
use super::posterior::{Calibration, CalibrationBin, MAX_ARMS};
use super::tasks::{ArmModel, BanditTask, Task};
use crate::rng::Streams;
use serde::{Deserialize, Serialize};

/// Episodes within a block that get their own point on the "by episode" curve.
pub const EPISODE_CURVE: usize = 50;

/// What one player earned over a set of blocks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvalStats {
    /// Blocks played.
    pub blocks: u64,
    /// Pulls made.
    pub pulls: u64,
    /// Mean reward per pull.
    pub reward_per_pull: f64,
    /// Standard error of `reward_per_pull` (blocks are independent; a ratio estimator over
    /// blocks of unequal length; 0 for a single block).
    pub se_per_pull: f64,
    /// Mean total reward of an episode (`reward_per_pull` x pulls per episode).
    pub episode_total: f64,
    /// Its standard error.
    pub se_episode_total: f64,
    /// Mean reward of the i-th pull of an episode.
    pub by_pull: Vec<f64>,
    /// Mean reward per pull in the j-th episode of a block (blocks that last that long), for
    /// the first [`EPISODE_CURVE`] episodes (0 where no block lasted that long).
    pub by_episode: Vec<f64>,
    /// How many blocks reached each point of `by_episode`.
    pub by_episode_blocks: Vec<u64>,
    /// Share of pulls on the best arm.
    pub best_arm_share: f64,
    /// The pseudo-Thompson check (Bernoulli tasks of at most 10 arms, when asked for): choices
    /// against the posterior probability that the arm is best, in bins of that probability.
    pub calibration: Vec<CalibrationBin>,
    /// Its root mean squared gap from the diagonal, and the correlation of choice and P(best).
    pub calibration_gap: Option<f64>,
    pub calibration_correlation: Option<f64>,
    /// The gridworld's own measures (absent on bandits; see [`crate::metarl::eval_grid`] for
    /// what the fields above mean there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grid: Option<GridStats>,
}

/// Play `blocks` blocks of either task family: [`evaluate`] on bandits, [`evaluate_grid`] on
/// the gridworld (which has no pseudo-Thompson check).
pub fn evaluate_task(
    task: &Task,
    player: &mut dyn BlockPlayer,
    seed: u64,
    first: u64,
    blocks: u64,
    calibrate: bool,
) -> EvalStats {
    match task {
        Task::Bandit(t) => evaluate(t, player, seed, first, blocks, calibrate),
        Task::Grid(g) => evaluate_grid(g, player, seed, first, blocks),
    }
}

/// Play `blocks` blocks of `task` (blocks `first..first + blocks` of the draws seeded `seed`),
/// with the pseudo-Thompson check if `calibrate` (and the task allows it).
pub fn evaluate(
    task: &BanditTask,
    player: &mut dyn BlockPlayer,
    seed: u64,
    first: u64,
    blocks: u64,
    calibrate: bool,
) -> EvalStats {
    let calibrate = calibrate && task.arm_model == ArmModel::Bernoulli && task.arms <= MAX_ARMS;
    let mut cal = Calibration::new();
    let (mut succ, mut fail) = (vec![0u64; task.arms], vec![0u64; task.arms]);
    let play = Streams::new(seed, &["metarl/play".into()]);
    let episodes_shown = task.max_block.min(EPISODE_CURVE);
    let mut by_pull = vec![0.0; task.pulls];
    let mut by_episode = vec![0.0; episodes_shown];
    let mut by_episode_blocks = vec![0u64; episodes_shown];
    let (mut pulls, mut best_pulls) = (0u64, 0u64);
    let mut totals = Vec::with_capacity(blocks as usize);
    let mut lengths = Vec::with_capacity(blocks as usize);
    for b in first..first + blocks {
        let mut block = task.block(seed, b);
        let mut rng = play.child(&[b.into()]);
        let best = block.best_mean();
        player.start_block(task);
        succ.iter_mut().for_each(|c| *c = 0);
        fail.iter_mut().for_each(|c| *c = 0);
        let mut total = 0.0;
        for e in 0..block.episodes {
            let mut episode = 0.0;
            for (i, at_pull) in by_pull.iter_mut().enumerate() {
                let arm = player.choose(&mut rng).min(task.arms - 1);
                let r = block.pull(arm);
                if calibrate {
                    cal.observe(&succ, &fail, arm);
                    if r >= 0.5 {
                        succ[arm] += 1;
                    } else {
                        fail[arm] += 1;
                    }
                }
                player.observe(arm, r, i + 1 == task.pulls);
                episode += r;
                *at_pull += r;
                if block.means[arm] == best {
                    best_pulls += 1;
                }
            }
            if e < episodes_shown {
                by_episode[e] += episode / task.pulls as f64;
                by_episode_blocks[e] += 1;
            }
            total += episode;
        }
        pulls += block.total_pulls() as u64;
        totals.push(total);
        lengths.push(block.total_pulls() as f64);
    }
    let episodes_played: f64 = lengths.iter().sum::<f64>() / task.pulls as f64;
    for x in &mut by_pull {
        *x /= episodes_played.max(1.0);
    }
    for (x, &n) in by_episode.iter_mut().zip(&by_episode_blocks) {
        *x = if n == 0 { 0.0 } else { *x / n as f64 };
    }
    let sum_t: f64 = totals.iter().sum();
    let sum_l: f64 = lengths.iter().sum();
    let r = if sum_l > 0.0 { sum_t / sum_l } else { 0.0 };
    let nb = totals.len() as f64;
    let se = if nb > 1.0 {
        let mean_l = sum_l / nb;
        let ss: f64 = totals
            .iter()
            .zip(&lengths)
            .map(|(t, l)| (t - r * l) * (t - r * l))
            .sum();
        (ss / (nb * (nb - 1.0))).sqrt() / mean_l
    } else {
        0.0
    };
    EvalStats {
        blocks,
        pulls,
        reward_per_pull: r,
        se_per_pull: se,
        episode_total: r * task.pulls as f64,
        se_episode_total: se * task.pulls as f64,
        by_pull,
        by_episode,
        by_episode_blocks,
        best_arm_share: if pulls == 0 {
            0.0
        } else {
            best_pulls as f64 / pulls as f64
        },
        calibration: if calibrate { cal.bins() } else { Vec::new() },
        calibration_gap: if calibrate { cal.gap() } else { None },
        calibration_correlation: if calibrate { cal.correlation() } else { None },
        grid: None,
    }
}
