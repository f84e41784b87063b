//! The factors of a lab's LLM prompt, as data: what a page (or the CLI) shows and edits without
//! knowing the lab. Each lab lists its factors (`llm_factors`) and sets one by id
//! (`set_llm_factor`): the bandit lab Krishnamurthy et al.'s five (scenario, framing, history,
//! answer, reasoning), the repeated-games lab Akata et al.'s social chain of thought and the
//! shuffled order of the options.
//!
//! A factor with several options is a [`FactorValue::Choice`] of one of its
//! [`Factor::options`]; an on/off factor is a [`FactorValue::Flag`] and has no options. A
//! factor's value is the one of the experiment's first LLM agent; setting it sets it for every
//! LLM agent of the experiment (they share one prompt design).

use crate::error::ConfigError;
use serde::Serialize;

/// One option of a factor with several values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct FactorOption {
    /// The value as written in the experiment's JSON (`"one_arm"`).
    pub value: &'static str,
    /// What a person reads ("One arm").
    pub label: &'static str,
}

/// A factor's current value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FactorValue {
    /// One of the factor's options, by value.
    Choice(String),
    /// On or off.
    Flag(bool),
}

/// One factor of a prompt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Factor {
    /// Stable identifier, the field's name in the experiment (`"scenario"`, `"scot"`).
    pub id: &'static str,
    /// Short name ("Scenario", "Social chain of thought").
    pub label: &'static str,
    /// One sentence on what it changes.
    pub help: &'static str,
    /// Where the factor comes from (the paper).
    pub source: &'static str,
    /// The options of a choice (empty for an on/off factor).
    pub options: Vec<FactorOption>,
    /// The current value.
    pub value: FactorValue,
}

impl Factor {
    /// A factor with several options.
    pub fn choice(
        id: &'static str,
        label: &'static str,
        help: &'static str,
        source: &'static str,
        options: &[(&'static str, &'static str)],
        current: &str,
    ) -> Self {
        Factor {
            id,
            label,
            help,
            source,
            options: options
                .iter()
                .map(|&(value, label)| FactorOption { value, label })
                .collect(),
            value: FactorValue::Choice(current.to_string()),
        }
    }

    /// An on/off factor.
    pub fn flag(
        id: &'static str,
        label: &'static str,
        help: &'static str,
        source: &'static str,
        on: bool,
    ) -> Self {
        Factor {
            id,
            label,
            help,
            source,
            options: Vec::new(),
            value: FactorValue::Flag(on),
        }
    }

    /// True for an on/off factor.
    pub fn is_flag(&self) -> bool {
        matches!(self.value, FactorValue::Flag(_))
    }
}

/// The error for a factor id the lab does not have.
pub fn unknown_factor(id: &str, known: &[Factor]) -> ConfigError {
    let ids: Vec<&str> = known.iter().map(|f| f.id).collect();
    ConfigError::new(
        id,
        if ids.is_empty() {
            "this experiment has no LLM agent, so its prompt has no factors".to_string()
        } else {
            format!(
                "is not a prompt factor of this experiment (it has: {})",
                ids.join(", ")
            )
        },
    )
}

/// `Ok` when `id` is one of `known`'s factors, else [`unknown_factor`]'s error.
pub fn check_known(id: &str, known: &[Factor]) -> Result<(), ConfigError> {
    if known.iter().any(|f| f.id == id) {
        Ok(())
    } else {
        Err(unknown_factor(id, known))
    }
}

/// The index (from 0) of an agent named "`prefix` n" (n from 1): "LLM planner 2" is 1.
pub fn agent_number(agent: &str, prefix: &str) -> Option<usize> {
    agent
        .strip_prefix(prefix)?
        .trim()
        .parse::<usize>()
        .ok()?
        .checked_sub(1)
}

/// The option of `options` whose value is `value`, or an error that lists them.
pub fn pick<T: Copy>(
    id: &str,
    value: &FactorValue,
    options: &[(&'static str, T)],
) -> Result<T, ConfigError> {
    let listed = || {
        options
            .iter()
            .map(|(v, _)| format!("\"{v}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match value {
        FactorValue::Choice(v) => options
            .iter()
            .find(|(name, _)| name == v)
            .map(|&(_, t)| t)
            .ok_or_else(|| {
                ConfigError::new(id, format!("must be one of {} (got \"{v}\")", listed()))
            }),
        FactorValue::Flag(_) => Err(ConfigError::new(
            id,
            format!("is a choice of {}, not on/off", listed()),
        )),
    }
}

/// The on/off value of `value`, or an error.
pub fn flag(id: &str, value: &FactorValue) -> Result<bool, ConfigError> {
    match value {
        FactorValue::Flag(on) => Ok(*on),
        FactorValue::Choice(v) => Err(ConfigError::new(
            id,
            format!("is on or off, not a choice (got \"{v}\")"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_are_picked_by_value_and_wrong_kinds_are_refused() {
        let opts = [("a", 1), ("b", 2)];
        assert_eq!(pick("x", &FactorValue::Choice("b".into()), &opts), Ok(2));
        let e = pick("x", &FactorValue::Choice("c".into()), &opts).unwrap_err();
        assert_eq!(e.to_string(), "x: must be one of \"a\", \"b\" (got \"c\")");
        assert!(pick("x", &FactorValue::Flag(true), &opts).is_err());
        assert_eq!(flag("y", &FactorValue::Flag(true)), Ok(true));
        assert!(flag("y", &FactorValue::Choice("on".into())).is_err());
    }

    #[test]
    fn a_factor_knows_whether_it_is_a_flag() {
        assert!(Factor::flag("f", "F", "", "", true).is_flag());
        let c = Factor::choice("c", "C", "", "", &[("a", "A")], "a");
        assert!(!c.is_flag());
        assert_eq!(
            c.options[0],
            FactorOption {
                value: "a",
                label: "A"
            }
        );
    }
}
