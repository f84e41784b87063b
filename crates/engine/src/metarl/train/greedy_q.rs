//! The greedy-objective value learner of "Exploitation Is All You Need... for Exploration"
//! (2025): recurrent Q-learning whose agent always plays argmax_a Q(h_t, a) (ties at random):
//! no epsilon, no entropy bonus, no exploration reward. If it explores, exploring is what
//! maximises its (greedy) value estimate.
//!
//! Per update: play C new blocks greedily into a replay buffer of whole blocks (the oldest
//! dropped first; as in DQN, the first `warmup_blocks` blocks are played at random, so that
//! the buffer holds every arm's outcomes before the first greedy choice); sample M blocks uniformly (with replacement) and minimise the Huber loss
//! (delta = 1) of Q(h_t, a_t) against the double-Q target (van Hasselt et al. 2016)
//!
//! ```text
//! y_t = r_t + g_t Q_target(h'_{t+1}, argmax_a Q(h_{t+1}, a))     (y_t = r_t at the block's end),
//! ```
//!
//! with g_t = gamma within an episode and gamma_episode across episodes, h' the target
//! network's state over the same pulls, and the target network Polyak-averaged:
//! theta' <- (1 - tau) theta' + tau theta after every step (Lillicrap et al. 2016).

use super::{
    collect_training, finish_gradient, random_player, Learner, TrainConfig, Unroll, UpdateStats,
};
use crate::error::{check_count, check_range, ConfigError};
use crate::metarl::agent::{Agent, Head, Pull, Shape};
use crate::metarl::nn::{polyak, Adam, Net};
use crate::metarl::tasks::Task;
use crate::rng::{Rng, Streams};
use serde::{Deserialize, Serialize};

/// Value-learner settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct GreedyQParams {
    /// New blocks played per update (1 to 64).
    pub collect_blocks: usize,
    /// Blocks kept for replay (1 to 100,000).
    pub replay_blocks: usize,
    /// Blocks replayed per gradient step (1 to 256).
    pub batch_blocks: usize,
    /// Polyak rate tau of the target network (0 to 1).
    pub tau: f64,
    /// Blocks played at random to fill the replay buffer before greedy play (0 to 100,000).
    pub warmup_blocks: usize,
}

impl Default for GreedyQParams {
    fn default() -> Self {
        GreedyQParams {
            collect_blocks: 4,
            replay_blocks: 2000,
            batch_blocks: 16,
            tau: 0.01,
            warmup_blocks: 200,
        }
    }
}

impl GreedyQParams {
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_count("collect_blocks", self.collect_blocks, 1, 64)?;
        check_count("replay_blocks", self.replay_blocks, 1, 100_000)?;
        check_count("batch_blocks", self.batch_blocks, 1, 256)?;
        check_range("tau", self.tau, 0.0, 1.0)?;
        check_count("warmup_blocks", self.warmup_blocks, 0, 100_000)
    }
}

/// The value learner's state.
pub struct GreedyQ {
    config: TrainConfig,
    params: GreedyQParams,
    agent: Agent,
    target: Net,
    adam: Adam,
    grad: Vec<f64>,
    replay: Vec<Vec<Pull>>,
    next_slot: usize,
    online: Unroll,
    shadow: Unroll,
    dys: Vec<f64>,
    shape: Shape,
}

impl GreedyQ {
    pub fn new(
        task: &Task,
        config: &TrainConfig,
        params: &GreedyQParams,
        rng: &mut Rng,
    ) -> GreedyQ {
        let net = Net::new(Agent::net_config(task, config.hidden, Head::Values), rng);
        let n = net.params.len();
        GreedyQ {
            config: config.clone(),
            params: params.clone(),
            target: net.clone(),
            agent: Agent::new(net, config.memory.clone(), Head::Values, true),
            adam: Adam::new(config.adam.clone(), n),
            grad: vec![0.0; n],
            replay: Vec::new(),
            next_slot: 0,
            online: Unroll::default(),
            shadow: Unroll::default(),
            dys: Vec::new(),
            shape: Shape::of(task),
        }
    }

    fn remember(&mut self, pulls: Vec<Pull>) {
        if self.replay.len() < self.params.replay_blocks {
            self.replay.push(pulls);
        } else {
            self.replay[self.next_slot] = pulls;
            self.next_slot = (self.next_slot + 1) % self.params.replay_blocks;
        }
    }
}

fn argmax_first(v: &[f64]) -> usize {
    let mut best = 0;
    for (i, &x) in v.iter().enumerate() {
        if x > v[best] {
            best = i;
        }
    }
    best
}

impl Learner for GreedyQ {
    fn update(&mut self, task: &Task, seed: u64, u: u64) -> UpdateStats {
        let c = self.params.collect_blocks as u64;
        let play = Streams::new(seed, &["metarl/train-play".into(), u.into()]);
        let (mut reward, mut collected) = (0.0, 0usize);
        for j in 0..c {
            let index = u * c + j;
            let mut rng = play.child(&[j.into()]);
            let pulls = if index < self.params.warmup_blocks as u64 {
                let mut random = random_player(task);
                collect_training(task, seed, index, random.as_mut(), &mut rng)
            } else {
                collect_training(task, seed, index, &mut self.agent, &mut rng)
            };
            reward += pulls.iter().map(|p| p.reward).sum::<f64>();
            collected += pulls.len();
            self.remember(pulls);
        }
        let reward_per_pull = reward / collected.max(1) as f64;
        let mut rng = Streams::new(seed, &["metarl/replay".into()]).child(&[u.into()]);
        let shape = self.shape;
        let k = shape.actions;
        let memory = self.config.memory.clone();
        self.grad.iter_mut().for_each(|g| *g = 0.0);
        let (mut loss, mut steps) = (0.0, 0usize);
        for _ in 0..self.params.batch_blocks {
            let pulls = &self.replay[rng.below(self.replay.len())];
            self.online.forward(&self.agent.net, shape, &memory, pulls);
            self.shadow.forward(&self.target, shape, &memory, pulls);
            self.dys.clear();
            self.dys.resize(pulls.len() * k, 0.0);
            for (t, p) in pulls.iter().enumerate() {
                let mut y = p.reward;
                if t + 1 < pulls.len() {
                    let next = argmax_first(self.online.y(t + 1));
                    y += self.config.discount(pulls, t) * self.shadow.y(t + 1)[next];
                }
                let a = p.arm as usize;
                let delta = self.online.y(t)[a] - y;
                loss += if delta.abs() <= 1.0 {
                    0.5 * delta * delta
                } else {
                    delta.abs() - 0.5
                };
                self.dys[t * k + a] = delta.clamp(-1.0, 1.0);
            }
            self.online
                .backward(&self.agent.net, &memory, &self.dys, &mut self.grad);
            steps += pulls.len();
        }
        let grad_norm = finish_gradient(&mut self.grad, steps, self.config.clip);
        self.adam.step(&mut self.agent.net.params, &self.grad);
        polyak(
            &mut self.target.params,
            &self.agent.net.params,
            self.params.tau,
        );
        UpdateStats {
            reward_per_pull,
            loss: loss / steps.max(1) as f64,
            grad_norm,
        }
    }

    fn agent(&self) -> Agent {
        self.agent.clone()
    }
}
