//! The bandit lab's LLM prompt factors as data (see [`crate::llm::factors`]): Krishnamurthy,
//! Harris, Foster, Zhang & Slivkins (2024)'s scenario, framing, history, answer and reasoning.

use super::{BanditExperiment, PolicyConfig};
use crate::error::ConfigError;
use crate::llm::factors::{check_known, pick, Factor, FactorValue};
use crate::llm::prompts::{
    BanditPromptConfig, Framing, HistoryStyle, OutputStyle, Reasoning, Scenario,
};

const SOURCE: &str = "Krishnamurthy et al. (2024)";

const SCENARIO: [(&str, Scenario); 2] = [("buttons", Scenario::Buttons), ("ads", Scenario::Ads)];
const FRAMING: [(&str, Framing); 2] = [
    ("neutral", Framing::Neutral),
    ("suggestive", Framing::Suggestive),
];
const HISTORY: [(&str, HistoryStyle); 2] = [
    ("raw", HistoryStyle::Raw),
    ("summarized", HistoryStyle::Summarized),
];
const OUTPUT: [(&str, OutputStyle); 2] = [
    ("one_arm", OutputStyle::OneArm),
    ("distribution", OutputStyle::Distribution),
];
const REASONING: [(&str, Reasoning); 2] = [
    ("none", Reasoning::None),
    ("chain_of_thought", Reasoning::ChainOfThought),
];

/// The name of `v` in `options`.
fn name_of<T: PartialEq + Copy>(options: &[(&'static str, T)], v: T) -> &'static str {
    options
        .iter()
        .find(|(_, t)| *t == v)
        .map_or(options[0].0, |(n, _)| *n)
}

impl BanditExperiment {
    /// The prompt factors of the LLM policies (those of the first; none without an LLM).
    pub fn llm_factors(&self) -> Vec<Factor> {
        let Some(f) = self.policies.iter().find_map(|p| match p {
            PolicyConfig::Llm(l) => Some(l.prompt),
            _ => None,
        }) else {
            return Vec::new();
        };
        prompt_factors(&f)
    }

    /// Set factor `id` of every LLM policy's prompt to `value`.
    pub fn set_llm_factor(&mut self, id: &str, value: &FactorValue) -> Result<(), ConfigError> {
        check_known(id, &self.llm_factors())?;
        let set = prompt_setter(id, value)?;
        for p in self.llm_policies_mut() {
            set(&mut p.prompt);
        }
        Ok(())
    }
}

/// A change to a prompt's factors.
pub type PromptEdit = Box<dyn Fn(&mut BanditPromptConfig)>;

/// What setting factor `id` to `value` does to a prompt (an error for a value the factor does
/// not have). Shared with the meta-RL lab's LLM player, which has the same factors.
pub fn prompt_setter(id: &str, value: &FactorValue) -> Result<PromptEdit, ConfigError> {
    Ok(match id {
        "scenario" => {
            let v = pick(id, value, &SCENARIO)?;
            Box::new(move |p| p.scenario = v)
        }
        "framing" => {
            let v = pick(id, value, &FRAMING)?;
            Box::new(move |p| p.framing = v)
        }
        "history" => {
            let v = pick(id, value, &HISTORY)?;
            Box::new(move |p| p.history = v)
        }
        "output" => {
            let v = pick(id, value, &OUTPUT)?;
            Box::new(move |p| p.output = v)
        }
        _ => {
            let v = pick(id, value, &REASONING)?;
            Box::new(move |p| p.reasoning = v)
        }
    })
}

/// The factors of a prompt, with its values.
pub fn prompt_factors(f: &BanditPromptConfig) -> Vec<Factor> {
    vec![
        Factor::choice(
            "scenario",
            "Scenario",
            "What the arms are in the story the model reads.",
            SOURCE,
            &[("buttons", "Buttons"), ("ads", "Advertisements")],
            name_of(&SCENARIO, f.scenario),
        ),
        Factor::choice(
            "framing",
            "Framing",
            "Whether the model is told it faces an explore/exploit problem.",
            SOURCE,
            &[
                ("neutral", "Neutral"),
                ("suggestive", "Suggestive (explore/exploit)"),
            ],
            name_of(&FRAMING, f.framing),
        ),
        Factor::choice(
            "history",
            "History",
            "How the past rounds are shown.",
            SOURCE,
            &[
                ("raw", "Raw, one line per round"),
                ("summarized", "Summarized per arm"),
            ],
            name_of(&HISTORY, f.history),
        ),
        Factor::choice(
            "output",
            "Answer",
            "What the model is asked to answer (a distribution is sampled from the policy's stream).",
            SOURCE,
            &[
                ("one_arm", "One arm"),
                ("distribution", "A distribution over arms"),
            ],
            name_of(&OUTPUT, f.output),
        ),
        Factor::choice(
            "reasoning",
            "Reasoning",
            "Whether the model is asked to think step by step before answering.",
            SOURCE,
            &[
                ("none", "None (answer only)"),
                ("chain_of_thought", "Chain of thought"),
            ],
            name_of(&REASONING, f.reasoning),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bandits::presets;

    fn choice(s: &str) -> FactorValue {
        FactorValue::Choice(s.into())
    }

    #[test]
    fn the_five_factors_with_their_serde_names() {
        let mut e = presets::llm_hard_k5();
        let f = e.llm_factors();
        let ids: Vec<&str> = f.iter().map(|f| f.id).collect();
        assert_eq!(
            ids,
            ["scenario", "framing", "history", "output", "reasoning"]
        );
        assert!(f.iter().all(|f| !f.is_flag() && f.options.len() == 2));
        // Every option's value is the name the experiment's JSON uses.
        for factor in &f {
            for o in &factor.options {
                e.set_llm_factor(factor.id, &choice(o.value)).unwrap();
                let json = serde_json::to_value(&e).unwrap();
                let llm = json["policies"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|p| p["kind"] == "llm")
                    .unwrap();
                assert_eq!(llm["prompt"][factor.id], o.value, "{}", factor.id);
                let now = e.llm_factors();
                let g = now.iter().find(|g| g.id == factor.id).unwrap();
                assert_eq!(g.value, choice(o.value));
            }
        }
    }

    #[test]
    fn setting_a_factor_sets_every_llm_policy_and_nothing_else() {
        let mut e = presets::llm_hard_k5();
        let second = e
            .policies
            .iter()
            .find(|p| matches!(p, PolicyConfig::Llm(_)))
            .cloned()
            .unwrap();
        e.policies.push(second);
        let classical: Vec<PolicyConfig> = e
            .policies
            .iter()
            .filter(|p| !matches!(p, PolicyConfig::Llm(_)))
            .cloned()
            .collect();
        e.set_llm_factor("reasoning", &choice("chain_of_thought"))
            .unwrap();
        e.set_llm_factor("scenario", &choice("ads")).unwrap();
        for p in e.llm_policies_mut() {
            assert_eq!(p.prompt.reasoning, Reasoning::ChainOfThought);
            assert_eq!(p.prompt.scenario, Scenario::Ads);
            assert_eq!(p.prompt.framing, Framing::Neutral);
        }
        let after: Vec<PolicyConfig> = e
            .policies
            .iter()
            .filter(|p| !matches!(p, PolicyConfig::Llm(_)))
            .cloned()
            .collect();
        assert_eq!(after, classical);
        assert!(e.validate().is_ok());
    }

    #[test]
    fn bad_ids_and_values_are_refused_and_change_nothing() {
        let mut e = presets::llm_hard_k5();
        let before = e.clone();
        let err = e
            .set_llm_factor("scot", &FactorValue::Flag(true))
            .unwrap_err();
        assert!(err.message.contains("scenario, framing"), "{err}");
        let err = e.set_llm_factor("history", &choice("verbose")).unwrap_err();
        assert_eq!(err.field, "history");
        assert!(err.message.contains("\"raw\", \"summarized\""), "{err}");
        assert!(e
            .set_llm_factor("output", &FactorValue::Flag(true))
            .is_err());
        assert_eq!(e, before);
        // Without an LLM policy there are no factors.
        let mut classic = presets::classic();
        assert!(classic.llm_factors().is_empty());
        let err = classic
            .set_llm_factor("scenario", &choice("ads"))
            .unwrap_err();
        assert!(err.message.contains("no LLM agent"), "{err}");
    }
}
