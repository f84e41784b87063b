//! One evaluation block, pull by pull: what the lab's "Watch the agent" and "You play" views
//! show.
//!
//! A [`BlockWalk`] plays block `b` of the evaluation draws seeded `seed` exactly as
//! [`super::eval::evaluate`] does: the task and reward streams of [`BanditTask::block`] and
//! the player's own stream ("metarl/play", b). So a trained agent walked here makes the same
//! choices and gets the same rewards as in its evaluation, and a human, the agent and any
//! baseline get the same outcome on the same pull of the same arm (common random numbers).
//!
//! Before every pull the walk records the exact posterior of a Bayesian observer with
//! U(0, 1) priors who saw the same pulls (Bernoulli tasks of at most
//! [`super::posterior::MAX_ARMS`] arms): each arm's posterior mean (S_a + 1) / (N_a + 2) of
//! Beta(1 + S_a, 1 + F_a), and P(arm is best) from [`super::posterior::Rows::prob_best`].
//! When the agent chooses, it also records what the agent computed behind the choice: its
//! action values (the greedy value learner) or its softmax probabilities (the actor-critic),
//! read after the choice from [`Agent::outputs`] and [`Agent::probabilities`], so no played
//! bit changes. The true means stay hidden ([`BlockWalk::means`]) until the block is over.

use super::agent::{Agent, Head};
use super::baselines::BlockPlayer;
use super::nn::Net;
use super::posterior::{Rows, MAX_ARMS};
use super::run::RunResult;
use super::tasks::{ArmModel, BanditTask, Block};
use super::train::Method;
use super::MetarlExperiment;
use crate::error::ConfigError;
use crate::rng::{Rng, Streams};
use serde::{Deserialize, Serialize};

/// What the agent's numbers behind a choice are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OutputKind {
    /// One action value per arm (the greedy value learner plays the highest).
    Values,
    /// The probability of choosing each arm (the actor-critic samples them).
    Probabilities,
}

/// The exact posterior of a U(0, 1)-prior observer before a pull.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Posterior {
    /// P(arm is best), summing to 1.
    pub prob_best: Vec<f64>,
    /// The posterior mean of each arm, (S_a + 1) / (N_a + 2).
    pub mean: Vec<f64>,
}

/// One pull of a walked block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WatchStep {
    /// Pull number within the block (0-based).
    pub t: usize,
    /// Episode within the block and pull within the episode (0-based).
    pub episode: usize,
    pub pull: usize,
    pub arm: usize,
    pub reward: f64,
    /// The agent's values or probabilities behind this choice (`None` when a human or a
    /// baseline chose).
    pub outputs: Option<Vec<f64>>,
    /// The posterior before this pull (`None` for Gaussian arms or more than 10 arms).
    pub posterior: Option<Posterior>,
    /// Reward so far, this pull included.
    pub total: f64,
}

/// Block `b` of an evaluation, walked one pull at a time.
#[derive(Clone, Debug)]
pub struct BlockWalk {
    task: BanditTask,
    block: Block,
    rng: Rng,
    successes: Vec<u64>,
    failures: Vec<u64>,
    rows: Rows,
    /// Every pull so far.
    pub steps: Vec<WatchStep>,
    started: bool,
}

impl BlockWalk {
    /// Block `b` of `task`'s evaluation draws seeded `seed` (block numbers from 0, as in
    /// [`super::eval::evaluate`]). Call [`BanditTask::validate`] first.
    pub fn new(task: &BanditTask, seed: u64, b: u64) -> BlockWalk {
        BlockWalk {
            block: task.block(seed, b),
            rng: Streams::new(seed, &["metarl/play".into()]).child(&[b.into()]),
            successes: vec![0; task.arms],
            failures: vec![0; task.arms],
            rows: Rows::default(),
            steps: Vec::new(),
            started: false,
            task: task.clone(),
        }
    }

    /// Pulls in the block (hidden from the players, who only see it end).
    pub fn total_pulls(&self) -> usize {
        self.block.total_pulls()
    }

    /// Pulls made.
    pub fn done(&self) -> usize {
        self.steps.len()
    }

    pub fn finished(&self) -> bool {
        self.done() >= self.total_pulls()
    }

    /// Reward so far.
    pub fn total(&self) -> f64 {
        self.steps.last().map_or(0.0, |s| s.total)
    }

    /// The arms' true means, once the block is over.
    pub fn means(&self) -> Option<&[f64]> {
        self.finished().then_some(self.block.means.as_slice())
    }

    /// True when the walk records the posterior (Bernoulli arms, at most 10 of them).
    pub fn has_posterior(&self) -> bool {
        self.task.arm_model == ArmModel::Bernoulli && self.task.arms <= MAX_ARMS
    }

    /// The posterior now (before the next pull).
    pub fn posterior(&mut self) -> Option<Posterior> {
        if !self.has_posterior() {
            return None;
        }
        let mean = self
            .successes
            .iter()
            .zip(&self.failures)
            .map(|(&s, &f)| (s as f64 + 1.0) / ((s + f) as f64 + 2.0))
            .collect();
        Some(Posterior {
            prob_best: self.rows.prob_best(&self.successes, &self.failures),
            mean,
        })
    }

    /// The next pull, by `player` (which is told a new task begins before the first pull).
    /// `None` once the block is over.
    pub fn step(&mut self, player: &mut dyn BlockPlayer) -> Option<&WatchStep> {
        if self.finished() {
            return None;
        }
        if !self.started {
            player.start_block(&self.task);
            self.started = true;
        }
        let arm = player.choose(&mut self.rng).min(self.task.arms - 1);
        let step = self.record(arm, None);
        player.observe(arm, step.reward, step.pull + 1 == self.task.pulls);
        self.steps.last()
    }

    /// The next pull, by the trained agent, with its values or probabilities recorded.
    pub fn step_agent(&mut self, agent: &mut Agent) -> Option<&WatchStep> {
        if self.finished() {
            return None;
        }
        if !self.started {
            agent.start_block(&self.task);
            self.started = true;
        }
        let arm = agent.choose(&mut self.rng).min(self.task.arms - 1);
        let step = self.record(arm, Some(agent_view(agent)));
        agent.observe(arm, step.reward, step.pull + 1 == self.task.pulls);
        self.steps.last()
    }

    /// The next pull of `arm`, chosen by a human. An arm out of range is an error naming the
    /// field.
    pub fn step_arm(&mut self, arm: usize) -> Result<Option<&WatchStep>, ConfigError> {
        if arm >= self.task.arms {
            return Err(ConfigError::new(
                "arm",
                format!(
                    "arm {} does not exist: pick 1 to {}",
                    arm + 1,
                    self.task.arms
                ),
            ));
        }
        if self.finished() {
            return Ok(None);
        }
        self.started = true;
        self.record(arm, None);
        Ok(self.steps.last())
    }

    /// Every remaining pull by `player`; the total reward of the block.
    pub fn run(&mut self, player: &mut dyn BlockPlayer) -> f64 {
        while self.step(player).is_some() {}
        self.total()
    }

    /// Every remaining pull by the agent; the total reward of the block.
    pub fn run_agent(&mut self, agent: &mut Agent) -> f64 {
        while self.step_agent(agent).is_some() {}
        self.total()
    }

    /// Pull `arm`, recording the posterior before it; returns a copy of the step.
    fn record(&mut self, arm: usize, outputs: Option<Vec<f64>>) -> WatchStep {
        let t = self.done();
        let posterior = self.posterior();
        let reward = self.block.pull(arm);
        if self.has_posterior() {
            if reward >= 0.5 {
                self.successes[arm] += 1;
            } else {
                self.failures[arm] += 1;
            }
        }
        let step = WatchStep {
            t,
            episode: t / self.task.pulls,
            pull: t % self.task.pulls,
            arm,
            reward,
            outputs,
            posterior,
            total: self.total() + reward,
        };
        self.steps.push(step.clone());
        step
    }
}

/// The agent's numbers behind its last choice: action values for the value head, choice
/// probabilities for the policy head.
fn agent_view(agent: &Agent) -> Vec<f64> {
    match agent.head {
        Head::Values => agent.outputs().to_vec(),
        Head::PolicyValue => agent.probabilities(),
    }
}

/// What an agent's outputs mean.
pub fn output_kind(agent: &Agent) -> OutputKind {
    match agent.head {
        Head::Values => OutputKind::Values,
        Head::PolicyValue => OutputKind::Probabilities,
    }
}

/// The trained agent of `run`, as it was evaluated: the network of the run's agent spec
/// (shaped by [`Agent::net_config`] for the experiment's task) with the run's parameters;
/// the value learner plays greedily, the actor-critic samples its policy (as the learners'
/// `agent()` build it). An error names the field when the run does not fit the experiment.
pub fn trained_agent(exp: &MetarlExperiment, run: &RunResult) -> Result<Agent, ConfigError> {
    let spec = exp.agents.get(run.agent).ok_or_else(|| {
        ConfigError::new(
            "agent",
            format!(
                "the run is of agent {} but the experiment has {}",
                run.agent + 1,
                exp.agents.len()
            ),
        )
    })?;
    if exp.grid.is_some() {
        return Err(ConfigError::new(
            "grid",
            "watching or playing against the agent is for bandit tasks; the gridworld shows its visit maps",
        ));
    }
    let (head, greedy) = match spec.train.method {
        Method::GreedyQ(_) => (Head::Values, true),
        Method::A2c(_) => (Head::PolicyValue, false),
    };
    let config = Agent::net_config(&exp.eval_task(), spec.train.hidden, head);
    config.validate().map_err(|e| e.under("train"))?;
    if config.param_count() != run.params.len() {
        return Err(ConfigError::new(
            "params",
            format!(
                "the run has {} parameters; a network for this task and agent has {}",
                run.params.len(),
                config.param_count()
            ),
        ));
    }
    let net = Net {
        config,
        params: run.params.clone(),
    };
    Ok(Agent::new(net, spec.train.memory.clone(), head, greedy))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metarl::baselines::Baseline;
    use crate::metarl::eval::evaluate;
    use crate::metarl::presets;
    use crate::metarl::run::MetarlOutcome;

    /// Records what a player chose and got, for comparing with a walk.
    struct Recorder<'a> {
        inner: &'a mut dyn BlockPlayer,
        log: Vec<(usize, f64)>,
    }

    impl BlockPlayer for Recorder<'_> {
        fn start_block(&mut self, task: &BanditTask) {
            self.inner.start_block(task);
        }
        fn choose(&mut self, rng: &mut Rng) -> usize {
            self.inner.choose(rng)
        }
        fn observe(&mut self, arm: usize, reward: f64, episode_end: bool) {
            self.log.push((arm, reward));
            self.inner.observe(arm, reward, episode_end);
        }
    }

    fn small() -> MetarlExperiment {
        let mut e = presets::blocks();
        e.updates = 30;
        e.seeds = 1;
        e.eval.blocks = 12;
        e.eval.every = 30;
        e.baselines.clear();
        e
    }

    fn trained(exp: &MetarlExperiment) -> RunResult {
        match exp.compute_unit(exp.baselines.len()) {
            Some(MetarlOutcome::Run(r)) => r,
            other => panic!("expected a training run, got {other:?}"),
        }
    }

    #[test]
    fn the_walk_replays_the_evaluation_of_the_same_block() {
        let exp = small();
        let run = trained(&exp);
        let mut total = 0.0;
        let mut pulls = 0;
        for b in 0..exp.eval.blocks as u64 {
            let mut agent = trained_agent(&exp, &run).unwrap();
            let mut rec = Recorder {
                inner: &mut agent,
                log: Vec::new(),
            };
            let e = evaluate(&exp.task, &mut rec, exp.seed, b, 1, false);
            let log = rec.log;
            let mut walk = BlockWalk::new(&exp.task, exp.seed, b);
            let mut agent = trained_agent(&exp, &run).unwrap();
            walk.run_agent(&mut agent);
            let walked: Vec<(usize, f64)> = walk.steps.iter().map(|s| (s.arm, s.reward)).collect();
            assert_eq!(walked, log, "block {b}");
            assert_eq!(e.pulls as usize, walk.done());
            total += walk.total();
            pulls += walk.done();
        }
        // The blocks together earn what the run's own evaluation reported.
        let rate = total / pulls as f64;
        assert!(
            (rate - run.eval.reward_per_pull).abs() < 1e-12,
            "{rate} vs {}",
            run.eval.reward_per_pull
        );
    }

    #[test]
    fn a_human_who_copies_the_agent_gets_the_same_rewards() {
        let exp = small();
        let run = trained(&exp);
        for b in [0u64, 5, 11] {
            let mut agent = trained_agent(&exp, &run).unwrap();
            let mut walk = BlockWalk::new(&exp.task, exp.seed, b);
            walk.run_agent(&mut agent);
            let mut human = BlockWalk::new(&exp.task, exp.seed, b);
            for s in &walk.steps {
                assert!(human.means().is_none(), "the means show before the end");
                let h = human.step_arm(s.arm).unwrap().unwrap();
                assert_eq!((h.arm, h.reward), (s.arm, s.reward));
                assert!(h.outputs.is_none());
            }
            assert!(human.step_arm(0).unwrap().is_none(), "the block is over");
            assert_eq!(human.total(), walk.total());
            let sum: f64 = human.steps.iter().map(|s| s.reward).sum();
            assert_eq!(human.total(), sum);
            assert_eq!(human.means(), Some(walk.means().unwrap()));
        }
    }

    #[test]
    fn the_posterior_sums_to_one_and_follows_the_counts() {
        let exp = small();
        let run = trained(&exp);
        let mut agent = trained_agent(&exp, &run).unwrap();
        let mut walk = BlockWalk::new(&exp.task, exp.seed, 3);
        walk.run_agent(&mut agent);
        assert!(walk.done() >= 1);
        let k = exp.task.arms;
        let (mut s, mut n) = (vec![0.0; k], vec![0.0; k]);
        for step in &walk.steps {
            let p = step.posterior.as_ref().unwrap();
            assert!((p.prob_best.iter().sum::<f64>() - 1.0).abs() < 1e-12);
            for a in 0..k {
                // Beta(1 + S, 1 + F) has mean (1 + S) / (2 + N).
                assert_eq!(p.mean[a], (1.0 + s[a]) / (2.0 + n[a]));
            }
            // Before any pull every arm is as likely best: 1/k.
            if step.t == 0 {
                assert!(p
                    .prob_best
                    .iter()
                    .all(|q| (q - 1.0 / k as f64).abs() < 1e-9));
            }
            let out = step.outputs.as_ref().unwrap();
            assert_eq!(out.len(), k);
            // The greedy value learner plays its highest value.
            let best = out.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            assert_eq!(out[step.arm], best);
            s[step.arm] += step.reward;
            n[step.arm] += 1.0;
        }
    }

    #[test]
    fn baselines_and_actor_critics_walk_the_same_draws() {
        let mut exp = presets::rl2();
        exp.updates = 4;
        exp.eval.blocks = 3;
        exp.eval.every = 4;
        exp.baselines = vec![Baseline::Greedy];
        let run = match exp.compute_unit(1) {
            Some(MetarlOutcome::Run(r)) => r,
            other => panic!("{other:?}"),
        };
        let mut agent = trained_agent(&exp, &run).unwrap();
        assert_eq!(output_kind(&agent), OutputKind::Probabilities);
        let mut walk = BlockWalk::new(&exp.task, exp.seed, 2);
        walk.run_agent(&mut agent);
        assert_eq!(walk.done(), 10);
        for s in &walk.steps {
            let p = s.outputs.as_ref().unwrap();
            assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
            assert_eq!((s.episode, s.pull), (0, s.t));
        }
        // The greedy baseline here and in its evaluation: the same total.
        let mut g = Baseline::Greedy.build(&exp.task).unwrap();
        let mut walk = BlockWalk::new(&exp.task, exp.seed, 2);
        let total = walk.run(g.as_mut());
        let mut g = Baseline::Greedy.build(&exp.task).unwrap();
        let e = evaluate(&exp.task, g.as_mut(), exp.seed, 2, 1, false);
        assert_eq!(total / 10.0, e.reward_per_pull);
    }

    #[test]
    fn bad_arms_and_mismatched_runs_name_the_field() {
        let exp = small();
        let mut walk = BlockWalk::new(&exp.task, exp.seed, 0);
        assert_eq!(walk.step_arm(3).unwrap_err().field, "arm");
        let mut run = trained(&exp);
        run.params.pop();
        assert_eq!(trained_agent(&exp, &run).unwrap_err().field, "params");
        run.agent = 7;
        assert_eq!(trained_agent(&exp, &run).unwrap_err().field, "agent");
    }
}
