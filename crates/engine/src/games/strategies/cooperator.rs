//! Cooperator: always cooperates, `C, C, C, ...` (Axelrod library, `axelrod.Cooperator`).
//! Exploited by every defector; the sucker of Axelrod's tournaments.

use super::About;
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

pub const ABOUT: About = About {
    name: "Cooperator",
    axelrod: "Cooperator",
    rules: "Always cooperates.",
    memory: Some(0),
    stochastic: false,
    source: "Axelrod library (axelrod.Cooperator); Always Cooperate in The Evolution of Trust.",
};

no_params!(CooperatorParams, "Cooperator", Cooperator);

#[derive(Default)]
pub struct Cooperator;

impl Strategy for Cooperator {
    fn act(
        &mut self,
        _own: &[Action],
        _opp: &[Action],
        _game: &GameConfig,
        _rng: &mut Rng,
    ) -> Action {
        Action::C
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
    fn always_cooperates() {
        let s = StrategyConfig::by_kind("Cooperator").unwrap();
        assert_eq!(replay(&s, "DDCD"), "CCCCC");
    }
}
