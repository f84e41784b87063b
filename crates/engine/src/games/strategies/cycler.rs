//! Cycler: repeat a fixed pattern of moves, ignoring the opponent; Axelrod's CyclerCCD,
//! CyclerDDC, CyclerCCCD, CyclerCCCCCD and CyclerDC are the patterns "CCD", "DDC", "CCCD",
//! "CCCCCD" and "DC" (`axelrod.Cycler`, default "CCD").

use super::About;
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

use crate::error::ConfigError;
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "Cycler",
    axelrod: "Cycler",
    rules: "Plays a fixed pattern of moves over and over (for example C, C, D), whatever the opponent does.",
    memory: None,
    stochastic: false,
    source: "Axelrod library (axelrod.Cycler: CyclerCCD, CyclerDDC, CyclerCCCD, CyclerCCCCCD, CyclerDC).",
};

/// Longest pattern accepted.
pub const MAX_CYCLE: usize = 100;

/// The pattern, e.g. "CCD".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct CyclerParams {
    pub cycle: String,
}

impl Default for CyclerParams {
    fn default() -> Self {
        CyclerParams {
            cycle: "CCD".into(),
        }
    }
}

impl CyclerParams {
    pub fn validate(&self) -> Result<(), ConfigError> {
        let moves = Action::parse_seq(&self.cycle).map_err(|m| ConfigError::new("cycle", m))?;
        if moves.is_empty() || moves.len() > MAX_CYCLE {
            return Err(ConfigError::new(
                "cycle",
                format!("needs 1 to {MAX_CYCLE} moves, like \"CCD\""),
            ));
        }
        Ok(())
    }
    pub fn label(&self) -> String {
        format!("Cycler {}", self.cycle.to_uppercase())
    }
    pub fn build(&self) -> Box<dyn Strategy> {
        let mut cycle = Action::parse_seq(&self.cycle).unwrap_or_default();
        if cycle.is_empty() {
            cycle.push(Action::C);
        }
        Box::new(Cycler { cycle })
    }
}

pub struct Cycler {
    cycle: Vec<Action>,
}

impl Strategy for Cycler {
    fn act(
        &mut self,
        own: &[Action],
        _opp: &[Action],
        _game: &GameConfig,
        _rng: &mut Rng,
    ) -> Action {
        self.cycle[own.len() % self.cycle.len()]
    }
    fn reset(&mut self) {}
    fn about(&self) -> &'static About {
        &ABOUT
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::games::strategies::{replay, StrategyConfig};

    #[test]
    fn repeats_the_pattern() {
        let s = StrategyConfig::by_kind("Cycler").unwrap();
        assert_eq!(replay(&s, "DDDDDDD"), "CCDCCDCC");
        let dc = StrategyConfig::Cycler(CyclerParams { cycle: "DC".into() });
        assert_eq!(replay(&dc, "CCCC"), "DCDCD");
        assert_eq!(dc.label(), "Cycler DC");
    }

    #[test]
    fn explains_a_bad_pattern() {
        let bad = CyclerParams {
            cycle: "CXD".into(),
        };
        let e = bad.validate().unwrap_err();
        assert_eq!(e.field, "cycle");
        assert!(e.message.contains("'X'"));
        assert!(CyclerParams { cycle: "".into() }.validate().is_err());
    }
}
