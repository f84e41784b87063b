//! EasyGo (reverse Grudger): defect until the opponent defects once, then cooperate forever
//! (PRISON project 1998; `axelrod.EasyGo`).

use super::{About, OppTally};
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

pub const ABOUT: About = About {
    name: "EasyGo",
    axelrod: "EasyGo",
    rules: "Defects until the opponent defects once, then always cooperates.",
    memory: None,
    stochastic: false,
    source: "PRISON project (1998); axelrod.EasyGo.",
};

no_params!(EasyGoParams, "EasyGo", EasyGo);

#[derive(Default)]
pub struct EasyGo {
    tally: OppTally,
}

impl Strategy for EasyGo {
    fn act(
        &mut self,
        _own: &[Action],
        opp: &[Action],
        _game: &GameConfig,
        _rng: &mut Rng,
    ) -> Action {
        if self.tally.update(opp).defections() > 0 {
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
        let s = StrategyConfig::by_kind("EasyGo").unwrap();
        assert_eq!(replay(&s, "CCDCC"), "DDDCCC");
    }
}
