//! Forgiving Tit For Tat: cooperate, except defect when the opponent's last move was D and
//! it has defected in more than 10 % of all rounds so far (`axelrod.ForgivingTitForTat`).

use super::{About, OppTally};
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

pub const ABOUT: About = About {
    name: "Forgiving Tit For Tat",
    axelrod: "ForgivingTitForTat",
    rules: "Cooperates; copies a defection only if the opponent has defected in more than 10% of the rounds so far.",
    memory: None,
    stochastic: false,
    source: "Axelrod library (axelrod.ForgivingTitForTat).",
};

no_params!(
    ForgivingTitForTatParams,
    "Forgiving Tit For Tat",
    ForgivingTitForTat
);

#[derive(Default)]
pub struct ForgivingTitForTat {
    tally: OppTally,
}

impl Strategy for ForgivingTitForTat {
    fn act(
        &mut self,
        _own: &[Action],
        opp: &[Action],
        _game: &GameConfig,
        _rng: &mut Rng,
    ) -> Action {
        let d = self.tally.update(opp).defections();
        if (d as f64) > opp.len() as f64 / 10.0 && opp.last() == Some(&Action::D) {
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
    fn forgives_rare_defections_only() {
        let s = StrategyConfig::by_kind("ForgivingTitForTat").unwrap();
        // After 10 Cs and one D: 1 defection in 11 rounds (9 %) is forgiven.
        assert_eq!(replay(&s, "CCCCCCCCCCD"), "CCCCCCCCCCCC");
        // A second D: 2 in 12 rounds (17 %) is answered; the C after it is not.
        assert_eq!(&replay(&s, "CCCCCCCCCCDDC")[11..], "CDC");
        // First move: no defections at all.
        assert_eq!(replay(&s, "D"), "CD");
    }
}
