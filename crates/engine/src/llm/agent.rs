//! What every LLM agent shares: which model it asks ([`LlmConfig`]), and how one decision is
//! asked for, read, repaired and, failing that, replaced by a flagged fallback ([`decide`]).
//!
//! A decision is one request; when the reply cannot be read, the same conversation goes on with
//! the reply and a corrective message ("Your answer could not be read: ... Answer again ...")
//! up to [`LlmConfig::repairs`] times; when that fails too, the agent uses its fallback (a
//! uniformly random action), and the decision is counted as a fallback in the results and
//! flagged in the transcript. Nothing here waits: a missing reply is
//! [`Decision::Pending`] (see [`super::oracle`]).

use super::oracle::{Oracle, OracleHandle};
use super::parse::ParseError;
use super::provider::{ChatRequest, Message, Provider};
use crate::error::ConfigError;
use serde::{Deserialize, Serialize};
use serde_json::Value;

fn default_max_tokens() -> u32 {
    64
}
fn default_repairs() -> u32 {
    1
}
fn yes() -> bool {
    true
}

/// The model an agent asks and how. The API key is not here: it never enters a config.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LlmConfig {
    pub provider: Provider,
    /// Model name as the provider spells it.
    pub model: String,
    /// Sampling temperature; at 0 requests carry no seed (identical requests are identical).
    #[serde(default)]
    pub temperature: f64,
    /// Most tokens per reply.
    #[serde(default = "default_max_tokens")]
    pub max_tokens: u32,
    /// Ask for a reply that follows a JSON schema where the provider supports it.
    #[serde(default = "yes")]
    pub structured: bool,
    /// How many times an unreadable reply is answered with a corrective message before the
    /// agent falls back.
    #[serde(default = "default_repairs")]
    pub repairs: u32,
    /// Replaces the prompt's system text (bandits) or is sent as one (games), when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
}

impl Default for LlmConfig {
    /// The small local model the tests serve (see the README).
    fn default() -> Self {
        LlmConfig {
            provider: Provider::OpenAiCompatible {
                base_url: "http://127.0.0.1:8099/v1".into(),
                json_format: super::provider::JsonFormat::JsonObject,
            },
            model: "smollm2".into(),
            temperature: 0.0,
            max_tokens: default_max_tokens(),
            structured: true,
            repairs: default_repairs(),
            system: None,
        }
    }
}

impl LlmConfig {
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.model.trim().is_empty() {
            return Err(ConfigError::new("model", "name the model to ask"));
        }
        if self.model.len() > 200 {
            return Err(ConfigError::new("model", "the model name is too long"));
        }
        if !(0.0..=2.0).contains(&self.temperature) {
            return Err(ConfigError::new(
                "temperature",
                "the temperature must be between 0 and 2",
            ));
        }
        if !(1..=4096).contains(&self.max_tokens) {
            return Err(ConfigError::new(
                "max_tokens",
                "between 1 and 4096 tokens per reply",
            ));
        }
        if self.repairs > 3 {
            return Err(ConfigError::new(
                "repairs",
                "at most 3 corrective retries per decision",
            ));
        }
        if let Some(s) = &self.system {
            if s.len() > 20_000 {
                return Err(ConfigError::new(
                    "system",
                    "the system text is longer than 20,000 characters",
                ));
            }
        }
        if let Provider::OpenAiCompatible { base_url, .. } = &self.provider {
            let u = base_url.trim();
            if !(u.starts_with("http://") || u.starts_with("https://")) {
                return Err(ConfigError::new(
                    "provider.base_url",
                    "the base URL must start with http:// or https:// (e.g. http://127.0.0.1:8099/v1)",
                ));
            }
        }
        Ok(())
    }

    /// A short label: "LLM smollm2".
    pub fn label(&self) -> String {
        format!("LLM {}", self.model)
    }

    /// A request for this model. `seed` is sent only when the temperature is above 0.
    pub fn request(
        &self,
        system: Option<String>,
        messages: Vec<Message>,
        json_schema: Option<Value>,
        seed: u64,
    ) -> ChatRequest {
        ChatRequest {
            model: self.model.clone(),
            system: self.system.clone().or(system),
            messages,
            temperature: self.temperature,
            seed: (self.temperature > 0.0).then_some(seed >> 11),
            max_tokens: self.max_tokens,
            json_schema: if self.structured { json_schema } else { None },
        }
    }
}

/// The identity of a player's or policy's config for its random streams: its JSON, with the
/// address of every OpenAI-compatible server (`base_url`) left out. Where a model is served is
/// not part of the experiment: the same model asked at another address (another port, a proxy)
/// must draw the same random numbers and so ask the same questions, or its recorded transcript
/// (whose keys, [`ChatRequest::cache_key`], leave the address out too) would no longer fit.
/// A config without such a server gives exactly its JSON.
pub fn stream_id<T: Serialize>(config: &T) -> Result<String, serde_json::Error> {
    let json = serde_json::to_string(config)?;
    if !json.contains("\"base_url\"") {
        return Ok(json);
    }
    fn forget_address(v: &mut Value) {
        match v {
            Value::Object(map) => {
                if map.get("kind").and_then(Value::as_str) == Some("openai_compatible") {
                    map.remove("base_url");
                }
                map.values_mut().for_each(forget_address);
            }
            Value::Array(items) => items.iter_mut().for_each(forget_address),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(config)?;
    forget_address(&mut v);
    serde_json::to_string(&v)
}

/// The corrective message sent after an unreadable reply.
pub fn corrective_message(error: &ParseError) -> String {
    format!("Your answer could not be read: {error} Answer again, following the requested answer format exactly.")
}

/// How a decision ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Decision<T> {
    /// Read from a reply (possibly after corrective retries).
    Read(T),
    /// No readable reply after the retries: use the fallback (counted and flagged).
    Fallback,
    /// The transcript has no reply yet: the unit will be dropped and re-run.
    Pending,
}

/// Ask for one decision: send `request` to `llm`'s provider, read the reply with `parse`,
/// retry with a corrective message up to [`LlmConfig::repairs`] times, and record the outcome (`describe` names what was read, for
/// the transcript view).
pub fn decide<T>(
    oracle: &OracleHandle,
    agent: &str,
    llm: &LlmConfig,
    mut request: ChatRequest,
    parse: impl Fn(&str) -> Result<T, ParseError>,
    describe: impl Fn(&T) -> String,
) -> Decision<T> {
    let mut o = oracle.borrow_mut();
    let mut tries = 0u32;
    loop {
        let Some(reply) = o.ask(agent, &llm.provider, &request) else {
            return Decision::Pending;
        };
        match parse(&reply) {
            Ok(v) => {
                o.note_parsed(describe(&v), false);
                o.count_decision(agent, u64::from(tries), false);
                return Decision::Read(v);
            }
            Err(e) if tries < llm.repairs => {
                o.note_parsed(format!("unreadable, asked again: {e}"), false);
                request.messages.push(Message::assistant(reply));
                request.messages.push(Message::user(corrective_message(&e)));
                tries += 1;
            }
            Err(e) => {
                o.note_parsed(format!("unreadable, fell back: {e}"), true);
                o.count_decision(agent, u64::from(tries), true);
                return Decision::Fallback;
            }
        }
    }
}

/// A fresh oracle with an empty transcript, for agents built outside a run (they ask and get
/// nothing, so they fall back).
pub fn detached() -> OracleHandle {
    Oracle::handle(Default::default())
}

/// What an LLM agent is told when a run connects it: whom to ask, under which name, and the
/// number of rounds it will play (a match's turns or a bandit's horizon).
#[derive(Clone)]
pub struct AgentLink {
    pub oracle: OracleHandle,
    pub agent: String,
    pub rounds: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::llm::oracle::{Exchange, Transcript, UnitEnd};
    use crate::llm::parse::parse_arm;

    fn run(replies: &[&str], repairs: u32) -> (Decision<usize>, Vec<String>) {
        let cfg = LlmConfig {
            repairs,
            ..Default::default()
        };
        // Record the replies one call at a time, as a host would.
        let mut t = Transcript::default();
        loop {
            let o = Oracle::handle(t.clone());
            o.borrow_mut().begin_unit(0);
            let req = cfg.request(None, vec![Message::user("pick")], None, 0);
            let d = decide(
                &o,
                "policy 1",
                &cfg,
                req,
                |r| parse_arm(r, 3),
                |a| format!("arm {}", a + 1),
            );
            let end = o.borrow_mut().end_unit();
            if end == UnitEnd::Pending {
                let call = o.borrow().pending().unwrap().clone();
                let Some(reply) = replies.get(call.index) else {
                    return (d, vec![]);
                };
                assert!(t.record(
                    &call,
                    Exchange {
                        key: call.key.clone(),
                        reply: reply.to_string(),
                        ..Default::default()
                    }
                ));
                continue;
            }
            let stats = o.borrow().stats();
            let s = &stats[0];
            return (
                d,
                vec![format!("{} {} {}", s.decisions, s.repairs, s.fallbacks)],
            );
        }
    }

    #[test]
    fn a_readable_reply_is_one_call() {
        assert_eq!(
            run(&["<Answer>2</Answer>"], 1),
            (Decision::Read(1), vec!["1 0 0".into()])
        );
    }

    #[test]
    fn an_unreadable_reply_is_repaired_then_falls_back() {
        assert_eq!(
            run(&["no idea", "arm 3"], 1),
            (Decision::Read(2), vec!["1 1 0".into()])
        );
        assert_eq!(
            run(&["no idea", "still none"], 1),
            (Decision::Fallback, vec!["1 1 1".into()])
        );
        assert_eq!(
            run(&["<script>alert('x')</script>"], 0),
            (Decision::Fallback, vec!["1 0 1".into()])
        );
    }

    #[test]
    fn seeds_only_when_sampling() {
        let mut cfg = LlmConfig::default();
        assert_eq!(cfg.request(None, vec![], None, 99).seed, None);
        cfg.temperature = 1.0;
        assert_eq!(cfg.request(None, vec![], None, 99 << 11).seed, Some(99));
    }

    #[test]
    fn stream_ids_leave_the_server_address_out() {
        let at = |url: &str| LlmConfig {
            provider: Provider::OpenAiCompatible {
                base_url: url.into(),
                json_format: Default::default(),
            },
            ..Default::default()
        };
        let a = stream_id(&at("http://127.0.0.1:8099/v1")).unwrap();
        assert_eq!(a, stream_id(&at("http://127.0.0.1:9/proxy/v1")).unwrap());
        assert!(!a.contains("8099"), "{a}");
        let other_model = LlmConfig {
            model: "other".into(),
            ..at("http://127.0.0.1:8099/v1")
        };
        assert_ne!(a, stream_id(&other_model).unwrap());
        let plain = serde_json::json!({"kind": "ucb1", "c": 2.0});
        assert_eq!(
            stream_id(&plain).unwrap(),
            serde_json::to_string(&plain).unwrap()
        );
    }

    #[test]
    fn only_http_base_urls() {
        let bad = LlmConfig {
            provider: Provider::OpenAiCompatible {
                base_url: "javascript:alert(1)".into(),
                json_format: Default::default(),
            },
            ..Default::default()
        };
        assert_eq!(bad.validate().unwrap_err().field, "provider.base_url");
        assert!(LlmConfig::default().validate().is_ok());
    }
}
