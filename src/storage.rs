//! What the app remembers between visits, in the browser's localStorage: the last experiment
//! of each lab and a few display settings.
//!
//! Keys are `agora.<lab>.experiment` (the experiment's canonical JSON, read back with
//! `Experiment::from_json`, which checks the format version and validates) and
//! `agora.settings` (JSON of [`UiSettings`]). A stored value that is damaged, from another
//! version or no longer valid is ignored with a console warning; storage that is unavailable
//! (private browsing, a sandboxed iframe, a full quota) is silently skipped.

use agora_engine::experiment::Experiment;
use serde::{Deserialize, Serialize};

const SETTINGS_KEY: &str = "agora.settings";

/// How fast a run goes: full speed, or slowed down so a student can watch the curves grow.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Speed {
    /// One repetition every 0.4 s.
    Slow,
    /// A few repetitions every 0.1 s.
    Medium,
    /// As fast as possible, progress about every 150 ms.
    #[default]
    Fast,
}

impl Speed {
    pub const ALL: [Speed; 3] = [Speed::Slow, Speed::Medium, Speed::Fast];

    /// (chunk_ms, delay_ms) for the worker: work for chunk_ms, then wait delay_ms.
    pub fn timing(self) -> (f64, f64) {
        match self {
            Speed::Slow => (0.0, 400.0),
            Speed::Medium => (8.0, 100.0),
            Speed::Fast => (60.0, 0.0),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Speed::Slow => "slow",
            Speed::Medium => "medium",
            Speed::Fast => "fast",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Speed::Slow => "Slow",
            Speed::Medium => "Medium",
            Speed::Fast => "Full speed",
        }
    }

    pub fn from_name(s: &str) -> Option<Speed> {
        Speed::ALL.into_iter().find(|v| v.name() == s)
    }
}

/// Display settings kept between visits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UiSettings {
    /// Regret chart with a logarithmic time axis.
    pub log_x: bool,
    /// Show realized regret instead of pseudo-regret.
    pub realized: bool,
    /// Show the 95 % confidence band.
    pub band: bool,
    /// Show the Lai-Robbins curve when it is defined.
    pub lai_robbins: bool,
    pub speed: Speed,
    /// Web Workers a run uses: 0 for one per core (the default), 1 to run on one.
    pub workers: usize,
}

impl Default for UiSettings {
    fn default() -> Self {
        UiSettings {
            log_x: false,
            realized: false,
            band: true,
            lai_robbins: true,
            speed: Speed::Fast,
            workers: 0,
        }
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    // Accessing localStorage throws in some sandboxed iframes: treat that as "no storage".
    web_sys::window()?.local_storage().ok().flatten()
}

fn warn(message: &str) {
    web_sys::console::warn_1(&message.into());
}

fn get(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

fn set(key: &str, value: &str) {
    if let Some(s) = local_storage() {
        if s.set_item(key, value).is_err() {
            warn(&format!(
                "Agora: could not save {key} (storage full or blocked)."
            ));
        }
    }
}

fn remove(key: &str) {
    if let Some(s) = local_storage() {
        let _ = s.remove_item(key);
    }
}

fn experiment_key(lab: &str) -> String {
    format!("agora.{lab}.experiment")
}

/// Read a stored experiment for `lab`, if there is a usable one.
pub fn parse_stored_experiment(lab: &str, text: &str) -> Result<Experiment, String> {
    let exp = Experiment::from_json(text).map_err(|e| e.to_string())?;
    if exp.lab() != lab {
        return Err(format!("it is a {} experiment, not a {lab} one", exp.lab()));
    }
    Ok(exp)
}

/// The last experiment saved for `lab`. A damaged value is removed with a console warning.
pub fn load_experiment(lab: &str) -> Option<Experiment> {
    let key = experiment_key(lab);
    let text = get(&key)?;
    match parse_stored_experiment(lab, &text) {
        Ok(exp) => Some(exp),
        Err(e) => {
            warn(&format!(
                "Agora: ignoring the saved {lab} experiment because {e}."
            ));
            remove(&key);
            None
        }
    }
}

/// Remember `exp` as the last experiment of its lab.
pub fn save_experiment(exp: &Experiment) {
    set(&experiment_key(exp.lab()), &exp.to_json());
}

/// Parse stored settings; fields that are missing take their defaults.
pub fn parse_settings(text: &str) -> Result<UiSettings, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}

/// The saved display settings (defaults if none or damaged).
pub fn load_settings() -> UiSettings {
    let Some(text) = get(SETTINGS_KEY) else {
        return UiSettings::default();
    };
    match parse_settings(&text) {
        Ok(s) => s,
        Err(e) => {
            warn(&format!(
                "Agora: ignoring the saved display settings ({e})."
            ));
            remove(SETTINGS_KEY);
            UiSettings::default()
        }
    }
}

pub fn save_settings(s: &UiSettings) {
    if let Ok(text) = serde_json::to_string(s) {
        set(SETTINGS_KEY, &text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damaged_or_foreign_values_are_refused_with_a_reason() {
        assert!(parse_stored_experiment("bandits", "{not json").is_err());
        assert!(parse_stored_experiment("bandits", "{\"format\":99}")
            .unwrap_err()
            .contains("newer"));
        let good = Experiment::Bandits(agora_engine::bandits::presets::classic()).to_json();
        assert!(parse_stored_experiment("bandits", &good).is_ok());
        assert!(parse_stored_experiment("games", &good)
            .unwrap_err()
            .contains("not a games one"));
    }

    #[test]
    fn settings_fill_missing_fields_and_reject_bad_ones() {
        let s = parse_settings(r#"{"log_x": true}"#).unwrap();
        assert!(s.log_x);
        assert_eq!(s.speed, Speed::Fast);
        assert!(s.band);
        assert_eq!(
            s.workers, 0,
            "settings saved before the pool mean one worker per core"
        );
        assert!(parse_settings(r#"{"speed": "warp"}"#).is_err());
        assert!(parse_settings(r#"{"workers": -1}"#).is_err());
        assert!(parse_settings("42").is_err());
        assert!(parse_settings(r#"{"log_x": 3}"#).is_err());
        let all = UiSettings {
            log_x: true,
            realized: true,
            band: false,
            lai_robbins: false,
            speed: Speed::Slow,
            workers: 3,
        };
        assert_eq!(
            parse_settings(&serde_json::to_string(&all).unwrap()).unwrap(),
            all
        );
    }

    #[test]
    fn speed_names_round_trip() {
        for s in Speed::ALL {
            assert_eq!(Speed::from_name(s.name()), Some(s));
        }
        assert_eq!(Speed::from_name("warp"), None);
    }
}
