//! Go By Majority (soft): cooperate while the opponent has cooperated at least as often as it
//! has defected (ties, including the first move, cooperate); otherwise defect
//! (Axelrod 1984; `axelrod.GoByMajority` with its defaults: whole history, soft).

use super::{About, OppTally};
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

pub const ABOUT: About = About {
    name: "Go By Majority",
    axelrod: "GoByMajority",
    rules: "Cooperates if the opponent has cooperated at least as often as it defected so far (so it starts with C); otherwise defects.",
    memory: None,
    stochastic: false,
    source: "Axelrod (1984); axelrod.GoByMajority (soft, whole history).",
};

no_params!(GoByMajorityParams, "Go By Majority", GoByMajority);

#[derive(Default)]
pub struct GoByMajority {
    tally: OppTally,
}

impl Strategy for GoByMajority {
    fn act(
        &mut self,
        _own: &[Action],
        opp: &[Action],
        _game: &GameConfig,
        _rng: &mut Rng,
    ) -> Action {
        let t = self.tally.update(opp);
        let (c, d) = (t.cooperations(), t.defections());
        if d > c {
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
    fn follows_the_majority_and_breaks_ties_with_c() {
        let s = StrategyConfig::by_kind("GoByMajority").unwrap();
        // Opponent tallies before each move: 0-0 C, 0D1 D, 1-1 C, 1-2 D, 2-2 C, 3-2 C.
        assert_eq!(replay(&s, "DCDCC"), "CDCDCC");
    }
}
