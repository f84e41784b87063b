//! Two Tits For Tat: defect if the opponent defected in either of the last two rounds, so
//! each defection is answered twice (Axelrod 1984; `axelrod.TwoTitsForTat`).

use super::About;
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

pub const ABOUT: About = About {
    name: "Two Tits For Tat",
    axelrod: "TwoTitsForTat",
    rules: "Answers each defection with two: defects if the opponent defected in either of the last two rounds.",
    memory: Some(2),
    stochastic: false,
    source: "Axelrod (1984), The Evolution of Cooperation; axelrod.TwoTitsForTat.",
};

no_params!(TwoTitsForTatParams, "Two Tits For Tat", TwoTitsForTat);

#[derive(Default)]
pub struct TwoTitsForTat;

impl Strategy for TwoTitsForTat {
    fn act(
        &mut self,
        _own: &[Action],
        opp: &[Action],
        _game: &GameConfig,
        _rng: &mut Rng,
    ) -> Action {
        let recent = &opp[opp.len().saturating_sub(2)..];
        if recent.contains(&Action::D) {
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
    fn answers_each_defection_twice() {
        let s = StrategyConfig::by_kind("TwoTitsForTat").unwrap();
        assert_eq!(replay(&s, "CDCCCDD"), "CCDDCCDD");
    }
}
