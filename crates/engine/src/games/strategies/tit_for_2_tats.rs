//! Tit For 2 Tats: defect only if the opponent defected in both of the last two rounds
//! (Axelrod 1984, the entry that would have won his first tournament; `axelrod.TitFor2Tats`;
//! Copykitten in The Evolution of Trust).

use super::About;
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

pub const ABOUT: About = About {
    name: "Tit For 2 Tats",
    axelrod: "TitFor2Tats",
    rules: "Cooperates unless the opponent defected in each of the last two rounds.",
    memory: Some(2),
    stochastic: false,
    source: "Axelrod (1984), The Evolution of Cooperation; axelrod.TitFor2Tats.",
};

no_params!(TitFor2TatsParams, "Tit For 2 Tats", TitFor2Tats);

#[derive(Default)]
pub struct TitFor2Tats;

impl Strategy for TitFor2Tats {
    fn act(
        &mut self,
        _own: &[Action],
        opp: &[Action],
        _game: &GameConfig,
        _rng: &mut Rng,
    ) -> Action {
        if opp.len() >= 2 && opp[opp.len() - 2..] == [Action::D, Action::D] {
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
    fn retaliates_after_two_defections() {
        let s = StrategyConfig::by_kind("TitFor2Tats").unwrap();
        assert_eq!(replay(&s, "DCDDDC"), "CCCCDDC");
    }
}
