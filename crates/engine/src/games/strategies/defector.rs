//! Defector: always defects, `D, D, D, ...` (Axelrod library, `axelrod.Defector`).
//! The dominant action of the one-shot prisoner's dilemma played every round.

use super::About;
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

pub const ABOUT: About = About {
    name: "Defector",
    axelrod: "Defector",
    rules: "Always defects.",
    memory: Some(0),
    stochastic: false,
    source: "Axelrod library (axelrod.Defector); Always Cheat in The Evolution of Trust.",
};

no_params!(DefectorParams, "Defector", Defector);

#[derive(Default)]
pub struct Defector;

impl Strategy for Defector {
    fn act(
        &mut self,
        _own: &[Action],
        _opp: &[Action],
        _game: &GameConfig,
        _rng: &mut Rng,
    ) -> Action {
        Action::D
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
    fn always_defects() {
        let s = StrategyConfig::by_kind("Defector").unwrap();
        assert_eq!(replay(&s, "CCDC"), "DDDDD");
    }
}
