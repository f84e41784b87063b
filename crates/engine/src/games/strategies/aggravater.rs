//! Aggravater: Grudger that defects in the first three rounds whatever happens
//! (`axelrod.Aggravater`).

use super::{About, OppTally};
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

pub const ABOUT: About = About {
    name: "Aggravater",
    axelrod: "Aggravater",
    rules:
        "Defects in the first three rounds, then cooperates unless the opponent has ever defected.",
    memory: None,
    stochastic: false,
    source: "Axelrod library (axelrod.Aggravater).",
};

no_params!(AggravaterParams, "Aggravater", Aggravater);

#[derive(Default)]
pub struct Aggravater {
    tally: OppTally,
}

impl Strategy for Aggravater {
    fn act(
        &mut self,
        _own: &[Action],
        opp: &[Action],
        _game: &GameConfig,
        _rng: &mut Rng,
    ) -> Action {
        if opp.len() < 3 || self.tally.update(opp).defections() > 0 {
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
    fn follows_its_rules() {
        let s = StrategyConfig::by_kind("Aggravater").unwrap();
        assert_eq!(replay(&s, "CCCCC"), "DDDCCC");
        assert_eq!(replay(&s, "CDCCC"), "DDDDDD");
    }
}
