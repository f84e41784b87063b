//! The experiment config shared by every lab, the app's links and the CLI.
//!
//! JSON shape: `{"format": 1, "lab": "bandits", ...the lab's config}`. `format` is the version
//! of this shape; a reader refuses formats it does not know with a message that says so.

use crate::bandits::{BanditExperiment, BanditResults, BanditRunner};
use crate::digest::digest_of;
use crate::error::ConfigError;
use crate::games::{GamesExperiment, GamesResults, GamesRunner};
use crate::llm::{Exchange, LlmConfig, OracleHandle, PendingCall, Seen, Transcript, UnitEnd};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The config format this version of Agora writes and reads.
pub const FORMAT: u32 = 1;

/// Largest experiment JSON accepted (bytes).
pub const MAX_JSON_BYTES: usize = 1 << 20;

/// An experiment of any lab.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "lab", rename_all = "snake_case")]
// Built a few times per run, never in a hot loop: boxing would only add noise to every match.
#[allow(clippy::large_enum_variant)]
pub enum Experiment {
    /// Multi-armed bandits.
    Bandits(BanditExperiment),
    /// Repeated games (tagged again by `mode`).
    Games(GamesExperiment),
}

/// Why an experiment could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    /// Not JSON, or not the expected shape.
    Syntax(String),
    /// A format version this Agora does not read.
    Format(String),
    /// Well-formed but not runnable.
    Invalid(ConfigError),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Syntax(m) => write!(f, "The experiment could not be read: {m}"),
            LoadError::Format(m) => write!(f, "{m}"),
            LoadError::Invalid(e) => write!(f, "The experiment is not valid: {e}"),
        }
    }
}

impl std::error::Error for LoadError {}

/// Results of any lab.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "lab", rename_all = "snake_case")]
#[allow(clippy::large_enum_variant)] // as for Experiment
pub enum Results {
    Bandits(BanditResults),
    Games(GamesResults),
}

/// Results with their digest, as the CLI prints them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub digest: String,
    pub results: Results,
}

impl Results {
    /// The digest of the canonical serialization.
    pub fn digest(&self) -> String {
        digest_of(self)
    }
}

impl Experiment {
    /// The lab's route name ("bandits", "games").
    pub fn lab(&self) -> &'static str {
        match self {
            Experiment::Bandits(_) => "bandits",
            Experiment::Games(_) => "games",
        }
    }

    /// Check the config.
    pub fn validate(&self) -> Result<(), ConfigError> {
        match self {
            Experiment::Bandits(b) => b.validate(),
            Experiment::Games(g) => g.validate(),
        }
    }

    /// Canonical compact JSON (what links carry), `format` first.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.to_value()).expect("experiment serializes")
    }

    /// Pretty JSON for people and files.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(&self.to_value()).expect("experiment serializes")
    }

    fn to_value(&self) -> serde_json::Value {
        let inner = serde_json::to_value(self).expect("experiment serializes");
        let mut map = serde_json::Map::new();
        map.insert("format".into(), FORMAT.into());
        if let serde_json::Value::Object(m) = inner {
            for (k, v) in m {
                map.insert(k, v);
            }
        }
        serde_json::Value::Object(map)
    }

    /// Read, check the format version, and validate.
    pub fn from_json(text: &str) -> Result<Self, LoadError> {
        if text.len() > MAX_JSON_BYTES {
            return Err(LoadError::Syntax(format!(
                "it is larger than {} KiB",
                MAX_JSON_BYTES / 1024
            )));
        }
        let mut value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| LoadError::Syntax(format!("not valid JSON ({e})")))?;
        let obj = value
            .as_object_mut()
            .ok_or_else(|| LoadError::Syntax("expected a JSON object".into()))?;
        match obj.remove("format") {
            None => return Err(LoadError::Format("The experiment has no \"format\" field, so it was not written by Agora (expected \"format\": 1).".into())),
            Some(v) => match v.as_u64() {
                Some(f) if f == FORMAT as u64 => {}
                Some(f) if f > FORMAT as u64 => {
                    return Err(LoadError::Format(format!(
                        "This experiment uses format {f}, made by a newer version of Agora; this version reads format {FORMAT}. Reload the page to get the latest version."
                    )))
                }
                Some(f) => {
                    return Err(LoadError::Format(format!("This experiment uses format {f}, which this version of Agora no longer reads (it reads format {FORMAT}).")))
                }
                None => return Err(LoadError::Format(format!("\"format\" must be a whole number (this version reads format {FORMAT}), got {v}."))),
            },
        }
        let exp: Experiment =
            serde_json::from_value(value).map_err(|e| LoadError::Syntax(e.to_string()))?;
        exp.validate().map_err(LoadError::Invalid)?;
        Ok(exp)
    }

    /// True if an LLM agent plays (its decisions come from the transcript).
    pub fn has_llm(&self) -> bool {
        match self {
            Experiment::Bandits(b) => b.has_llm(),
            Experiment::Games(g) => g.has_llm(),
        }
    }

    /// The model config of every LLM agent, in order.
    pub fn llm_configs(&self) -> Vec<LlmConfig> {
        let mut e = self.clone();
        let mut out = Vec::new();
        e.edit_llm(|c| out.push(c.clone()));
        out
    }

    /// Apply `f` to the model config of every LLM agent.
    pub fn edit_llm(&mut self, mut f: impl FnMut(&mut LlmConfig)) {
        match self {
            Experiment::Bandits(b) => b.llm_policies_mut().for_each(|p| f(&mut p.llm)),
            Experiment::Games(g) => g.llm_players_mut().into_iter().for_each(|p| f(&mut p.llm)),
        }
    }

    /// The first request an LLM agent of this experiment sends (with no replies recorded):
    /// the prompt as the model will see it.
    pub fn first_llm_request(&self) -> Option<PendingCall> {
        let mut e = self.clone();
        e.set_transcript(Transcript::default());
        let mut r = Runner::new(&e).ok()?;
        r.step(usize::MAX);
        r.pending_calls(1).into_iter().next()
    }

    /// Every exchange of the recorded transcript with the request it answered and what the
    /// agent read from it (for the transcript view), for the units the transcript completes.
    pub fn llm_exchanges(&self) -> Vec<Seen> {
        let Ok(mut r) = Runner::new(self) else {
            return Vec::new();
        };
        let Some(o) = r.oracle().cloned() else {
            return Vec::new();
        };
        o.borrow_mut().keep_seen(true);
        r.step(usize::MAX);
        let seen = o.borrow_mut().take_seen();
        seen
    }

    /// The recorded LLM transcript.
    pub fn transcript(&self) -> Option<&Transcript> {
        match self {
            Experiment::Bandits(b) => Some(&b.transcript),
            Experiment::Games(GamesExperiment::Match(m)) => Some(&m.transcript),
            Experiment::Games(g) => g.tournament().map(|t| &t.transcript),
        }
    }

    /// Replace the recorded LLM transcript (after a run asked the model).
    pub fn set_transcript(&mut self, transcript: Transcript) {
        match self {
            Experiment::Bandits(b) => b.transcript = transcript,
            Experiment::Games(GamesExperiment::Match(m)) => m.transcript = transcript,
            Experiment::Games(GamesExperiment::Tournament(t)) => t.transcript = transcript,
            Experiment::Games(GamesExperiment::Ecology(e)) => e.tournament.transcript = transcript,
            Experiment::Games(GamesExperiment::Moran(m)) => m.tournament.transcript = transcript,
            Experiment::Games(_) => {}
        }
    }

    /// Run to the end and return the results with their digest.
    /// With LLM agents the transcript must hold every reply (an error says otherwise).
    pub fn run(&self) -> Result<Outcome, ConfigError> {
        let mut runner = Runner::new(self)?;
        runner.step(usize::MAX);
        if let Some(end) = runner.stopped() {
            return Err(ConfigError::new("transcript", stop_message(end)));
        }
        let results = runner.results();
        Ok(Outcome {
            digest: results.digest(),
            results,
        })
    }
}

/// What to tell a user whose run stopped for an LLM reply or a mismatched transcript.
pub fn stop_message(end: &UnitEnd) -> String {
    match end {
        UnitEnd::Mismatch(m) => m.clone(),
        _ => "The LLM players' replies are not all recorded in this experiment yet: run it with a model to ask for the rest (the page's LLM settings, or `agora run --llm` with a key).".into(),
    }
}

/// Any lab's experiment, run a few units of work at a time (the page's worker reports
/// progress between chunks). Units: repetitions for bandits, matches or rounds for games
/// (see [`GamesRunner`]). Results do not depend on how the work is split.
pub enum Runner {
    Bandits(Box<BanditRunner>),
    Games(Box<GamesRunner>),
}

impl Runner {
    /// Validate and prepare.
    pub fn new(exp: &Experiment) -> Result<Self, ConfigError> {
        Ok(match exp {
            Experiment::Bandits(b) => Runner::Bandits(Box::new(BanditRunner::new(b)?)),
            Experiment::Games(g) => Runner::Games(Box::new(GamesRunner::new(g)?)),
        })
    }

    /// Do up to `k` more units; returns how many were done.
    pub fn step(&mut self, k: usize) -> usize {
        match self {
            Runner::Bandits(r) => r.step(k),
            Runner::Games(r) => r.step(k),
        }
    }

    pub fn done(&self) -> usize {
        match self {
            Runner::Bandits(r) => r.done(),
            Runner::Games(r) => r.done(),
        }
    }

    pub fn total(&self) -> usize {
        match self {
            Runner::Bandits(r) => r.config().repetitions,
            Runner::Games(r) => r.total(),
        }
    }

    pub fn is_complete(&self) -> bool {
        match self {
            Runner::Bandits(r) => r.is_complete(),
            Runner::Games(r) => r.is_complete(),
        }
    }

    /// Simulated work so far, in [`Runner::work_unit`]s.
    pub fn work_done(&self) -> u64 {
        match self {
            Runner::Bandits(r) => {
                let c = r.config();
                c.horizon as u64 * c.policies.len() as u64 * r.done() as u64
            }
            Runner::Games(r) => r.work_done(),
        }
    }

    /// What [`Runner::work_done`] counts: "pulls" (bandits) or "turns" (games).
    pub fn work_unit(&self) -> &'static str {
        match self {
            Runner::Bandits(_) => "pulls",
            Runner::Games(_) => "turns",
        }
    }

    /// Results so far (the final results once complete).
    pub fn results(&self) -> Results {
        match self {
            Runner::Bandits(r) => Results::Bandits(r.results()),
            Runner::Games(r) => Results::Games(r.results()),
        }
    }

    /// Why the run stopped before the end: a unit waits for an LLM reply
    /// ([`UnitEnd::Pending`]) or the recorded transcript does not match
    /// ([`UnitEnd::Mismatch`]). See [`crate::llm::oracle`].
    pub fn stopped(&self) -> Option<&UnitEnd> {
        match self {
            Runner::Bandits(r) => r.stopped(),
            Runner::Games(r) => r.stopped(),
        }
    }

    /// The next request of each of the next `max` units waiting for an LLM reply (the one
    /// the run stopped at first). Units are independent: send them at the same time, then
    /// [`Runner::record`] the replies and [`Runner::step`] on.
    pub fn pending_calls(&mut self, max: usize) -> Vec<PendingCall> {
        match self {
            Runner::Bandits(r) => r.pending_calls(max),
            Runner::Games(r) => r.pending_calls(max),
        }
    }

    /// Add the reply to a pending call (false if the call is stale: already answered).
    pub fn record(&mut self, call: &PendingCall, exchange: Exchange) -> bool {
        match self {
            Runner::Bandits(r) => r.record(call, exchange),
            Runner::Games(r) => r.record(call, exchange),
        }
    }

    /// The oracle of the LLM agents (transcript so far, statistics, seen exchanges), if any
    /// LLM plays.
    pub fn oracle(&self) -> Option<&OracleHandle> {
        match self {
            Runner::Bandits(r) => r.config().has_llm().then(|| r.oracle()),
            Runner::Games(r) => r.oracle(),
        }
    }

    /// The transcript recorded so far (empty without LLM agents).
    pub fn transcript(&self) -> Transcript {
        self.oracle()
            .map(|o| o.borrow().transcript().clone())
            .unwrap_or_default()
    }

    /// Run to the end.
    pub fn run_to_end(mut self) -> Results {
        self.step(usize::MAX);
        self.results()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bandits::presets;

    #[test]
    fn json_round_trip_and_format_first() {
        let e = Experiment::Bandits(presets::classic());
        let j = e.to_json();
        assert!(j.starts_with("{\"format\":1,\"lab\":\"bandits\""), "{j}");
        assert_eq!(Experiment::from_json(&j).unwrap(), e);
        assert_eq!(Experiment::from_json(&e.to_json_pretty()).unwrap(), e);
    }

    #[test]
    fn format_errors_are_clear() {
        let j = Experiment::Bandits(presets::classic()).to_json();
        let newer = j.replacen("\"format\":1", "\"format\":2", 1);
        assert!(Experiment::from_json(&newer)
            .unwrap_err()
            .to_string()
            .contains("newer version"));
        let older = j.replacen("\"format\":1", "\"format\":0", 1);
        assert!(Experiment::from_json(&older)
            .unwrap_err()
            .to_string()
            .contains("no longer reads"));
        let none = j.replacen("\"format\":1,", "", 1);
        assert!(Experiment::from_json(&none)
            .unwrap_err()
            .to_string()
            .contains("no \"format\""));
        assert!(matches!(
            Experiment::from_json("{nope"),
            Err(LoadError::Syntax(_))
        ));
        assert!(matches!(
            Experiment::from_json("[1]"),
            Err(LoadError::Syntax(_))
        ));
    }

    #[test]
    fn unknown_fields_and_bad_values_are_rejected() {
        let j = Experiment::Bandits(presets::classic()).to_json();
        let typo = j.replacen("\"horizon\"", "\"horizn\"", 1);
        let err = Experiment::from_json(&typo).unwrap_err().to_string();
        assert!(err.contains("horizn"), "{err}");
        let bad = j.replacen("\"horizon\":2000", "\"horizon\":0", 1);
        let err = Experiment::from_json(&bad).unwrap_err();
        assert!(
            matches!(&err, LoadError::Invalid(e) if e.field == "horizon"),
            "{err}"
        );
    }
}
