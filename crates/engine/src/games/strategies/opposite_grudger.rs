//! Opposite Grudger: defect until the opponent cooperates once, then cooperate forever
//! (`axelrod.OppositeGrudger`).

use super::{About, OppTally};
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

pub const ABOUT: About = About {
    name: "Opposite Grudger",
    axelrod: "OppositeGrudger",
    rules: "Defects until the opponent cooperates once, then always cooperates.",
    memory: None,
    stochastic: false,
    source: "Axelrod library (axelrod.OppositeGrudger).",
};

no_params!(OppositeGrudgerParams, "Opposite Grudger", OppositeGrudger);

#[derive(Default)]
pub struct OppositeGrudger {
    tally: OppTally,
}

impl Strategy for OppositeGrudger {
    fn act(
        &mut self,
        _own: &[Action],
        opp: &[Action],
        _game: &GameConfig,
        _rng: &mut Rng,
    ) -> Action {
        if self.tally.update(opp).cooperations() > 0 {
            Action::C
        } else {
            Action::D
        }
    }
    fn reset(&mut self) {
        self.tally = OppTally::default();
    }
    fn about(&self) -> &'static About {
        &ABOUT
    }
}

#[cfg(test)]
mod tests {
    use crate::games::strategies::{replay, StrategyConfig};

    #[test]
    fn follows_its_rules() {
        let s = StrategyConfig::by_kind("OppositeGrudger").unwrap();
        assert_eq!(replay(&s, "DDCDD"), "DDDCCC");
    }
}
