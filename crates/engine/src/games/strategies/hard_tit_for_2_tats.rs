//! Hard Tit For 2 Tats: cooperate unless the opponent defected twice in a row within its last
//! three moves (Stewart & Plotkin 2012; `axelrod.HardTitFor2Tats`).

use super::About;
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

pub const ABOUT: About = About {
    name: "Hard Tit For 2 Tats",
    axelrod: "HardTitFor2Tats",
    rules: "Cooperates unless the opponent's last three moves contain two defections in a row.",
    memory: Some(3),
    stochastic: false,
    source: "Stewart & Plotkin (2012), PNAS 109; axelrod.HardTitFor2Tats.",
};

no_params!(
    HardTitFor2TatsParams,
    "Hard Tit For 2 Tats",
    HardTitFor2Tats
);

#[derive(Default)]
pub struct HardTitFor2Tats;

impl Strategy for HardTitFor2Tats {
    fn act(
        &mut self,
        _own: &[Action],
        opp: &[Action],
        _game: &GameConfig,
        _rng: &mut Rng,
    ) -> Action {
        let recent = &opp[opp.len().saturating_sub(3)..];
        if recent.windows(2).any(|w| w == [Action::D, Action::D]) {
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
    fn follows_its_rules() {
        let s = StrategyConfig::by_kind("HardTitFor2Tats").unwrap();
        // The opponent's last three before each move: (), (D), (DC), (DCD), (CDD) has DD,
        // (DDC) has DD, (DCC), (CCC).
        assert_eq!(replay(&s, "DCDDCCC"), "CCCCDDCC");
    }
}
