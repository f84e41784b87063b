//! The repeated-games lab's LLM prompt factors as data (see [`crate::llm::factors`]): Akata et
//! al. (2025)'s social chain of thought and the shuffled order of the options.

use super::experiment::GamesExperiment;
use super::strategies::llm::LlmParams;
use super::strategies::StrategyConfig;
use crate::error::ConfigError;
use crate::llm::factors::{check_known, flag, Factor, FactorValue};

const SOURCE: &str = "Akata et al. (2025)";

impl GamesExperiment {
    /// The first LLM player's parameters (of a match or a tournament).
    fn first_llm_player(&self) -> Option<&LlmParams> {
        let players = match self {
            GamesExperiment::Match(m) => &m.players[..],
            g => &g.tournament()?.players[..],
        };
        players.iter().find_map(|p| match p {
            StrategyConfig::Llm(l) => Some(l),
            _ => None,
        })
    }

    /// The prompt factors of the LLM players (those of the first; none without an LLM).
    pub fn llm_factors(&self) -> Vec<Factor> {
        let Some(p) = self.first_llm_player() else {
            return Vec::new();
        };
        vec![
            Factor::flag(
                "scot",
                "Social chain of thought",
                "First predict the other player's option, then choose (two calls per round).",
                SOURCE,
                p.scot,
            ),
            Factor::flag(
                "shuffle",
                "Shuffle the options",
                "Shuffle the order of the options in each question (as Akata et al. did).",
                SOURCE,
                p.shuffle,
            ),
        ]
    }

    /// Set factor `id` of every LLM player to `value`.
    pub fn set_llm_factor(&mut self, id: &str, value: &FactorValue) -> Result<(), ConfigError> {
        check_known(id, &self.llm_factors())?;
        let on = flag(id, value)?;
        for p in self.llm_players_mut() {
            if id == "scot" {
                p.scot = on;
            } else {
                p.shuffle = on;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::games::presets;

    #[test]
    fn two_flags_read_from_the_first_llm_player() {
        let e = presets::llm_scot_bos();
        let f = e.llm_factors();
        let ids: Vec<&str> = f.iter().map(|f| f.id).collect();
        assert_eq!(ids, ["scot", "shuffle"]);
        assert!(f.iter().all(|f| f.is_flag() && f.options.is_empty()));
        assert_eq!(
            f[0].value,
            FactorValue::Flag(true),
            "the SCoT preset uses SCoT"
        );
        let plain = presets::llm_vs_tft().llm_factors();
        assert_eq!(plain[0].value, FactorValue::Flag(false));
        assert_eq!(
            plain[1].value,
            FactorValue::Flag(true),
            "shuffled by default"
        );
    }

    #[test]
    fn setting_a_flag_sets_every_llm_player_and_keeps_the_experiment_valid() {
        let mut e = presets::llm_vs_tft();
        e.set_llm_factor("scot", &FactorValue::Flag(true)).unwrap();
        e.set_llm_factor("shuffle", &FactorValue::Flag(false))
            .unwrap();
        assert!(e.llm_players_mut().iter().all(|p| p.scot && !p.shuffle));
        let f = e.llm_factors();
        assert_eq!(f[0].value, FactorValue::Flag(true));
        assert_eq!(f[1].value, FactorValue::Flag(false));
        assert!(e.validate().is_ok());
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["players"][0]["scot"], true);
        assert_eq!(json["players"][0]["shuffle"], false);
    }

    #[test]
    fn bad_ids_and_values_are_refused() {
        let mut e = presets::llm_vs_tft();
        let before = e.clone();
        assert!(e
            .set_llm_factor("scot", &FactorValue::Choice("yes".into()))
            .is_err());
        let err = e
            .set_llm_factor("scenario", &FactorValue::Choice("ads".into()))
            .unwrap_err();
        assert!(err.message.contains("scot, shuffle"), "{err}");
        assert_eq!(e, before);
        let mut trust = presets::trust_no_noise();
        assert!(trust.llm_factors().is_empty());
        assert!(trust
            .set_llm_factor("scot", &FactorValue::Flag(true))
            .is_err());
    }
}
