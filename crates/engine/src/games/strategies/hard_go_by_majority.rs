//! Hard Go By Majority: defect unless the opponent has cooperated strictly more often than it
//! has defected (ties, including the first move, defect) (`axelrod.HardGoByMajority`).

use super::{About, OppTally};
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

pub const ABOUT: About = About {
    name: "Hard Go By Majority",
    axelrod: "HardGoByMajority",
    rules: "Cooperates only if the opponent has cooperated strictly more often than it defected (so it starts with D).",
    memory: None,
    stochastic: false,
    source: "Axelrod library (axelrod.HardGoByMajority, whole history).",
};

no_params!(
    HardGoByMajorityParams,
    "Hard Go By Majority",
    HardGoByMajority
);

#[derive(Default)]
pub struct HardGoByMajority {
    tally: OppTally,
}

impl Strategy for HardGoByMajority {
    fn act(
        &mut self,
        _own: &[Action],
        opp: &[Action],
        _game: &GameConfig,
        _rng: &mut Rng,
    ) -> Action {
        let t = self.tally.update(opp);
        let (c, d) = (t.cooperations(), t.defections());
        if c > d {
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
    fn ties_defect() {
        let s = StrategyConfig::by_kind("HardGoByMajority").unwrap();
        // Opponent tallies before each move: 0-0 D, 1C0 C, 1-1 D, 2-1 C, 2-2 D.
        assert_eq!(replay(&s, "CDCD"), "DCDCD");
    }
}
