//! A language model as a bandit player, prompted as in Krishnamurthy et al. (2024), "Can large
//! language models explore in-context?" (NeurIPS 2024).
//!
//! Each round the model gets the prompt of [`crate::llm::prompts::bandit_prompt`] with the
//! chosen prompt factors (scenario, framing, raw or summarized history, one arm or a
//! distribution, reasoning) and answers an arm, a_t = the arm it names, or a distribution
//! p_t over the arms, a_t ~ p_t (drawn from the policy's own random stream). Structured output,
//! where the provider supports it, asks for `{"arm": n}` or `{"probabilities": [...]}` (with a
//! `reasoning` string first under chain of thought). An unreadable reply is retried with a
//! corrective message; after that the round is a uniformly random arm, counted as a fallback.
//!
//! The paper's finding, which this player lets you see: most configurations fail to explore
//! (a high SuffFailFreq: the best arm is never chosen in the second half) or flail uniformly
//! (K*MinFrac near 1); only few, with summarized history and chain of thought, behave like a
//! bandit algorithm.

use super::About;
use crate::bandits::policy::{ArmView, Context, Counts, Policy, Setup};
use crate::error::ConfigError;
use crate::llm::prompts::{bandit_prompt, BanditPromptConfig, OutputStyle, Reasoning};
use crate::llm::{agent, decide, parse_arm, parse_distribution, AgentLink, Decision, LlmConfig};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

pub const ABOUT: About = About {
    name: "LLM",
    what: "A language model reads the history in a prompt and names the next arm (or a distribution over arms).",
    guarantee: "None: Krishnamurthy et al. found most prompt configurations fail to explore; summarized history with chain of thought comes closest to a bandit algorithm.",
    source: "Krishnamurthy, Harris, Foster, Zhang & Slivkins (2024), Can large language models explore in-context? NeurIPS.",
};

/// The model and the prompt factors.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct LlmParams {
    pub llm: LlmConfig,
    pub prompt: BanditPromptConfig,
}

impl LlmParams {
    pub fn validate(&self, setup: &Setup) -> Result<(), ConfigError> {
        self.llm.validate().map_err(|e| e.under("llm"))?;
        if setup.arms > 100 {
            return Err(ConfigError::new(
                "llm",
                "an LLM player takes at most 100 arms",
            ));
        }
        if setup.horizon > 1_000 {
            return Err(ConfigError::new(
                "llm",
                "an LLM player plays at most 1,000 rounds per run (one call each, and every prompt carries the history)",
            ));
        }
        Ok(())
    }

    pub fn label(&self) -> String {
        self.llm.label()
    }

    pub fn build(&self, setup: &Setup) -> Box<dyn Policy> {
        Box::new(Llm {
            params: self.clone(),
            horizon: setup.horizon,
            counts: Counts::new(setup.arms),
            history: Vec::with_capacity(setup.horizon),
            link: AgentLink {
                oracle: agent::detached(),
                agent: "LLM".into(),
                rounds: setup.horizon,
            },
        })
    }
}

/// The JSON schema of a reply.
fn schema(k: usize, prompt: &BanditPromptConfig) -> Value {
    let (key, answer) = match prompt.output {
        OutputStyle::OneArm => (
            "arm",
            json!({"type": "integer", "minimum": 1, "maximum": k}),
        ),
        OutputStyle::Distribution => (
            "probabilities",
            json!({"type": "array", "items": {"type": "number", "minimum": 0, "maximum": 1}, "minItems": k, "maxItems": k}),
        ),
    };
    match prompt.reasoning {
        Reasoning::None => json!({
            "type": "object",
            "properties": {key: answer},
            "required": [key],
        }),
        Reasoning::ChainOfThought => json!({
            "type": "object",
            "properties": {"reasoning": {"type": "string"}, key: answer},
            "required": ["reasoning", key],
        }),
    }
}

/// What a reply says.
enum Choice {
    Arm(usize),
    Distribution(Vec<f64>),
}

/// Ask the model for the next of `k` arms with prompt `p`, as [`Llm`] does: the arm it names,
/// a draw from the distribution it gives (on `rng`, after the request's seed), or a uniformly
/// random arm when the reply cannot be read (a counted fallback) or is not recorded yet. The
/// meta-RL lab's LLM player asks the same way on its block tasks.
pub fn ask_arm(
    link: &AgentLink,
    params: &LlmParams,
    k: usize,
    p: crate::llm::prompts::BanditPrompt,
    rng: &mut Rng,
) -> usize {
    let prompt = &params.prompt;
    let (system, messages) = p.into_messages();
    let request = params
        .llm
        .request(system, messages, Some(schema(k, prompt)), rng.next_u64());
    let decision = decide(
        &link.oracle,
        &link.agent,
        &params.llm,
        request,
        |reply| match prompt.output {
            OutputStyle::OneArm => parse_arm(reply, k).map(Choice::Arm),
            OutputStyle::Distribution => parse_distribution(reply, k).map(Choice::Distribution),
        },
        |c| match c {
            Choice::Arm(a) => format!("arm {}", a + 1),
            Choice::Distribution(p) => format!(
                "probabilities [{}]",
                p.iter()
                    .map(|x| format!("{x:.2}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        },
    );
    match decision {
        Decision::Read(Choice::Arm(a)) => a,
        Decision::Read(Choice::Distribution(p)) => rng.categorical(&p),
        Decision::Fallback => rng.below(k),
        // No recorded reply (the unit is dropped in a batch run; watching an unrecorded
        // round): a random arm, as a fallback would be.
        Decision::Pending => rng.below(k),
    }
}

pub struct Llm {
    params: LlmParams,
    horizon: usize,
    counts: Counts,
    history: Vec<(usize, f64)>,
    link: AgentLink,
}

impl Policy for Llm {
    fn choose(&mut self, _t: usize, _ctx: Context<'_>, rng: &mut Rng) -> usize {
        let k = self.counts.arms();
        let Ok(p) = bandit_prompt(&self.params.prompt, k, self.horizon, &self.history) else {
            return rng.below(k);
        };
        ask_arm(&self.link, &self.params, k, p, rng)
    }

    fn observe(&mut self, _t: usize, arm: usize, reward: f64, _ctx: Context<'_>) {
        self.counts.add(arm, reward);
        self.history.push((arm, reward));
    }

    fn arms(&self) -> Vec<ArmView> {
        self.counts.views(|_| None)
    }

    fn connect(&mut self, link: &AgentLink) {
        self.link = link.clone();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::llm::{Exchange, Oracle, Transcript};

    fn setup() -> Setup {
        Setup {
            arms: 3,
            horizon: 4,
            dim: 0,
        }
    }

    /// Plays `replies` (one per call) and returns the arms chosen.
    fn play(params: &LlmParams, replies: &[&str]) -> Vec<usize> {
        let mut t = Transcript::default();
        let mut next = replies.iter();
        loop {
            let oracle = Oracle::handle(t.clone());
            let mut p = params.build(&setup());
            p.connect(&AgentLink {
                oracle: oracle.clone(),
                agent: "policy 1".into(),
                rounds: 4,
            });
            oracle.borrow_mut().begin_unit(0);
            let mut rng = Rng::stream(1, &[]);
            let mut arms = Vec::new();
            for t in 1..=4 {
                let a = p.choose(t, Context::NONE, &mut rng);
                p.observe(t, a, (a == 2) as u8 as f64, Context::NONE);
                arms.push(a);
            }
            if oracle.borrow_mut().end_unit() == crate::llm::UnitEnd::Done {
                return arms;
            }
            let call = oracle.borrow().pending().unwrap().clone();
            // Each prompt carries the history the model's earlier answers produced.
            assert!(call.request.messages[0]
                .content
                .contains(&format!("This is round {} of 4", call.index + 1)));
            let ex = Exchange {
                key: call.key.clone(),
                reply: next.next().expect("enough replies").to_string(),
                ..Default::default()
            };
            assert!(t.record(&call, ex));
        }
    }

    #[test]
    fn plays_the_arms_the_model_names() {
        let params = LlmParams::default();
        let arms = play(
            &params,
            &["<Answer>1</Answer>", "{\"arm\": 3}", "arm 3", "3"],
        );
        assert_eq!(arms, vec![0, 2, 2, 2]);
    }

    #[test]
    fn a_distribution_is_sampled_and_a_point_mass_is_followed() {
        let mut params = LlmParams::default();
        params.prompt.output = OutputStyle::Distribution;
        let arms = play(
            &params,
            &[
                "[0, 1, 0]",
                "{\"probabilities\": [0, 0, 1]}",
                "[0,0,1]",
                "[0,0,1]",
            ],
        );
        assert_eq!(arms, vec![1, 2, 2, 2]);
    }

    #[test]
    fn the_schema_asks_for_reasoning_first_under_chain_of_thought() {
        let prompt = BanditPromptConfig {
            reasoning: Reasoning::ChainOfThought,
            ..Default::default()
        };
        let s = schema(5, &prompt);
        assert_eq!(s["required"], json!(["reasoning", "arm"]));
        assert_eq!(s["properties"]["arm"]["maximum"], json!(5));
    }
}
