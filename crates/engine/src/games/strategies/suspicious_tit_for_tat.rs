//! Suspicious Tit For Tat: defect first, then copy the opponent's previous move (Beaufils,
//! Delahaye & Mathieu 1996; `axelrod.SuspiciousTitForTat`).

use super::About;
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

pub const ABOUT: About = About {
    name: "Suspicious Tit For Tat",
    axelrod: "SuspiciousTitForTat",
    rules: "Defects first, then copies the opponent's previous move.",
    memory: Some(1),
    stochastic: false,
    source: "Beaufils, Delahaye & Mathieu (1996); axelrod.SuspiciousTitForTat.",
};

no_params!(
    SuspiciousTitForTatParams,
    "Suspicious Tit For Tat",
    SuspiciousTitForTat
);

#[derive(Default)]
pub struct SuspiciousTitForTat;

impl Strategy for SuspiciousTitForTat {
    fn act(
        &mut self,
        _own: &[Action],
        opp: &[Action],
        _game: &GameConfig,
        _rng: &mut Rng,
    ) -> Action {
        opp.last().copied().unwrap_or(Action::D)
    }
    fn reset(&mut self) {}
    fn about(&self) -> &'static About {
        &ABOUT
    }
}

#[cfg(test)]
mod tests {
    use crate::games::strategies::{replay, StrategyConfig};

    #[test]
    fn defects_first_then_copies() {
        let s = StrategyConfig::by_kind("SuspiciousTitForTat").unwrap();
        assert_eq!(replay(&s, "CDCC"), "DCDCC");
    }
}
