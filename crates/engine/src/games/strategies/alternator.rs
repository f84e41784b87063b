//! Alternator: `C, D, C, D, ...`, each move the opposite of its own previous one
//! (`axelrod.Alternator`).

use super::About;
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

pub const ABOUT: About = About {
    name: "Alternator",
    axelrod: "Alternator",
    rules: "Cooperates first, then alternates: C, D, C, D, ...",
    memory: Some(1),
    stochastic: false,
    source: "Axelrod library (axelrod.Alternator).",
};

no_params!(AlternatorParams, "Alternator", Alternator);

#[derive(Default)]
pub struct Alternator;

impl Strategy for Alternator {
    fn act(
        &mut self,
        own: &[Action],
        _opp: &[Action],
        _game: &GameConfig,
        _rng: &mut Rng,
    ) -> Action {
        match own.last() {
            Some(a) => a.flip(),
            None => Action::C,
        }
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
    fn alternates_whatever_the_opponent_does() {
        let s = StrategyConfig::by_kind("Alternator").unwrap();
        assert_eq!(replay(&s, "DDDD"), "CDCDC");
    }
}
