//! A language model as the tax planner: the LLM Economist's in-context reinforcement learning
//! (Karten et al. 2025).
//!
//! Its first schedule is the starting one (the status quo's rates, or 50 % in every bracket)
//! and costs no call. At every later update the model reads the prompt of
//! [`crate::tax::llm_prompt`] (the welfare it maximises, the brackets, the last updates with
//! their income and utility histograms and welfare, the best rates so far) and replies
//! `{"DELTA": [...]}`; each rate moves by its change (read by
//! [`crate::llm::parse::parse_deltas`]: fractions as points, off-step values to the nearest
//! step) and is kept within [0, 100] %. An unreadable reply is retried with a corrective
//! message; after that the rates stay as they are, counted as a fallback.

use super::About;
use crate::error::{check_count, ConfigError};
use crate::llm::{agent, decide, parse_deltas, AgentLink, Decision, LlmConfig};
use crate::rng::Rng;
use crate::tax::economy::Year;
use crate::tax::llm_prompt::{self, Context, Outcome, TaxPromptConfig, Update};
use crate::tax::planner::{Plan, Planner, Setup};
use crate::tax::schedule::Schedule;
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "LLM",
    what: "A language model reads the recent rates, income and utility histograms and welfare, and replies with a change of each rate (-20 to +20 points).",
    knows: "only the years it observes, as text",
    source: "Karten, Li, Jin et al. (2025), LLM Economist: Large Population Models and Mechanism Design in Multi-Agent Generative Simulacra.",
};

/// Where the rates start.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Start {
    /// The status quo's rates (the US schedule in the LLM Economist's setting).
    #[default]
    StatusQuo,
    /// 50 % in every bracket.
    #[serde(rename = "fifty_percent")]
    Fifty,
}

/// Most updates an LLM planner may be asked for.
pub const MAX_LLM_UPDATES: usize = 500;
/// Most brackets its prompt describes.
pub const MAX_LLM_BRACKETS: usize = 12;

/// The model, the prompt factors and the start.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct LlmPlannerParams {
    pub llm: LlmConfig,
    pub prompt: TaxPromptConfig,
    /// The rates of its first update.
    pub starting_rates: Start,
}

impl LlmPlannerParams {
    pub fn validate(&self, setup: &Setup<'_>) -> Result<(), ConfigError> {
        self.llm.validate().map_err(|e| e.under("llm"))?;
        check_count("prompt.history", self.prompt.history, 1, 50)?;
        if setup.brackets > MAX_LLM_BRACKETS {
            return Err(ConfigError::new(
                "kind",
                format!("an LLM planner sets at most {MAX_LLM_BRACKETS} brackets (the status quo has {})", setup.brackets),
            ));
        }
        if setup.proposals > MAX_LLM_UPDATES {
            return Err(ConfigError::new(
                "kind",
                format!(
                    "an LLM planner is asked once per update: at most {MAX_LLM_UPDATES} updates (this run has {}; fewer years or a longer period)",
                    setup.proposals
                ),
            ));
        }
        Ok(())
    }

    pub fn label(&self) -> String {
        self.llm.label()
    }

    pub fn build(&self, _setup: &Setup<'_>) -> Box<dyn Planner> {
        Box::new(LlmPlanner {
            params: self.clone(),
            updates: Vec::new(),
            last: None,
            link: AgentLink {
                oracle: agent::detached(),
                agent: "LLM".into(),
                rounds: 0,
            },
        })
    }
}

pub struct LlmPlanner {
    params: LlmPlannerParams,
    /// Every update so far: the rates set (points) and the last year under them.
    updates: Vec<Update>,
    /// The last year observed, and its welfare.
    last: Option<Outcome>,
    link: AgentLink,
}

impl LlmPlanner {
    /// The rates (points) it starts from.
    fn start(&self, baseline: &Schedule) -> Vec<f64> {
        match self.params.starting_rates {
            Start::StatusQuo => baseline.rates.iter().map(|r| points(*r)).collect(),
            Start::Fifty => vec![50.0; baseline.brackets()],
        }
    }
}

/// A rate in points, rounded to a tenth of a point (the prompt shows rates so).
fn points(rate: f64) -> f64 {
    (rate * 1000.0).round() / 10.0
}

impl Planner for LlmPlanner {
    fn observe(&mut self, year: &Year, welfare: f64) {
        self.last = Some(Outcome::of(year, welfare));
    }

    fn propose(&mut self, plan: &Plan<'_>, rng: &mut Rng) -> Schedule {
        let rates = match self.updates.last_mut() {
            None => self.start(plan.baseline),
            Some(u) => {
                u.outcome = self.last.take();
                let n = plan.brackets();
                let ctx = Context {
                    cutoffs: &plan.baseline.cutoffs,
                    objective: plan.objective,
                    rebate: plan.economy.rebate,
                };
                let (system, messages) =
                    llm_prompt::messages(&self.params.prompt, &ctx, &self.updates);
                let request = self.params.llm.request(
                    system,
                    messages,
                    Some(llm_prompt::schema(n, self.params.prompt.reasoning)),
                    rng.next_u64(),
                );
                let decision = decide(
                    &self.link.oracle,
                    &self.link.agent,
                    &self.params.llm,
                    request,
                    |reply| parse_deltas(reply, n),
                    |d| format!("DELTA {}", llm_prompt::rates_text(d)),
                );
                let delta = match decision {
                    Decision::Read(d) => d,
                    // Unreadable after the retries, or not recorded yet: keep the rates.
                    Decision::Fallback | Decision::Pending => vec![0.0; n],
                };
                let now = self
                    .updates
                    .last()
                    .map(|u| u.rates.clone())
                    .unwrap_or_default();
                now.iter()
                    .zip(&delta)
                    .map(|(r, d)| (r + d).clamp(0.0, 100.0))
                    .collect()
            }
        };
        self.updates.push(Update {
            rates: rates.clone(),
            outcome: None,
        });
        plan.with_rates(rates.iter().map(|r| r / 100.0).collect())
    }

    fn connect(&mut self, link: &AgentLink) {
        self.link = link.clone();
    }
}
