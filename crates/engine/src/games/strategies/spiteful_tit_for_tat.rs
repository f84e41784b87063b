//! Spiteful Tit For Tat: Tit For Tat until the opponent defects twice in a row, then defect
//! for the rest of the match (PRISON project 1998; `axelrod.SpitefulTitForTat`).

use super::{About, OppTally};
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

pub const ABOUT: About = About {
    name: "Spiteful Tit For Tat",
    axelrod: "SpitefulTitForTat",
    rules: "Plays Tit For Tat until the opponent defects twice in a row, then always defects.",
    memory: None,
    stochastic: false,
    source: "PRISON project (1998); axelrod.SpitefulTitForTat.",
};

no_params!(
    SpitefulTitForTatParams,
    "Spiteful Tit For Tat",
    SpitefulTitForTat
);

#[derive(Default)]
pub struct SpitefulTitForTat {
    tally: OppTally,
}

impl Strategy for SpitefulTitForTat {
    fn act(
        &mut self,
        _own: &[Action],
        opp: &[Action],
        _game: &GameConfig,
        _rng: &mut Rng,
    ) -> Action {
        if self.tally.update(opp).two_defections_in_a_row() {
            return Action::D;
        }
        opp.last().copied().unwrap_or(Action::C)
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
        let s = StrategyConfig::by_kind("SpitefulTitForTat").unwrap();
        assert_eq!(replay(&s, "CDCDDCC"), "CCDCDDDD");
    }
}
