//! A language model on the meta-RL lab's bandit tasks: in-context exploration by an LLM beside
//! the trained agent's, on the same task draws.
//!
//! It is the bandit lab's LLM player ([`crate::bandits::policies::llm`], after Krishnamurthy
//! et al. 2024): the same prompt factors, the same reading of replies, corrective retries and
//! flagged fallbacks, recorded and replayed through the experiment's transcript. What changes
//! is the length of a game. On RL^2's one-episode tasks the model is told the number of pulls,
//! as in the bandit lab. On block tasks nobody knows when the task will change, the trained
//! agent included; the model is told the rule instead (after each episode the block ends with
//! probability 1/n, at most `max_block` episodes), which is what the Bayes-optimal player (the
//! Gittins index with discount 1 - 1/n) knows too. See [`crate::llm::prompts::game_prompt`].
//!
//! Every LLM call costs time and money, so an LLM player plays only the first `blocks` of the
//! evaluation blocks (the same draws the other players meet first); its scores carry their
//! standard errors over those blocks. Each block is one unit of the run and of the
//! transcript, so the host asks the blocks' next questions at the same time.

use super::baselines::BlockPlayer;
use super::tasks::BanditTask;
use crate::bandits::policies::llm::{ask_arm, LlmParams};
use crate::error::{check_count, ConfigError};
use crate::llm::prompts::{game_prompt, BanditPromptConfig, Length};
use crate::llm::{agent, AgentLink, LlmConfig};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

fn default_blocks() -> usize {
    10
}

/// Most evaluation blocks an LLM player plays.
pub const MAX_LLM_BLOCKS: usize = 500;
/// Most pulls an LLM player may be asked for, in expectation, over its blocks.
pub const MAX_LLM_CALLS: usize = 5_000;
/// Longest block an LLM player's prompt carries, in pulls.
pub const MAX_LLM_BLOCK_PULLS: usize = 1_000;

/// An LLM player: `{"kind": "llm", "llm": {...}, "prompt": {...}, "blocks": 10}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LlmPlayerConfig {
    /// The model it asks.
    #[serde(default)]
    pub llm: LlmConfig,
    /// The prompt factors (those of the bandit lab's LLM player).
    #[serde(default)]
    pub prompt: BanditPromptConfig,
    /// How many of the evaluation blocks it plays (the first ones).
    #[serde(default = "default_blocks")]
    pub blocks: usize,
}

impl Default for LlmPlayerConfig {
    fn default() -> Self {
        LlmPlayerConfig {
            llm: LlmConfig::default(),
            prompt: BanditPromptConfig::default(),
            blocks: default_blocks(),
        }
    }
}

impl LlmPlayerConfig {
    /// Check it for `task`, whose evaluation has `eval_blocks` blocks.
    pub fn validate(&self, task: &BanditTask, eval_blocks: usize) -> Result<(), ConfigError> {
        self.llm.validate().map_err(|e| e.under("llm"))?;
        check_count("blocks", self.blocks, 1, MAX_LLM_BLOCKS)?;
        if self.blocks > eval_blocks {
            return Err(ConfigError::new(
                "blocks",
                format!(
                    "it plays the first of the {eval_blocks} evaluation blocks: at most {eval_blocks}"
                ),
            ));
        }
        if task.arms > 20 {
            return Err(ConfigError::new(
                "llm",
                "an LLM player takes at most 20 arms here",
            ));
        }
        let longest = task.max_block.saturating_mul(task.pulls);
        if longest > MAX_LLM_BLOCK_PULLS {
            return Err(ConfigError::new(
                "llm",
                format!(
                    "a block can last {longest} pulls and every prompt carries the block so far: an LLM player plays blocks of at most {MAX_LLM_BLOCK_PULLS} pulls (fewer episodes per block or pulls per episode)"
                ),
            ));
        }
        let calls = self.blocks.saturating_mul(task.expected_pulls());
        if calls > MAX_LLM_CALLS {
            return Err(ConfigError::new(
                "blocks",
                format!(
                    "{} blocks of about {} pulls are about {calls} calls to the model; at most {MAX_LLM_CALLS}",
                    self.blocks,
                    task.expected_pulls()
                ),
            ));
        }
        Ok(())
    }

    /// "LLM smollm2".
    pub fn label(&self) -> String {
        self.llm.label()
    }

    /// The player, asking through `link`.
    pub fn player(&self, link: AgentLink) -> LlmPlayer {
        LlmPlayer {
            params: LlmParams {
                llm: self.llm.clone(),
                prompt: self.prompt,
            },
            length: Length::Rounds(1),
            arms: 0,
            history: Vec::new(),
            link,
        }
    }

    /// A player that is not connected to a transcript (every question unanswered).
    pub fn detached(&self) -> LlmPlayer {
        self.player(AgentLink {
            oracle: agent::detached(),
            agent: "LLM".into(),
            rounds: 0,
        })
    }
}

/// How long a game of `task` is, as the model is told.
pub fn length(task: &BanditTask) -> Length {
    if task.single_episode() {
        Length::Rounds(task.pulls)
    } else {
        Length::Block {
            pulls: task.pulls,
            mean: task.block_mean,
            max: task.max_block,
        }
    }
}

/// The LLM as a [`BlockPlayer`]: it sees the block so far in its prompt.
pub struct LlmPlayer {
    params: LlmParams,
    length: Length,
    arms: usize,
    history: Vec<(usize, f64)>,
    link: AgentLink,
}

impl BlockPlayer for LlmPlayer {
    fn start_block(&mut self, task: &BanditTask) {
        self.length = length(task);
        self.arms = task.arms;
        self.history.clear();
    }
    fn choose(&mut self, rng: &mut Rng) -> usize {
        let k = self.arms;
        match game_prompt(&self.params.prompt, k, self.length, &self.history) {
            Ok(p) => ask_arm(&self.link, &self.params, k, p, rng),
            // Past the longest block (cannot happen within a task's own blocks).
            Err(_) => rng.below(k.max(1)),
        }
    }
    fn observe(&mut self, arm: usize, reward: f64, _episode_end: bool) {
        self.history.push((arm, reward));
    }
}

/// Records the arms a player chooses (the outcome of an LLM block, which the results replay
/// with [`Scripted`]).
pub struct Recording<'a> {
    pub player: &'a mut dyn BlockPlayer,
    pub arms: Vec<u16>,
}

impl BlockPlayer for Recording<'_> {
    fn start_block(&mut self, task: &BanditTask) {
        self.player.start_block(task);
    }
    fn choose(&mut self, rng: &mut Rng) -> usize {
        let a = self.player.choose(rng);
        self.arms.push(u16::try_from(a).unwrap_or(u16::MAX));
        a
    }
    fn observe(&mut self, arm: usize, reward: f64, episode_end: bool) {
        self.player.observe(arm, reward, episode_end);
    }
}

/// Plays recorded arms, block after block: the same pulls, so the same rewards (common random
/// numbers) and the same statistics as the player that chose them.
pub struct Scripted<'a> {
    blocks: &'a [Vec<u16>],
    block: Option<usize>,
    pull: usize,
}

impl<'a> Scripted<'a> {
    pub fn new(blocks: &'a [Vec<u16>]) -> Scripted<'a> {
        Scripted {
            blocks,
            block: None,
            pull: 0,
        }
    }
}

impl BlockPlayer for Scripted<'_> {
    fn start_block(&mut self, _task: &BanditTask) {
        self.block = Some(self.block.map_or(0, |b| b + 1));
        self.pull = 0;
    }
    fn choose(&mut self, _rng: &mut Rng) -> usize {
        let a = self
            .block
            .and_then(|b| self.blocks.get(b))
            .and_then(|arms| arms.get(self.pull))
            .map_or(0, |&a| usize::from(a));
        self.pull += 1;
        a
    }
    fn observe(&mut self, _arm: usize, _reward: f64, _episode_end: bool) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::llm::{Exchange, Oracle, Transcript, UnitEnd};
    use crate::metarl::eval::evaluate;

    /// Plays block 0 of `task` with `replies` answering in turn; the arms chosen.
    fn play(task: &BanditTask, cfg: &LlmPlayerConfig, replies: &[&str]) -> Vec<u16> {
        let mut t = Transcript::default();
        let mut next = replies.iter();
        loop {
            let oracle = Oracle::handle(t.clone());
            let mut p = cfg.player(AgentLink {
                oracle: oracle.clone(),
                agent: "LLM 1".into(),
                rounds: 0,
            });
            oracle.borrow_mut().begin_unit(0);
            let mut rec = Recording {
                player: &mut p,
                arms: Vec::new(),
            };
            evaluate(task, &mut rec, 7, 0, 1, false);
            if oracle.borrow_mut().end_unit() == UnitEnd::Done {
                return rec.arms;
            }
            let call = oracle.borrow().pending().unwrap().clone();
            let prompt = &call.request.messages[0].content;
            assert!(prompt.contains(&format!("This is round {}", call.index + 1)));
            let ex = Exchange {
                key: call.key.clone(),
                reply: next.next().map_or("1", |r| r).to_string(),
                ..Default::default()
            };
            assert!(t.record(&call, ex));
        }
    }

    #[test]
    fn on_a_block_task_the_model_is_told_the_rule_not_the_end() {
        let task = BanditTask::blocks(3, 4.0);
        let cfg = LlmPlayerConfig::default();
        let oracle = Oracle::handle(Transcript::default());
        let mut p = cfg.player(AgentLink {
            oracle: oracle.clone(),
            agent: "LLM 1".into(),
            rounds: 0,
        });
        oracle.borrow_mut().begin_unit(0);
        p.start_block(&task);
        p.choose(&mut Rng::stream(1, &[]));
        let call = oracle.borrow().pending().unwrap().clone();
        let system = call.request.system.clone().unwrap_or_default();
        assert!(
            system.contains(
                "ends with probability 1/4 (so it lasts 4 time steps on average, and at most 40)"
            ),
            "{system}"
        );
        assert!(!system.contains("You have"), "{system}");
        let user = &call.request.messages[0].content;
        assert!(
            user.contains("This is round 1; the game has not ended yet."),
            "{user}"
        );
        // RL^2's one-episode task: the number of pulls is known, as in the bandit lab.
        let rl2 = BanditTask::rl2(5, 10);
        p.start_block(&rl2);
        oracle.borrow_mut().begin_unit(1);
        p.choose(&mut Rng::stream(1, &[]));
        let call = oracle.borrow().pending().unwrap().clone();
        assert!(call.request.messages[0]
            .content
            .contains("This is round 1 of 10."));
    }

    #[test]
    fn the_arms_it_names_are_played_and_replayed_to_the_same_statistics() {
        let task = BanditTask::blocks(3, 4.0);
        let cfg = LlmPlayerConfig::default();
        let arms = play(&task, &cfg, &["<Answer>2</Answer>", "{\"arm\": 3}", "3"]);
        assert!(!arms.is_empty());
        assert_eq!(&arms[..arms.len().min(3)], &[1, 2, 2][..arms.len().min(3)]);
        // Replaying the recorded arms meets the same rewards.
        let mut a = Scripted::new(std::slice::from_ref(&arms));
        let replayed = evaluate(&task, &mut a, 7, 0, 1, true);
        let mut fixed = FixedArms(arms.clone(), 0);
        let direct = evaluate(&task, &mut fixed, 7, 0, 1, true);
        assert_eq!(replayed, direct);
        assert_eq!(replayed.pulls as usize, arms.len());
    }

    struct FixedArms(Vec<u16>, usize);
    impl BlockPlayer for FixedArms {
        fn start_block(&mut self, _task: &BanditTask) {}
        fn choose(&mut self, _rng: &mut Rng) -> usize {
            self.1 += 1;
            usize::from(self.0[self.1 - 1])
        }
        fn observe(&mut self, _arm: usize, _reward: f64, _episode_end: bool) {}
    }

    #[test]
    fn sizes_are_checked_with_the_field_named() {
        let task = BanditTask::blocks(3, 10.0);
        let ok = LlmPlayerConfig::default();
        assert!(ok.validate(&task, 100).is_ok());
        let e = ok.validate(&task, 5).unwrap_err();
        assert_eq!(e.field, "blocks");
        let many = LlmPlayerConfig {
            blocks: 500,
            ..Default::default()
        };
        let e = many
            .validate(&BanditTask::blocks(3, 20.0), 1000)
            .unwrap_err();
        assert!(e.message.contains("calls to the model"), "{e}");
        let mut long = BanditTask::blocks(3, 200.0);
        long.max_block = 2000;
        let e = ok.validate(&long, 100).unwrap_err();
        assert!(e.message.contains("blocks of at most 1000 pulls"), "{e}");
    }
}
