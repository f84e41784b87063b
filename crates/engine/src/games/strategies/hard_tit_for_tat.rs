//! Hard Tit For Tat: cooperate first; defect if the opponent defected in any of the last three
//! rounds (`axelrod.HardTitForTat`).

use super::About;
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

pub const ABOUT: About = About {
    name: "Hard Tit For Tat",
    axelrod: "HardTitForTat",
    rules: "Cooperates unless the opponent defected in any of the last three rounds.",
    memory: Some(3),
    stochastic: false,
    source: "PRISON project (Mathieu & Delahaye); axelrod.HardTitForTat.",
};

no_params!(HardTitForTatParams, "Hard Tit For Tat", HardTitForTat);

#[derive(Default)]
pub struct HardTitForTat;

impl Strategy for HardTitForTat {
    fn act(
        &mut self,
        _own: &[Action],
        opp: &[Action],
        _game: &GameConfig,
        _rng: &mut Rng,
    ) -> Action {
        if opp[opp.len().saturating_sub(3)..].contains(&Action::D) {
            Action::D
        } else {
            Action::C
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
    fn remembers_a_defection_for_three_rounds() {
        let s = StrategyConfig::by_kind("HardTitForTat").unwrap();
        assert_eq!(replay(&s, "CDCCCC"), "CCDDDCC");
    }
}
