//! Grudger: cooperate until the opponent defects once, then defect forever (Friedman 1971's
//! grim trigger; `axelrod.Grudger`).

use super::{About, OppTally};
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

pub const ABOUT: About = About {
    name: "Grudger",
    axelrod: "Grudger",
    rules: "Cooperates until the opponent defects once, then defects for the rest of the match.",
    memory: None,
    stochastic: false,
    source: "Friedman (1971), Rev. Econ. Studies 38 (grim trigger); axelrod.Grudger.",
};

no_params!(GrudgerParams, "Grudger", Grudger);

#[derive(Default)]
pub struct Grudger {
    tally: OppTally,
}

impl Strategy for Grudger {
    fn act(
        &mut self,
        _own: &[Action],
        opp: &[Action],
        _game: &GameConfig,
        _rng: &mut Rng,
    ) -> Action {
        if self.tally.update(opp).defections() > 0 {
            Action::D
        } else {
            Action::C
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
    fn never_forgives() {
        let s = StrategyConfig::by_kind("Grudger").unwrap();
        assert_eq!(replay(&s, "CCDCCC"), "CCCDDDD");
    }
}
