//! Grudger Alternator: cooperate until the opponent defects once, then alternate D, C, D, ...
//! (PRISON project 1998; `axelrod.GrudgerAlternator`).

use super::{About, OppTally};
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

pub const ABOUT: About = About {
    name: "GrudgerAlternator",
    axelrod: "GrudgerAlternator",
    rules: "Cooperates until the opponent defects once, then alternates D, C, D, C, ...",
    memory: None,
    stochastic: false,
    source: "PRISON project (1998); axelrod.GrudgerAlternator.",
};

no_params!(
    GrudgerAlternatorParams,
    "GrudgerAlternator",
    GrudgerAlternator
);

#[derive(Default)]
pub struct GrudgerAlternator {
    tally: OppTally,
}

impl Strategy for GrudgerAlternator {
    fn act(
        &mut self,
        own: &[Action],
        opp: &[Action],
        _game: &GameConfig,
        _rng: &mut Rng,
    ) -> Action {
        if self.tally.update(opp).defections() > 0 && own.last() == Some(&Action::C) {
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
        let s = StrategyConfig::by_kind("GrudgerAlternator").unwrap();
        assert_eq!(replay(&s, "CDCCCC"), "CCDCDCD");
    }
}
