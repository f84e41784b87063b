//! A language model as a player of the repeated game, prompted as in Akata et al. (2025),
//! "Playing repeated games with large language models", Nature Human Behaviour.
//!
//! Each round the model reads the rules of the game in its own points, one line per past
//! round, "You are currently playing round k." and "Q: Which Option do you choose, Option J or
//! Option F?" with the two options in an order drawn at random each round (from the player's
//! own random stream), then completes "A: Option". With social chain of thought (SCoT) it is
//! first asked which option the other player will choose, then which option is best given that
//! prediction (two calls per round). The labels default to the paper's J (first action) and F
//! (second action); structured output, where the provider supports it, asks for
//! `{"option": "J"}`. An unreadable reply is retried with a corrective message; after that the
//! round is a uniformly random action, counted as a fallback.

use super::About;
use crate::error::ConfigError;
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::llm::prompts::{
    akata_prompt, scot_choice_prompt, scot_prediction_prompt, AkataGame, Seat,
};
use crate::llm::{agent, decide, parse_option, AgentLink, Decision, LlmConfig, Message};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

pub const ABOUT: About = About {
    name: "LLM",
    axelrod: "LLM",
    rules: "A language model reads the rules and the history so far (Akata et al.'s prompt) and names its option each round; with social chain of thought it first predicts the other player's choice.",
    memory: None,
    stochastic: true,
    source: "Akata, Schulz, Coda-Forno, Oh, Bethge & Schulz (2025), Playing repeated games with large language models, Nature Human Behaviour.",
};

fn default_labels() -> [String; 2] {
    ["J".into(), "F".into()]
}
fn yes() -> bool {
    true
}

/// The model, the option labels and the prompting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LlmParams {
    #[serde(default)]
    pub llm: LlmConfig,
    /// Social chain of thought: predict the other player's option, then choose.
    #[serde(default)]
    pub scot: bool,
    /// Labels of the first and second action in the prompt.
    #[serde(default = "default_labels")]
    pub labels: [String; 2],
    /// Draw the order of the options in the question each round (as the paper does).
    #[serde(default = "yes")]
    pub shuffle: bool,
}

impl Default for LlmParams {
    fn default() -> Self {
        LlmParams {
            llm: LlmConfig::default(),
            scot: false,
            labels: default_labels(),
            shuffle: true,
        }
    }
}

impl LlmParams {
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.llm.validate().map_err(|e| e.under("llm"))?;
        let [a, b] = &self.labels;
        let ok = |l: &str| {
            !l.is_empty() && l.len() <= 20 && l.chars().all(|c| c.is_alphanumeric() || c == ' ')
        };
        if !ok(a) || !ok(b) || a.eq_ignore_ascii_case(b) {
            return Err(ConfigError::new(
                "labels",
                "two different labels of letters or digits (up to 20 characters), like [\"J\", \"F\"]",
            ));
        }
        Ok(())
    }

    pub fn label(&self) -> String {
        if self.scot {
            format!("{} (SCoT)", self.llm.label())
        } else {
            self.llm.label()
        }
    }

    pub fn build(&self) -> Box<dyn Strategy> {
        Box::new(Llm {
            params: self.clone(),
            link: AgentLink {
                oracle: agent::detached(),
                agent: "LLM".into(),
                rounds: 0,
            },
        })
    }
}

pub struct Llm {
    params: LlmParams,
    link: AgentLink,
}

impl Llm {
    /// One question to the model; `None` when it must fall back (or the reply is pending).
    fn ask(&self, prompt: String, rng: &mut Rng, what: &str) -> Option<Action> {
        let labels = [
            self.params.labels[0].as_str(),
            self.params.labels[1].as_str(),
        ];
        let schema: Value = json!({
            "type": "object",
            "properties": {"option": {"type": "string", "enum": labels}},
            "required": ["option"],
        });
        let request = self.params.llm.request(
            None,
            vec![Message::user(prompt)],
            Some(schema),
            rng.next_u64(),
        );
        match decide(
            &self.link.oracle,
            &self.link.agent,
            &self.params.llm,
            request,
            |reply| parse_option(reply, &labels),
            |&i| format!("{what} Option {}", labels[i]),
        ) {
            Decision::Read(i) => Some(Action::from_index(i)),
            Decision::Fallback | Decision::Pending => None,
        }
    }
}

impl Strategy for Llm {
    fn act(&mut self, own: &[Action], opp: &[Action], game: &GameConfig, rng: &mut Rng) -> Action {
        let labels = [
            self.params.labels[0].as_str(),
            self.params.labels[1].as_str(),
        ];
        // `game` is as this player sees it: its own payoffs are the row player's.
        let view = AkataGame::from_game(game, Seat::Row, labels);
        let history: Vec<(Action, Action)> = own.iter().copied().zip(opp.iter().copied()).collect();
        let rounds = self.link.rounds.max(history.len() + 1);
        let swap = self.params.shuffle && rng.below(2) == 1;
        let choice = if self.params.scot {
            let prompt = scot_prediction_prompt(&view, rounds, &history, swap);
            match self.ask(prompt, rng, "predicts") {
                Some(predicted) => {
                    let swap = self.params.shuffle && rng.below(2) == 1;
                    let prompt = scot_choice_prompt(&view, rounds, &history, predicted, swap);
                    self.ask(prompt, rng, "chooses")
                }
                None => None,
            }
        } else {
            self.ask(akata_prompt(&view, rounds, &history, swap), rng, "chooses")
        };
        choice.unwrap_or_else(|| Action::with_probability(0.5, rng))
    }

    fn reset(&mut self) {}

    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn connect(&mut self, link: &AgentLink) {
        self.link = link.clone();
    }
}
