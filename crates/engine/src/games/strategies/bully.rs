//! Bully (reverse Tit For Tat): defect first, then play the opposite of the opponent's
//! previous move (Nachbar 1992; `axelrod.Bully`).

use super::About;
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

pub const ABOUT: About = About {
    name: "Bully",
    axelrod: "Bully",
    rules: "Defects first, then does the opposite of the opponent's previous move.",
    memory: Some(1),
    stochastic: false,
    source: "Nachbar (1992), J. Econ. Behavior & Organization 19; axelrod.Bully.",
};

no_params!(BullyParams, "Bully", Bully);

#[derive(Default)]
pub struct Bully;

impl Strategy for Bully {
    fn act(
        &mut self,
        _own: &[Action],
        opp: &[Action],
        _game: &GameConfig,
        _rng: &mut Rng,
    ) -> Action {
        match opp.last() {
            Some(a) => a.flip(),
            None => Action::D,
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
    fn does_the_opposite() {
        let s = StrategyConfig::by_kind("Bully").unwrap();
        assert_eq!(replay(&s, "CCDC"), "DDDCD");
    }
}
