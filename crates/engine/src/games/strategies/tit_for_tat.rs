//! Tit For Tat: cooperate first, then copy the opponent's previous move (Rapoport's entry,
//! winner of Axelrod's first tournament, 1980; `axelrod.TitForTat`; Copycat in The Evolution
//! of Trust).

use super::About;
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

pub const ABOUT: About = About {
    name: "Tit For Tat",
    axelrod: "TitForTat",
    rules: "Cooperates first, then copies the opponent's previous move.",
    memory: Some(1),
    stochastic: false,
    source: "Rapoport; Axelrod (1980), J. Conflict Resolution 24; axelrod.TitForTat.",
};

no_params!(TitForTatParams, "Tit For Tat", TitForTat);

#[derive(Default)]
pub struct TitForTat;

impl Strategy for TitForTat {
    fn act(
        &mut self,
        _own: &[Action],
        opp: &[Action],
        _game: &GameConfig,
        _rng: &mut Rng,
    ) -> Action {
        opp.last().copied().unwrap_or(Action::C)
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
    fn cooperates_then_copies() {
        let s = StrategyConfig::by_kind("TitForTat").unwrap();
        assert_eq!(replay(&s, ""), "C");
        assert_eq!(replay(&s, "DCDDC"), "CDCDDC");
    }
}
