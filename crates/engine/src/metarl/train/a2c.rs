//! Advantage actor-critic on whole blocks, in the style of RL^2 (Duan et al. 2016) and Wang
//! et al. (2016): the network outputs k preferences z (policy pi = softmax(z)) and a value V.
//! Per update, B blocks are played by sampling pi, and the mean over their pulls of
//!
//! ```text
//! L_t = -(G_t - V_t) ln pi(a_t) + c/2 (G_t - V_t)^2 - beta H(pi_t),   H = -sum_a pi_a ln pi_a,
//! ```
//!
//! is minimised with Adam, the advantage G_t - V_t held fixed in the policy term. G_t is the
//! discounted return to the block's end (Monte Carlo: blocks are short). Gradients with
//! respect to the outputs: dL/dz_j = -(G - V)(1{j = a} - pi_j) + beta pi_j (ln pi_j + H),
//! dL/dV = -c (G - V).

use super::{collect_training, finish_gradient, Learner, TrainConfig, Unroll, UpdateStats};
use crate::bandits::policies::weights::softmax_into;
use crate::error::{check_count, check_range, ConfigError};
use crate::metarl::agent::{Agent, Head, Memory, Pull, Shape};
use crate::metarl::nn::{Adam, Net};
use crate::metarl::tasks::Task;
use crate::rng::{Rng, Streams};
use serde::{Deserialize, Serialize};

/// Actor-critic settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct A2cParams {
    /// Blocks played per update (1 to 256).
    pub batch_blocks: usize,
    /// Entropy bonus beta (0 to 1).
    pub entropy: f64,
    /// Weight c of the value loss (0 to 10).
    pub value_coef: f64,
}

impl Default for A2cParams {
    fn default() -> Self {
        A2cParams {
            batch_blocks: 16,
            entropy: 0.01,
            value_coef: 0.5,
        }
    }
}

impl A2cParams {
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_count("batch_blocks", self.batch_blocks, 1, 256)?;
        check_range("entropy", self.entropy, 0.0, 1.0)?;
        check_range("value_coef", self.value_coef, 0.0, 10.0)
    }
}

/// The actor-critic learner's state.
pub struct A2c {
    config: TrainConfig,
    params: A2cParams,
    agent: Agent,
    adam: Adam,
    grad: Vec<f64>,
    unroll: Unroll,
    dys: Vec<f64>,
    returns: Vec<f64>,
    /// pi and ln pi at one pull (scratch).
    pi: Vec<f64>,
    logs: Vec<f64>,
    shape: Shape,
}

impl A2c {
    pub fn new(task: &Task, config: &TrainConfig, params: &A2cParams, rng: &mut Rng) -> A2c {
        let net = Net::new(
            Agent::net_config(task, config.hidden, Head::PolicyValue),
            rng,
        );
        let n = net.params.len();
        A2c {
            config: config.clone(),
            params: params.clone(),
            agent: Agent::new(net, config.memory.clone(), Head::PolicyValue, false),
            adam: Adam::new(config.adam.clone(), n),
            grad: vec![0.0; n],
            unroll: Unroll::default(),
            dys: Vec::new(),
            returns: Vec::new(),
            pi: vec![0.0; task.actions()],
            logs: vec![0.0; task.actions()],
            shape: Shape::of(task),
        }
    }

    /// The loss of one block; its output gradients go to `self.dys`.
    fn block_loss(&mut self, pulls: &[Pull], memory: &Memory) -> f64 {
        let k = self.shape.actions;
        let o = k + 1;
        self.unroll
            .forward(&self.agent.net, self.shape, memory, pulls);
        self.config.returns(pulls, &mut self.returns);
        self.dys.clear();
        self.dys.resize(pulls.len() * o, 0.0);
        let (beta, c) = (self.params.entropy, self.params.value_coef);
        let mut loss = 0.0;
        for (t, p) in pulls.iter().enumerate() {
            let y = self.unroll.y(t);
            softmax_into(&y[..k], &mut self.pi);
            let (pi, logs) = (&self.pi, &mut self.logs);
            for (l, &q) in logs.iter_mut().zip(pi) {
                *l = libm::log(q.max(1e-300));
            }
            let v = y[k];
            let adv = self.returns[t] - v;
            let a = p.arm as usize;
            let h: f64 = -pi.iter().zip(logs.iter()).map(|(q, l)| q * l).sum::<f64>();
            loss += -adv * logs[a] + 0.5 * c * adv * adv - beta * h;
            let d = &mut self.dys[t * o..(t + 1) * o];
            for j in 0..k {
                let hit = if j == a { 1.0 } else { 0.0 };
                d[j] = -adv * (hit - pi[j]) + beta * pi[j] * (logs[j] + h);
            }
            d[k] = -c * adv;
        }
        loss
    }
}

impl Learner for A2c {
    fn update(&mut self, task: &Task, seed: u64, u: u64) -> UpdateStats {
        let b = self.params.batch_blocks as u64;
        let play = Streams::new(seed, &["metarl/train-play".into(), u.into()]);
        let blocks: Vec<Vec<Pull>> = (0..b)
            .map(|j| {
                let mut rng = play.child(&[j.into()]);
                collect_training(task, seed, u * b + j, &mut self.agent, &mut rng)
            })
            .collect();
        self.grad.iter_mut().for_each(|g| *g = 0.0);
        let memory = self.config.memory.clone();
        let (mut loss, mut steps, mut reward) = (0.0, 0usize, 0.0);
        for pulls in &blocks {
            loss += self.block_loss(pulls, &memory);
            let dys = std::mem::take(&mut self.dys);
            self.unroll
                .backward(&self.agent.net, &memory, &dys, &mut self.grad);
            self.dys = dys;
            steps += pulls.len();
            reward += pulls.iter().map(|p| p.reward).sum::<f64>();
        }
        let grad_norm = finish_gradient(&mut self.grad, steps, self.config.clip);
        self.adam.step(&mut self.agent.net.params, &self.grad);
        UpdateStats {
            reward_per_pull: reward / steps.max(1) as f64,
            loss: loss / steps.max(1) as f64,
            grad_norm,
        }
    }

    fn agent(&self) -> Agent {
        self.agent.clone()
    }
}
