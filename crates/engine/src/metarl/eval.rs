//! Every player on the same task draws: total reward per episode (RL^2's measure), reward by
//! pull within an episode and by episode within a block.
//!
//! Block b is played with the task and reward streams of [`BanditTask::block`] and the
//! player's own stream ("metarl/play", b), so two players meet the same tasks and the same
//! outcome on the same pull of the same arm (common random numbers), and a block's result does
//! not depend on which blocks were played before it.

use super::baselines::BlockPlayer;
use super::tasks::BanditTask;
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
    /// blocks of unequal length).
    pub se_per_pull: f64,
    /// Mean total reward of an episode (`reward_per_pull` x pulls per episode).
    pub episode_total: f64,
    /// Its standard error.
    pub se_episode_total: f64,
    /// Mean reward of the i-th pull of an episode.
    pub by_pull: Vec<f64>,
    /// Mean reward per pull in the j-th episode of a block (blocks that last that long), for
    /// the first [`EPISODE_CURVE`] episodes.
    pub by_episode: Vec<f64>,
    /// How many blocks reached each point of `by_episode`.
    pub by_episode_blocks: Vec<u64>,
    /// Share of pulls on the best arm.
    pub best_arm_share: f64,
}

/// Play `blocks` blocks of `task` (blocks `first..first + blocks` of the draws seeded `seed`).
pub fn evaluate(
    task: &BanditTask,
    player: &mut dyn BlockPlayer,
    seed: u64,
    first: u64,
    blocks: u64,
) -> EvalStats {
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
        let mut total = 0.0;
        for e in 0..block.episodes {
            let mut episode = 0.0;
            for (i, at_pull) in by_pull.iter_mut().enumerate() {
                let arm = player.choose(&mut rng).min(task.arms - 1);
                let r = block.pull(arm);
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
        *x = if n == 0 { f64::NAN } else { *x / n as f64 };
    }
    let sum_t: f64 = totals.iter().sum();
    let sum_l: f64 = lengths.iter().sum();
    let r = if sum_l > 0.0 { sum_t / sum_l } else { f64::NAN };
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
        f64::NAN
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
            f64::NAN
        } else {
            best_pulls as f64 / pulls as f64
        },
    }
}
